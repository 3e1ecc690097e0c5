package worker

import (
	"io/fs"
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/mnist"
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
	train, test, err := loadData(files)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := train.X.Dims(); r != 10000 || c != 784 {
		t.Errorf("train is %d×%d", r, c)
	}
	if r, _ := test.X.Dims(); r != 2000 {
		t.Errorf("test has %d rows", r)
	}
	bad := map[string][]byte{}
	for k, v := range files {
		bad[k] = v
	}
	delete(bad, "test-labels-idx1-ubyte.gz")
	if _, _, err := loadData(bad); err == nil {
		t.Error("a missing file was not noticed")
	}
	c := append([]byte(nil), files["train-labels-idx1-ubyte.gz"]...)
	c[len(c)-10] ^= 0xff
	bad["test-labels-idx1-ubyte.gz"] = files["test-labels-idx1-ubyte.gz"]
	bad["train-labels-idx1-ubyte.gz"] = c
	if _, _, err := loadData(bad); err == nil {
		t.Error("a corrupt file was not noticed")
	}
}

func BenchmarkLoadData(b *testing.B) {
	files := subsetFiles(b)
	for b.Loop() {
		if _, _, err := loadData(files); err != nil {
			b.Fatal(err)
		}
	}
}
