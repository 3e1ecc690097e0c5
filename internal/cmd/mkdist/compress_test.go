package main

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/andybalholm/brotli"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// The data folder of dist holds each subset file as IDX bytes that pass
// the published SHA-256, with a .gz and a .br beside it that decompress to
// the same bytes and are not older than it (the server ignores older ones).
// The committed brotli files are used as they are.
func TestWriteData(t *testing.T) {
	out := t.TempDir()
	brDir := filepath.Join("..", "..", "..", "assets", "brotli")
	before := map[string][]byte{}
	for _, f := range mnist.SubsetFiles() {
		n := f.Name[:len(f.Name)-len(".gz")] + ".br"
		b, err := os.ReadFile(filepath.Join(brDir, n))
		if err != nil {
			t.Fatalf("the committed brotli file is missing: %v", err)
		}
		before[n] = b
	}
	files, err := writeData(filepath.Join("..", "..", "..", "assets", "mnist-subset"), brDir, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 4 {
		t.Fatalf("%d data files in the manifest, want 4", len(files))
	}
	for i, f := range files {
		sub := mnist.SubsetFiles()[i]
		raw, err := os.ReadFile(filepath.Join(out, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.Verify(sub.Name, raw); err != nil || f.Size != int64(len(raw)) || f.Path != "data/"+f.Name {
			t.Errorf("%s: %v, manifest %+v for %d bytes", f.Name, err, f, len(raw))
		}
		info, _ := os.Stat(filepath.Join(out, f.Name))
		for _, enc := range []string{".gz", ".br"} {
			b, err := os.ReadFile(filepath.Join(out, f.Name+enc))
			if err != nil {
				t.Fatal(err)
			}
			var r io.Reader
			if enc == ".gz" {
				if r, err = gzip.NewReader(bytes.NewReader(b)); err != nil {
					t.Fatal(err)
				}
			} else {
				r = brotli.NewReader(bytes.NewReader(b))
				if !bytes.Equal(b, before[f.Name+".br"]) {
					t.Errorf("%s.br is not the committed file", f.Name)
				}
			}
			got, err := io.ReadAll(r)
			if err != nil || !bytes.Equal(got, raw) {
				t.Errorf("%s%s does not decompress to %s: %v", f.Name, enc, f.Name, err)
			}
			if si, _ := os.Stat(filepath.Join(out, f.Name+enc)); si.ModTime().Before(info.ModTime()) {
				t.Errorf("%s%s is older than %s", f.Name, enc, f.Name)
			}
			if len(b) >= len(raw) {
				t.Errorf("%s%s has %d bytes, %s %d", f.Name, enc, len(b), f.Name, len(raw))
			}
		}
	}
}

// A brotli file that does not decompress to the data is made again.
func TestDataBrotliRemakesStale(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x.br")
	raw := bytes.Repeat([]byte("mnist "), 1000)
	if err := os.WriteFile(path, []byte("stale"), 0o644); err != nil {
		t.Fatal(err)
	}
	br, err := dataBrotli(path, raw)
	if err != nil {
		t.Fatal(err)
	}
	kept, _ := os.ReadFile(path)
	got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(got, raw) || !bytes.Equal(kept, br) {
		t.Errorf("the stale file was not made again and kept: %v", err)
	}
}
