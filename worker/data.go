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
func loadData(files map[string][]byte) (train, test nn.Dataset, err error) {
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
	if train, err = dataset(set.Train); err != nil {
		return train, test, err
	}
	test, err = dataset(set.Test)
	return train, test, err
}

func dataset(s mnist.Split) (nn.Dataset, error) {
	return nn.NewDataset(s.Images.Pix, s.Labels, s.Images.N, s.Images.Rows*s.Images.Cols)
}
