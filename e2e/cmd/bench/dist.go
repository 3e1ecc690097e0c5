//go:build e2e

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// snapshotDist copies the built app into a new temporary folder, so that a
// `make dist` that runs meanwhile (the end-to-end tests run one) cannot pull
// files away from under the bench. mkdist writes manifest.json last, so a
// copy is whole when manifest.json did not change while it was made and the
// sizes that it lists match the copies.
func snapshotDist(dist string) (string, error) {
	if err := kit.CheckDist(dist); err != nil {
		return "", err
	}
	var last error
	for range 10 {
		dir, err := snapshotOnce(dist)
		if err == nil {
			return dir, nil
		}
		last = err
		time.Sleep(time.Second)
	}
	return "", fmt.Errorf("%s kept changing while it was copied (is `make dist` running?): %w", dist, last)
}

func snapshotOnce(dist string) (string, error) {
	before, err := os.Stat(filepath.Join(dist, "manifest.json"))
	if err != nil {
		return "", err
	}
	dir, err := os.MkdirTemp("", "bpl-bench-dist-")
	if err != nil {
		return "", err
	}
	ok := false
	defer func() {
		if !ok {
			os.RemoveAll(dir)
		}
	}()
	err = filepath.WalkDir(dist, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, err := filepath.Rel(dist, path)
		if err != nil {
			return err
		}
		dst := filepath.Join(dir, rel)
		if d.IsDir() {
			return os.MkdirAll(dst, 0o755)
		}
		return copyFile(path, dst)
	})
	if err != nil {
		return "", err
	}
	after, err := os.Stat(filepath.Join(dist, "manifest.json"))
	if err != nil {
		return "", err
	}
	if !after.ModTime().Equal(before.ModTime()) || after.Size() != before.Size() {
		return "", errors.New("manifest.json changed during the copy")
	}
	if err := kit.CheckDist(dir); err != nil {
		return "", err
	}
	buf, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return "", err
	}
	var m struct {
		Files []struct {
			Path string
			Size int64
		}
	}
	if err := json.Unmarshal(buf, &m); err != nil {
		return "", fmt.Errorf("manifest.json: %w", err)
	}
	for _, f := range m.Files {
		st, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f.Path)))
		if err != nil {
			return "", err
		}
		if st.Size() != f.Size {
			return "", fmt.Errorf("%s has %d bytes, manifest.json says %d", f.Path, st.Size(), f.Size)
		}
	}
	ok = true
	return dir, nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}
