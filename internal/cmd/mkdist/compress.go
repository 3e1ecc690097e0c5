package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/andybalholm/brotli"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// Brotli settings. A browser that accepts br (all current ones, on
// loopback too) gets FILE.br: about 28% smaller than gzip -9 for main.wasm
// and 16% for the MNIST images. Quality 11 takes minutes for the data, so
// the data's .br files are made once and kept in the repository (dataBrotli
// checks them); the program's own files change with every build and get a
// quality that takes seconds.
const (
	buildQuality = 9  // main.wasm and the text files, at every build
	dataQuality  = 11 // the data, once
	brotliWindow = 24 // log2 of the window: 16 MB, the most brotli allows
)

// brotliBytes compresses b.
func brotliBytes(b []byte, quality int) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterOptions(&buf, brotli.WriterOptions{Quality: quality, LGWin: brotliWindow})
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compressFile writes name.gz and name.br beside name.
func compressFile(name string) error {
	b, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	var gz bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if _, err := zw.Write(b); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := os.WriteFile(name+".gz", gz.Bytes(), 0o644); err != nil {
		return err
	}
	br, err := brotliBytes(b, buildQuality)
	if err != nil {
		return err
	}
	return os.WriteFile(name+".br", br, 0o644)
}

// writeData writes each file of the bundled subset into outDir as the
// browser should receive it: FILE (the IDX bytes, without ".gz"), with
// FILE.gz (the stored file itself, which is a valid gzip Content-Encoding
// of FILE) and FILE.br beside it. The .br files come from brDir, where
// they are made (slowly) if missing or stale. Every file is checked: the
// IDX bytes against the published SHA-256, the .br against the IDX bytes.
func writeData(dataDir, brDir, outDir string) ([]file, error) {
	var files []file
	for _, f := range mnist.SubsetFiles() {
		gz, err := os.ReadFile(filepath.Join(dataDir, f.Name))
		if err != nil {
			return nil, err
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f.Name, err)
		}
		if err := mnist.Verify(f.Name, raw); err != nil {
			return nil, err
		}
		name := strings.TrimSuffix(f.Name, ".gz")
		br, err := dataBrotli(filepath.Join(brDir, name+".br"), raw)
		if err != nil {
			return nil, err
		}
		dst := filepath.Join(outDir, name)
		// The file first: the server ignores a sibling older than it.
		for _, w := range []struct {
			path string
			b    []byte
		}{{dst, raw}, {dst + ".gz", gz}, {dst + ".br", br}} {
			if err := os.WriteFile(w.path, w.b, 0o644); err != nil {
				return nil, err
			}
		}
		files = append(files, file{Name: name, Path: "data/" + name, Size: int64(len(raw))})
	}
	return files, nil
}

// dataBrotli returns the brotli file at path if it decompresses to raw,
// and else makes it (and writes it there, to be committed).
func dataBrotli(path string, raw []byte) ([]byte, error) {
	if br, err := os.ReadFile(path); err == nil {
		got, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
		if err == nil && bytes.Equal(got, raw) {
			return br, nil
		}
		fmt.Fprintf(os.Stderr, "mkdist: %s does not decompress to the data; making it again\n", path)
	}
	fmt.Fprintf(os.Stderr, "mkdist: compressing %s with brotli (a minute or two; commit it)\n", path)
	br, err := brotliBytes(raw, dataQuality)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	return br, os.WriteFile(path, br, 0o644)
}
