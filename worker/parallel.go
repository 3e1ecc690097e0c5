package worker

import (
	"fmt"
	"math"
	"time"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Pool computes shares of a mini-batch's gradient in other workers (data
// parallelism): each helper holds its own copy of the training set and of
// the net, gets the current weights and the rows of its share, and answers
// with the share's gradient computed with the whole batch's size as
// divisor, so that the shares add up to the batch's gradient.
type Pool interface {
	// Size is the number of helpers.
	Size() int
	// Start sends share k: the weights w (W1, b1, W2, b2), the training
	// rows idx and the divisor. It copies what it sends.
	Start(k int, w [4][]float64, activation string, idx []int, divisor int)
	// Wait returns helper k's answer to its last Start: the share's loss
	// (already divided by the divisor) and its gradient dW1, db1, dW2, db2.
	Wait(k int) (loss float64, g [4][]float64, err error)
}

// parallelGradient returns a gradient function for s's trainer that
// computes the first share of each batch here and the others in pool's
// helpers. If a helper fails, its share is computed here and the failure
// is reported through fail (training goes on, with one helper fewer then).
//
// When times is not nil, the time spent on the own share and then waiting
// for the helpers is added to it (the bench reports it).
func parallelGradient(net *nn.TwoLayerNet, tr *nn.Trainer, pool Pool, fail func(error), times *parallelTimes) nn.GradientFunc {
	sum := nn.NewGrads(net.Config())
	act := net.Config().Activation.String()
	return func(x *mat.Dense, labels []int) (float64, *nn.Grads) {
		idx := tr.Batch()
		rows, cols := x.Dims()
		parts := pool.Size() + 1
		bound := func(p int) int { return p * rows / parts }
		w := paramData(net)
		for k := range pool.Size() {
			pool.Start(k, w, act, idx[bound(k+1):bound(k+2)], rows)
		}
		own := func(lo, hi int) (float64, *nn.Grads) {
			l, g, err := net.GradientScaled(x.Slice(lo, hi, 0, cols).(*mat.Dense), labels[lo:hi], rows)
			if err != nil {
				return math.NaN(), nil
			}
			return l, g
		}
		var t0 time.Time
		if times != nil {
			t0 = times.now()
		}
		loss, g := own(0, bound(1))
		if g == nil {
			return math.NaN(), sum
		}
		if times != nil {
			t1 := times.now()
			times.own += t1.Sub(t0)
			defer func() { times.wait += times.now().Sub(t1) }()
		}
		sum.W1.Copy(g.W1)
		sum.B1.CopyVec(g.B1)
		sum.W2.Copy(g.W2)
		sum.B2.CopyVec(g.B2)
		for k := range pool.Size() {
			l, hg, err := pool.Wait(k)
			if err == nil {
				err = addShare(sum, hg)
			}
			if err != nil {
				fail(fmt.Errorf("helper %d: %w", k+1, err))
				l, g = own(bound(k+1), bound(k+2))
				if g == nil {
					return math.NaN(), sum
				}
				sum.Add(g)
			}
			loss += l
		}
		return loss, sum
	}
}

// parallelTimes adds up, over the steps, how long the trainer computed its
// own share of the batch (own) and how long it then waited for the helpers'
// answers and added them up (wait).
type parallelTimes struct {
	now       func() time.Time
	own, wait time.Duration
}

// paramData returns the net's parameters W1, b1, W2, b2 as the slices that
// hold them (not copies).
func paramData(n *nn.TwoLayerNet) [4][]float64 {
	return [4][]float64{n.W1().RawMatrix().Data, n.B1().RawVector().Data, n.W2().RawMatrix().Data, n.B2().RawVector().Data}
}

// gradData returns the gradient's dW1, db1, dW2, db2 as the slices that hold
// them (not copies).
func gradData(g *nn.Grads) [4][]float64 {
	return [4][]float64{g.W1.RawMatrix().Data, g.B1.RawVector().Data, g.W2.RawMatrix().Data, g.B2.RawVector().Data}
}

// addShare adds a helper's gradient to sum, checking its shape.
func addShare(sum *nn.Grads, g [4][]float64) error {
	dst := gradData(sum)
	for i := range dst {
		if len(g[i]) != len(dst[i]) {
			return fmt.Errorf("gradient %d has %d values, want %d", i, len(g[i]), len(dst[i]))
		}
	}
	for i := range dst {
		for j, v := range g[i] {
			dst[i][j] += v
		}
	}
	return nil
}

// Helper is what a helper worker runs: a copy of the training set and a net
// whose weights each request replaces.
type Helper struct {
	train nn.Dataset
	net   *nn.TwoLayerNet
	x     *mat.Dense
	lab   []int
}

// NewHelper returns a helper for the training set train.
func NewHelper(train nn.Dataset) *Helper { return &Helper{train: train} }

// Share computes the gradient of the training rows idx with the weights w
// and the given divisor.
func (h *Helper) Share(w [4][]float64, activation string, idx []int, divisor int) (float64, [4][]float64, error) {
	if _, err := h.Params(len(w[1]), activation); err != nil {
		return 0, [4][]float64{}, err
	}
	if err := h.net.SetParams(w[0], w[1], w[2], w[3]); err != nil {
		return 0, [4][]float64{}, err
	}
	return h.Gradient(idx, divisor)
}

// Params makes the helper's net the trainer's shape (hidden units and
// activation; input and output are the data's) and returns its parameters
// W1, b1, W2, b2 as slices to copy the trainer's weights into, without the
// checks of SetParams: the trainer's weights are always finite (it undoes
// an update that is not).
func (h *Helper) Params(hidden int, activation string) ([4][]float64, error) {
	act, err := nn.ParseActivation(activation)
	if err != nil {
		return [4][]float64{}, err
	}
	if h.net == nil || h.net.Config().Hidden != hidden || h.net.Config().Activation != act {
		c := nn.DefaultConfig()
		c.Hidden, c.Activation = hidden, act
		if h.net, err = nn.NewTwoLayerNet(c); err != nil {
			return [4][]float64{}, err
		}
	}
	return paramData(h.net), nil
}

// Gradient computes the gradient of the training rows idx with the net's
// current weights (set by Share or through Params) and the given divisor.
func (h *Helper) Gradient(idx []int, divisor int) (float64, [4][]float64, error) {
	var none [4][]float64
	if h.net == nil {
		return 0, none, fmt.Errorf("no weights")
	}
	rows, cols := h.train.Len(), h.train.Cols()
	if len(idx) == 0 || divisor < len(idx) {
		return 0, none, fmt.Errorf("share of %d rows with divisor %d", len(idx), divisor)
	}
	if h.x == nil || h.x.RawMatrix().Rows != len(idx) {
		h.x = mat.NewDense(len(idx), cols, nil)
		h.lab = make([]int, len(idx))
	}
	for i, r := range idx {
		if r < 0 || r >= rows {
			return 0, none, fmt.Errorf("row %d is not in [0,%d)", r, rows)
		}
		h.lab[i] = h.train.Labels[r]
	}
	h.train.RowsTo(h.x, idx)
	l, g, err := h.net.GradientScaled(h.x, h.lab, divisor)
	if err != nil {
		return 0, none, err
	}
	return l, gradData(g), nil
}
