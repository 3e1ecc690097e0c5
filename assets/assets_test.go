package assets

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"errors"
	"io"
	"io/fs"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/backprop-lab/backprop-lab/mnist"
)

func TestMNISTSubset(t *testing.T) {
	set, err := MNISTSubset()
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name     string
		split    mnist.Split
		n, digit int
	}{
		{"train", set.Train, 10000, 1000},
		{"test", set.Test, 2000, 200},
	} {
		im := c.split.Images
		if im.N != c.n || len(c.split.Labels) != c.n || im.Rows != 28 || im.Cols != 28 || len(im.Pix) != c.n*784 {
			t.Errorf("%s: %d images of %d×%d, %d pixels, %d labels; want %d of 28×28, %d pixels, %d labels",
				c.name, im.N, im.Rows, im.Cols, len(im.Pix), len(c.split.Labels), c.n, c.n*784, c.n)
		}
		var count [10]int
		for _, l := range c.split.Labels {
			count[l]++
		}
		for d, k := range count {
			if k != c.digit {
				t.Errorf("%s: %d images of digit %d, want %d", c.name, k, d, c.digit)
			}
		}
		// Every image has ink, and its border row is background, as in
		// MNIST (digits are centred in a 20×20 box).
		for i := range im.N {
			img := im.Image(i)
			if slices.Max(img) == 0 || slices.Max(img[:28]) != 0 {
				t.Errorf("%s image %d: max pixel %d, max of first row %d; want ink and a blank first row",
					c.name, i, slices.Max(img), slices.Max(img[:28]))
				break
			}
		}
	}
	// Each call returns a set of its own.
	again, err := MNISTSubset()
	if err != nil {
		t.Fatal(err)
	}
	again.Train.Images.Pix[0] = 1
	if set.Train.Images.Pix[0] != 0 {
		t.Error("two calls share pixel memory")
	}
}

// The subset's files decompressed (as a browser hands them over after
// fetching them with Content-Encoding) load to the same set.
func TestMNISTSubsetDecompressed(t *testing.T) {
	want, err := MNISTSubset()
	if err != nil {
		t.Fatal(err)
	}
	var r [4]io.Reader
	var files [4][]byte
	var sums [4][32]byte
	for i, f := range mnist.SubsetFiles() {
		b, err := fs.ReadFile(MNISTSubsetFS(), f.Name)
		if err != nil {
			t.Fatal(err)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		raw, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if mnist.IsGzip(raw) || !mnist.IsGzip(b) {
			t.Fatalf("%s: IsGzip does not tell the file from its content", f.Name)
		}
		r[i] = bytes.NewReader(raw)
		files[i], sums[i] = raw, sha256.Sum256(raw)
	}
	got, err := mnist.LoadSubset(r[0], r[1], r[2], r[3])
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Train.Images.Pix, want.Train.Images.Pix) || !bytes.Equal(got.Test.Labels, want.Test.Labels) {
		t.Error("the decompressed files load to another set")
	}
	// The same with sums computed outside (the worker's crypto.subtle path).
	summed, err := mnist.LoadSubsetSummed(files, sums)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(summed.Train.Images.Pix, want.Train.Images.Pix) || !bytes.Equal(summed.Test.Images.Pix, want.Test.Images.Pix) ||
		!bytes.Equal(summed.Train.Labels, want.Train.Labels) || !bytes.Equal(summed.Test.Labels, want.Test.Labels) {
		t.Error("LoadSubsetSummed loads another set")
	}
	// A sum that is not the published one, or a file of another size.
	bad := sums
	bad[2][0] ^= 1
	var ce *mnist.ChecksumError
	if _, err := mnist.LoadSubsetSummed(files, bad); !errors.As(err, &ce) || ce.Name != "test-images-idx3-ubyte.gz" {
		t.Errorf("a wrong sum of the test images gives %v, want a checksum error naming them", err)
	}
	short := files
	short[1] = short[1][:len(short[1])-1]
	if _, err := mnist.LoadSubsetSummed(short, sums); !errors.As(err, &ce) || ce.Name != "train-labels-idx1-ubyte.gz" || ce.GotSize != len(short[1]) {
		t.Errorf("a short train labels file gives %v, want a checksum error naming it with its size", err)
	}
}

func TestMNISTSubsetFS(t *testing.T) {
	fsys := MNISTSubsetFS()
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		t.Fatal(err)
	}
	var names, want []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	for _, f := range mnist.SubsetFiles() {
		want = append(want, f.Name)
	}
	slices.Sort(want)
	if !slices.Equal(names, want) {
		t.Fatalf("MNISTSubsetFS holds %q, want %q", names, want)
	}
	// The files as served verify one by one, as the browser worker checks them.
	for _, f := range mnist.SubsetFiles() {
		gz, err := fs.ReadFile(fsys, f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if err := mnist.Verify(f.Name, gunzip(t, gz)); err != nil {
			t.Error(err)
		}
	}
}

func gunzip(t *testing.T, gz []byte) []byte {
	t.Helper()
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// corruptedCopy returns a copy of the embedded files in which the pixel at
// offset off of the decompressed file name is changed, recompressed so the
// gzip stream itself is valid.
func corruptedCopy(t *testing.T, name string, off int) fstest.MapFS {
	t.Helper()
	m := fstest.MapFS{}
	for _, f := range mnist.SubsetFiles() {
		gz, err := fs.ReadFile(MNISTSubsetFS(), f.Name)
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == name {
			raw := gunzip(t, gz)
			raw[off] ^= 0x01
			var buf bytes.Buffer
			zw := gzip.NewWriter(&buf)
			zw.Write(raw)
			if err := zw.Close(); err != nil {
				t.Fatal(err)
			}
			gz = buf.Bytes()
		}
		m[f.Name] = &fstest.MapFile{Data: gz}
	}
	return m
}

func TestCorruptedCopyFails(t *testing.T) {
	// An unchanged copy loads, so the failure below is due to the change.
	if _, err := loadSubset(corruptedCopy(t, "none", 0)); err != nil {
		t.Fatalf("an unchanged copy fails: %v", err)
	}
	const name = "test-images-idx3-ubyte.gz"
	_, err := loadSubset(corruptedCopy(t, name, 16+1000*784+400))
	var ce *mnist.ChecksumError
	if !errors.As(err, &ce) || !errors.Is(err, mnist.ErrChecksum) {
		t.Fatalf("error is %v, want a *mnist.ChecksumError", err)
	}
	const want = "780e99a56e963f3affe4791a03545a6ddbdc0904dd880c7f3c50753282177303"
	if ce.Name != name || ce.Want != want || ce.Got == want || len(ce.Got) != 64 {
		t.Errorf("checksum error is %+v, want file %s, want hash %s and another got hash", ce, name, want)
	}
	for _, part := range []string{name, ce.Got, want} {
		if !strings.Contains(err.Error(), part) {
			t.Errorf("error %q does not name %s", err, part)
		}
	}
}

func TestMissingFile(t *testing.T) {
	m := corruptedCopy(t, "none", 0)
	delete(m, "train-labels-idx1-ubyte.gz")
	_, err := loadSubset(m)
	if !errors.Is(err, fs.ErrNotExist) || !strings.HasPrefix(err.Error(), "assets: ") {
		t.Errorf("error is %v, want an assets: error wrapping fs.ErrNotExist", err)
	}
}
