// Package assets embeds the data files that Backprop Lab ships: the MNIST
// subset in mnist-subset/ (the first 1,000 training and 200 test images of
// each digit; see package mnist).
//
// Only programs that need the data in their binary import this package
// (about 2 MB). The browser worker fetches the same files instead and checks
// them with mnist.LoadSubset, which needs no embedded data.
package assets

import (
	"embed"
	"fmt"
	"io"
	"io/fs"

	"github.com/backprop-lab/backprop-lab/mnist"
)

//go:embed mnist-subset/*.gz
var files embed.FS

// MNISTSubsetFS returns the gzip-compressed files of the MNIST subset, at the
// root of the file system: train-images-idx3-ubyte.gz,
// train-labels-idx1-ubyte.gz, test-images-idx3-ubyte.gz and
// test-labels-idx1-ubyte.gz (the names of mnist.SubsetFiles). A web build
// copies them from here; their bytes are not checked, their content is by
// [MNISTSubset] and mnist.LoadSubset.
func MNISTSubsetFS() fs.FS {
	sub, err := fs.Sub(files, "mnist-subset")
	if err != nil {
		// fs.Sub fails only for an invalid path name, and this one is a
		// constant.
		panic(err)
	}
	return sub
}

// MNISTSubset decodes the embedded MNIST subset: 10,000 training and 2,000
// test images of 28×28 pixels with their labels. It checks the SHA-256 of
// each decompressed file against the published value first; a mismatch
// gives an *mnist.ChecksumError naming the file and both hashes. Each call
// decodes afresh and returns a set that the caller owns (about 9.4 MB).
func MNISTSubset() (*mnist.Set, error) {
	return loadSubset(MNISTSubsetFS())
}

// loadSubset decodes and checks the subset files in fsys.
func loadSubset(fsys fs.FS) (*mnist.Set, error) {
	var r [4]io.Reader
	for i, f := range mnist.SubsetFiles() {
		file, err := fsys.Open(f.Name)
		if err != nil {
			return nil, fmt.Errorf("assets: %w", err)
		}
		defer file.Close()
		r[i] = file
	}
	return mnist.LoadSubset(r[0], r[1], r[2], r[3])
}
