package nn

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Dataset is a set of samples, one per row, and one class index per row.
// Trainer and Evaluate only read it, a batch of rows at a time (RowsTo,
// RangeTo).
//
// The samples are X (n×features) for a Dataset made as a literal, or bytes
// scaled by 1/255 when a row is read for one made by NewDataset: MNIST's
// 10,000 training images are 7.8 MB as bytes and 63 MB as float64, and in
// the browser making the float64 copy was most of loading the data.
type Dataset struct {
	X      *mat.Dense // nil for a Dataset made by NewDataset
	Labels []int

	pix  []uint8 // rows×cols bytes (NewDataset)
	cols int
}

// scaled is v/255 for each byte v, the value of a pixel (the book's
// normalize=True): a load instead of a division, the same numbers.
var scaled = func() (t [256]float64) {
	for v := range t {
		t[v] = float64(v) / 255
	}
	return t
}()

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
	l := make([]int, rows)
	for i, v := range labels {
		l[i] = int(v)
	}
	return Dataset{Labels: l, pix: append([]uint8(nil), pixels...), cols: cols}, nil
}

// Cols returns the number of features of a sample (0 for a zero Dataset).
func (d Dataset) Cols() int {
	if d.X != nil {
		return d.X.RawMatrix().Cols
	}
	return d.cols
}

// row writes sample r into dst (of length Cols).
func (d Dataset) row(dst []float64, r int) {
	if d.X != nil {
		copy(dst, d.X.RawRowView(r))
		return
	}
	src := d.pix[r*d.cols : (r+1)*d.cols]
	dst = dst[:len(src)]
	for i, v := range src {
		dst[i] = scaled[v]
	}
}

// RowsTo writes the samples idx into the rows of dst (len(idx)×Cols).
func (d Dataset) RowsTo(dst *mat.Dense, idx []int) {
	raw := dst.RawMatrix()
	if raw.Rows != len(idx) || raw.Cols != d.Cols() {
		panic(fmt.Sprintf("nn: RowsTo %d×%d for %d samples of %d features", raw.Rows, raw.Cols, len(idx), d.Cols()))
	}
	for i, r := range idx {
		d.row(raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols], r)
	}
}

// RangeTo writes the samples from, from+1, … into the rows of dst
// (rows×Cols).
func (d Dataset) RangeTo(dst *mat.Dense, from int) {
	raw := dst.RawMatrix()
	if raw.Cols != d.Cols() || from < 0 || from+raw.Rows > d.Len() {
		panic(fmt.Sprintf("nn: RangeTo %d×%d from sample %d of %d×%d", raw.Rows, raw.Cols, from, d.Len(), d.Cols()))
	}
	for i := range raw.Rows {
		d.row(raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols], from+i)
	}
}

// Rows returns samples i to j-1 as a new (j-i)×Cols matrix.
func (d Dataset) Rows(i, j int) *mat.Dense {
	x := mat.NewDense(j-i, d.Cols(), nil)
	d.RangeTo(x, i)
	return x
}

// Len returns the number of samples (0 for a zero Dataset).
func (d Dataset) Len() int { return len(d.Labels) }

// check returns n.CheckBatch's error for d.
func (d Dataset) check(n *TwoLayerNet) error {
	if d.X == nil && d.pix == nil {
		return errors.New("nn: dataset is empty")
	}
	if d.X != nil {
		return n.CheckBatch(d.X, d.Labels)
	}
	return n.checkShape(len(d.pix)/d.cols, d.cols, d.Labels)
}
