package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// crossEntropyEps is added to probabilities inside the log of the
// cross-entropy, as the book's delta = 1e-7 (section 4.2.2): a probability
// that underflowed to 0 would give log(0) = -Inf; with the epsilon a sample's
// loss is at most -log(1e-7) ≈ 16.1. Its effect on the gradient is
// negligible unless a probability is near 1e-7.
const crossEntropyEps = 1e-7

// SoftmaxWithLoss is the last layer of book section 5.6.3: softmax of the
// scores followed by the cross-entropy error. Its backward pass (dout = 1)
// is the famously simple dx = (y - t)/batch, where y are the probabilities
// and t the one-hot labels.
type SoftmaxWithLoss struct {
	divisor int
	x       *mat.Dense // scores of the last Forward, owned by the caller
	y       *mat.Dense // probabilities
	t       *mat.Dense // one-hot labels
	dx      *mat.Dense
	loss    float64
}

// NewSoftmaxWithLoss returns a SoftmaxWithLoss layer.
func NewSoftmaxWithLoss() *SoftmaxWithLoss { return &SoftmaxWithLoss{} }

// Name returns "SoftmaxWithLoss".
func (s *SoftmaxWithLoss) Name() string { return "SoftmaxWithLoss" }

// SetDivisor sets the count the loss and dx are divided by instead of the
// batch size; 0 restores the batch size. With the full batch's size as
// divisor, the losses and gradients of the parts of a batch add up to those
// of the whole batch. It panics if divisor < 0.
func (s *SoftmaxWithLoss) SetDivisor(divisor int) {
	if divisor < 0 {
		panic(fmt.Sprintf("nn: divisor %d must not be negative", divisor))
	}
	s.divisor = divisor
}

// Divisor returns the value set by SetDivisor (0: the batch size).
func (s *SoftmaxWithLoss) Divisor() int { return s.divisor }

// Forward takes scores x (batch×classes) and one class index per row and
// returns the mean cross-entropy -Σ log(y[i][labels[i]] + 1e-7) / batch of
// y = softmax(x). It modifies neither x nor labels; it keeps x until the next
// Forward. It panics if len(labels) is not the batch size or a label is not
// in [0, classes).
func (s *SoftmaxWithLoss) Forward(x *mat.Dense, labels []int) float64 {
	r, c := x.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("nn: %d labels for %d rows", len(labels), r))
	}
	s.t = reuse(s.t, r, c)
	tr := s.t.RawMatrix()
	for i, l := range labels {
		if l < 0 || l >= c {
			panic(fmt.Sprintf("nn: label %d of row %d is not in [0, %d)", l, i, c))
		}
		ti := tr.Data[i*tr.Stride : i*tr.Stride+c]
		clear(ti)
		ti[l] = 1
	}
	s.forward(x)
	yr := s.y.RawMatrix()
	var sum float64
	for i, l := range labels {
		sum += math.Log(yr.Data[i*yr.Stride+l] + crossEntropyEps)
	}
	s.loss = -sum / float64(s.div(r))
	return s.loss
}

// ForwardOneHot is Forward with labels given as t (batch×classes), one row
// per sample with a 1 at the class and 0 elsewhere; it returns
// -Σ t·log(y + 1e-7) / batch, which for one-hot t is exactly Forward's
// value. It modifies neither x nor t and keeps a copy of t. It panics if t's
// shape is not x's.
func (s *SoftmaxWithLoss) ForwardOneHot(x, t *mat.Dense) float64 {
	r, c := x.Dims()
	if tr, tc := t.Dims(); tr != r || tc != c {
		panic(fmt.Sprintf("nn: one-hot labels are %d×%d, want %d×%d", tr, tc, r, c))
	}
	s.t = reuse(s.t, r, c)
	s.t.Copy(t)
	s.forward(x)
	yr, tr := s.y.RawMatrix(), s.t.RawMatrix()
	var sum float64
	for i := range r {
		yi := yr.Data[i*yr.Stride : i*yr.Stride+c]
		ti := tr.Data[i*tr.Stride : i*tr.Stride+c]
		ti = ti[:len(yi)]
		for j, y := range yi {
			// Adding 0·log(·) leaves sum unchanged, so one-hot t gives
			// bit-for-bit the same loss as class indices.
			sum += ti[j] * math.Log(y+crossEntropyEps)
		}
	}
	s.loss = -sum / float64(s.div(r))
	return s.loss
}

// forward caches x and sets s.y = softmax(x).
func (s *SoftmaxWithLoss) forward(x *mat.Dense) {
	r, c := x.Dims()
	s.x = x
	s.y = reuse(s.y, r, c)
	softmax(s.y, x)
}

// div returns the divisor for a batch of r rows.
func (s *SoftmaxWithLoss) div(r int) int {
	if s.divisor > 0 {
		return s.divisor
	}
	return r
}

// Backward returns dx = (y - t)/batch (batch×classes), the gradient of the
// last Forward's loss with respect to its scores (book section 5.6.3, and
// appendix A for the derivation). It panics if called before Forward.
func (s *SoftmaxWithLoss) Backward() *mat.Dense {
	if s.y == nil {
		panic("nn: SoftmaxWithLoss Backward called before Forward")
	}
	r, c := s.y.Dims()
	s.dx = reuse(s.dx, r, c)
	div := float64(s.div(r))
	yr, tr, dr := s.y.RawMatrix(), s.t.RawMatrix(), s.dx.RawMatrix()
	for i := range r {
		yi := yr.Data[i*yr.Stride : i*yr.Stride+c]
		ti := tr.Data[i*tr.Stride : i*tr.Stride+c]
		di := dr.Data[i*dr.Stride : i*dr.Stride+c]
		ti, di = ti[:len(yi)], di[:len(yi)]
		for j, y := range yi {
			di[j] = (y - ti[j]) / div
		}
	}
	return s.dx
}

// X returns a read-only view of the last Forward's scores, or nil.
func (s *SoftmaxWithLoss) X() mat.Matrix { return viewOf(s.x) }

// Y returns a read-only view of the last Forward's probabilities
// softmax(x) (batch×classes), or nil.
func (s *SoftmaxWithLoss) Y() mat.Matrix { return viewOf(s.y) }

// T returns a read-only view of the last Forward's one-hot labels
// (batch×classes), or nil.
func (s *SoftmaxWithLoss) T() mat.Matrix { return viewOf(s.t) }

// DX returns a read-only view of the last Backward's dx, or nil.
func (s *SoftmaxWithLoss) DX() mat.Matrix { return viewOf(s.dx) }

// Loss returns the last Forward's loss (0 before the first Forward).
func (s *SoftmaxWithLoss) Loss() float64 { return s.loss }

// softmax sets each row of dst to the softmax of the same row of x
// (book section 3.5). The row's maximum is subtracted before exp: softmax is
// unchanged by a constant shift, and this way the largest exponent is
// exp(0) = 1, so scores like 1000 cannot overflow to Inf/Inf = NaN. dst and x
// have the same shape and may be the same matrix.
func softmax(dst, x *mat.Dense) {
	r, c := x.Dims()
	xr, yr := x.RawMatrix(), dst.RawMatrix()
	for i := range r {
		xi := xr.Data[i*xr.Stride : i*xr.Stride+c]
		yi := yr.Data[i*yr.Stride : i*yr.Stride+c]
		yi = yi[:len(xi)]
		m := math.Inf(-1)
		for _, v := range xi {
			if v > m {
				m = v
			}
		}
		var sum float64
		for j, v := range xi {
			e := math.Exp(v - m)
			yi[j] = e
			sum += e
		}
		for j := range yi {
			yi[j] /= sum
		}
	}
}
