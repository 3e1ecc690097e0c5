package worker

import (
	"bytes"
	"fmt"
	"strings"

	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
)

// loadData decodes the four files of the bundled subset (IDX, as the page
// fetched them, or gzip'd IDX as stored), checks each against its published
// SHA-256 and returns the training and test sets scaled to [0,1].
//
// With sums (SHA-256 of the files as given, computed by the browser), the
// files are checked against those instead of being hashed again here; a
// file without a sum, or gzip'd, is hashed here.
func loadData(files map[string][]byte, sums map[string][32]byte) (train, test nn.Dataset, err error) {
	if set, ok, err := loadSummed(files, sums); ok || err != nil {
		if err != nil {
			return train, test, fmt.Errorf("the bundled MNIST data failed its check: %w", err)
		}
		return datasets(set)
	}
	var r [4]*bytes.Reader
	for i, f := range mnist.SubsetFiles() {
		b, ok := files[f.Name]
		if !ok {
			// The page fetches each file decompressed (the server sends it
			// with Content-Encoding) under its name without ".gz".
			b, ok = files[strings.TrimSuffix(f.Name, ".gz")]
		}
		if !ok {
			return train, test, fmt.Errorf("the data file %s is missing", f.Name)
		}
		r[i] = bytes.NewReader(b)
	}
	set, err := mnist.LoadSubset(r[0], r[1], r[2], r[3])
	if err != nil {
		return train, test, fmt.Errorf("the bundled MNIST data failed its check: %w", err)
	}
	return datasets(set)
}

// loadSummed loads the subset with mnist.LoadSubsetSummed when all four
// files are there decompressed, under their names without ".gz", each with
// its sum; ok is false otherwise.
func loadSummed(files map[string][]byte, sums map[string][32]byte) (set *mnist.Set, ok bool, err error) {
	var raw [4][]byte
	var sum [4][32]byte
	for i, f := range mnist.SubsetFiles() {
		name := strings.TrimSuffix(f.Name, ".gz")
		b, okb := files[name]
		s, oks := sums[name]
		if !okb || !oks || mnist.IsGzip(b) {
			return nil, false, nil
		}
		raw[i], sum[i] = b, s
	}
	set, err = mnist.LoadSubsetSummed(raw, sum)
	return set, true, err
}

// datasets scales the set's images to [0,1].
func datasets(set *mnist.Set) (train, test nn.Dataset, err error) {
	if train, err = dataset(set.Train); err != nil {
		return train, test, err
	}
	test, err = dataset(set.Test)
	return train, test, err
}

func dataset(s mnist.Split) (nn.Dataset, error) {
	return nn.NewDataset(s.Images.Pix, s.Labels, s.Images.N, s.Images.Rows*s.Images.Cols)
}
