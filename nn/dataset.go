package nn

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of samples: X (n×features, one sample per row) and one
// class index per row. Trainer and Evaluate only read it.
type Dataset struct {
	X      *mat.Dense
	Labels []int
}

// NewDataset makes a Dataset from rows samples of cols bytes each (e.g.
// 28×28 = 784 MNIST pixels, row-major) scaled to [0, 1] by /255 (the book's
// normalize=True), and one label per sample. It returns an error naming the
// value if rows or cols is not positive or a slice has the wrong length. It
// copies its inputs. Label ranges are checked against a net by
// TwoLayerNet.CheckBatch and NewTrainer.
func NewDataset(pixels []uint8, labels []uint8, rows, cols int) (Dataset, error) {
	if rows <= 0 {
		return Dataset{}, fmt.Errorf("nn: dataset rows %d must be positive", rows)
	}
	if cols <= 0 {
		return Dataset{}, fmt.Errorf("nn: dataset columns %d must be positive", cols)
	}
	if cols > MaxInput {
		return Dataset{}, fmt.Errorf("nn: dataset columns %d are too many (max %d)", cols, MaxInput)
	}
	if len(pixels)/cols != rows || len(pixels)%cols != 0 {
		return Dataset{}, fmt.Errorf("nn: dataset has %d pixels, want %d×%d", len(pixels), rows, cols)
	}
	if len(labels) != rows {
		return Dataset{}, fmt.Errorf("nn: dataset has %d labels for %d rows", len(labels), rows)
	}
	x := make([]float64, len(pixels))
	for i, p := range pixels {
		x[i] = float64(p) / 255
	}
	l := make([]int, rows)
	for i, v := range labels {
		l[i] = int(v)
	}
	return Dataset{X: mat.NewDense(rows, cols, x), Labels: l}, nil
}

// Len returns the number of samples (0 for a zero Dataset).
func (d Dataset) Len() int { return len(d.Labels) }

// check returns n.CheckBatch's error for d.
func (d Dataset) check(n *TwoLayerNet) error {
	if d.X == nil {
		return errors.New("nn: dataset is empty")
	}
	return n.CheckBatch(d.X, d.Labels)
}
