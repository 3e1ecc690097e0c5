package worker

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"io"
	"io/fs"
	"maps"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/mnist"
	"gonum.org/v1/gonum/mat"
)

func subsetFiles(t testing.TB) map[string][]byte {
	files := map[string][]byte{}
	for _, f := range mnist.SubsetFiles() {
		b, err := fs.ReadFile(assets.MNISTSubsetFS(), f.Name)
		if err != nil {
			t.Fatal(err)
		}
		files[f.Name] = b
	}
	return files
}

func TestLoadData(t *testing.T) {
	files := subsetFiles(t)
	train, test, err := loadData(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := train.Len(), train.Cols(); r != 10000 || c != 784 {
		t.Errorf("train is %d×%d", r, c)
	}
	if r := test.Len(); r != 2000 {
		t.Errorf("test has %d rows", r)
	}
	bad := map[string][]byte{}
	for k, v := range files {
		bad[k] = v
	}
	delete(bad, "test-labels-idx1-ubyte.gz")
	if _, _, err := loadData(bad, nil); err == nil {
		t.Error("a missing file was not noticed")
	}
	c := append([]byte(nil), files["train-labels-idx1-ubyte.gz"]...)
	c[len(c)-10] ^= 0xff
	bad["test-labels-idx1-ubyte.gz"] = files["test-labels-idx1-ubyte.gz"]
	bad["train-labels-idx1-ubyte.gz"] = c
	if _, _, err := loadData(bad, nil); err == nil {
		t.Error("a corrupt file was not noticed")
	}
}

// decompressed is files as the page hands them over: decompressed, under
// their names without ".gz".
func decompressed(t testing.TB, files map[string][]byte) map[string][]byte {
	out := map[string][]byte{}
	for k, v := range files {
		zr, err := gzip.NewReader(bytes.NewReader(v))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		out[strings.TrimSuffix(k, ".gz")] = raw
	}
	return out
}

func TestLoadDataDecompressed(t *testing.T) {
	files := subsetFiles(t)
	want, _, err := loadData(files, nil)
	if err != nil {
		t.Fatal(err)
	}
	raw := decompressed(t, files)
	got, _, err := loadData(raw, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got.Rows(0, got.Len()), want.Rows(0, want.Len())) {
		t.Error("the decompressed files load to other images")
	}
	// With the sums the browser computes: the same sets, without hashing.
	sums := map[string][32]byte{}
	for k, v := range raw {
		sums[k] = sha256.Sum256(v)
	}
	got, _, err = loadData(raw, sums)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(got.Rows(0, got.Len()), want.Rows(0, want.Len())) {
		t.Error("the decompressed files with their sums load to other images")
	}
	// A sum that is not the published one is refused as a checksum error.
	bad := maps.Clone(sums)
	b := bad["test-labels-idx1-ubyte"]
	b[0] ^= 1
	bad["test-labels-idx1-ubyte"] = b
	if _, _, err := loadData(raw, bad); err == nil || !strings.Contains(err.Error(), "sha-256") || !strings.Contains(err.Error(), "test-labels") {
		t.Errorf("a wrong sum of the test labels: %v, want a checksum error naming them", err)
	}
	raw["train-images-idx3-ubyte"][5000] ^= 1
	if _, _, err := loadData(raw, nil); err == nil || !strings.Contains(err.Error(), "sha-256") {
		t.Errorf("a corrupt decompressed file: %v, want a checksum error", err)
	}
}

func BenchmarkLoadData(b *testing.B) {
	files := subsetFiles(b)
	b.Run("gzip", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := loadData(files, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	raw := decompressed(b, files)
	b.Run("decompressed", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := loadData(raw, nil); err != nil {
				b.Fatal(err)
			}
		}
	})
	sums := map[string][32]byte{}
	for k, v := range raw {
		sums[k] = sha256.Sum256(v)
	}
	b.Run("summed", func(b *testing.B) {
		for b.Loop() {
			if _, _, err := loadData(raw, sums); err != nil {
				b.Fatal(err)
			}
		}
	})
}
