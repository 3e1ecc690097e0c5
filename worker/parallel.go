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
	// Ready reports, without waiting, whether helper k's answer to its
	// last Start is in.
	Ready(k int) bool
	// Wait returns helper k's answer to its last Start: the share's loss
	// (already divided by the divisor) and its gradient dW1, db1, dW2, db2.
	Wait(k int) (loss float64, g [4][]float64, err error)
}

// minShare is the fewest rows of a batch that any worker computes. A batch
// too small to give every worker that many is computed by the trainer
// alone: a share's round trip (the weights out, the gradient back) costs
// more than a few rows.
const minShare = 8

// parallelGradient returns a gradient function for s's trainer that
// computes the first share of each batch here and the others in pool's
// helpers. If a helper fails, its share is computed here and the failure
// is reported through fail (training goes on, with one helper fewer then).
//
// The shares follow the workers' speeds. A helper's share costs more than
// the same rows here (the weights go out and the gradient comes back, and
// a helper notices a request a moment after it is made), so equal shares
// keep the trainer waiting. After each batch the trainer takes one row
// more if it had to wait for a helper's answer, and one row fewer if every
// answer was in when its own share was done; the helpers share the rest
// equally. The sum of the shares is the batch's gradient however the rows
// are split: the split changes only the order of the float additions.
//
// When times is not nil, the time spent sending the shares, on the own
// share and then waiting for the helpers is added to it, and so are the
// rows of the own shares (the bench reports them).
func parallelGradient(net *nn.TwoLayerNet, tr *nn.Trainer, pool Pool, fail func(error), times *parallelTimes) nn.GradientFunc {
	sum := nn.NewGrads(net.Config())
	act := net.Config().Activation.String()
	own := 0 // the trainer's rows of the next batch; 0: an equal share
	return func(x *mat.Dense, labels []int) (float64, *nn.Grads) {
		idx := tr.Batch()
		rows, cols := x.Dims()
		helpers := pool.Size()
		if rows < (helpers+1)*minShare {
			l, g, err := net.GradientScaled(x, labels, rows)
			if err != nil {
				return math.NaN(), sum
			}
			return l, g
		}
		if own == 0 {
			own = rows / (helpers + 1)
		}
		own = min(max(own, minShare), rows-helpers*minShare)
		// Helper k gets rows [bound(k), bound(k+1)).
		bound := func(k int) int { return own + k*(rows-own)/helpers }
		w := paramData(net)
		var t0 time.Time
		if times != nil {
			t0 = times.now()
		}
		for k := range helpers {
			pool.Start(k, w, act, idx[bound(k):bound(k+1)], rows)
		}
		if times != nil {
			t1 := times.now()
			times.start += t1.Sub(t0)
			t0 = t1
			times.rows += own
		}
		share := func(lo, hi int) (float64, *nn.Grads) {
			l, g, err := net.GradientScaled(x.Slice(lo, hi, 0, cols).(*mat.Dense), labels[lo:hi], rows)
			if err != nil {
				return math.NaN(), nil
			}
			return l, g
		}
		loss, g := share(0, own)
		if g == nil {
			return math.NaN(), sum
		}
		if times != nil {
			t1 := times.now()
			times.own += t1.Sub(t0)
			defer func() { times.wait += times.now().Sub(t1) }()
		}
		waited := false
		for k := range helpers {
			waited = waited || !pool.Ready(k)
		}
		sum.W1.Copy(g.W1)
		sum.B1.CopyVec(g.B1)
		sum.W2.Copy(g.W2)
		sum.B2.CopyVec(g.B2)
		for k := range helpers {
			l, hg, err := pool.Wait(k)
			if err == nil {
				err = addShare(sum, hg)
			}
			if err != nil {
				fail(fmt.Errorf("helper %d: %w", k+1, err))
				l, g = share(bound(k), bound(k+1))
				if g == nil {
					return math.NaN(), sum
				}
				sum.Add(g)
			}
			loss += l
		}
		if waited {
			own++
		} else {
			own--
		}
		return loss, sum
	}
}

// parallelTimes adds up, over the steps, how long the trainer sent the
// helpers their shares (start), computed its own share of the batch (own)
// and then waited for the helpers' answers and added them up (wait), and
// how many rows its own shares had (rows).
type parallelTimes struct {
	now              func() time.Time
	start, own, wait time.Duration
	rows             int
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
	// The shares' sizes change from step to step (parallelGradient):
	// the rows go into a matrix kept for the largest share so far.
	if h.x == nil || h.x.RawMatrix().Rows < len(idx) {
		h.x = mat.NewDense(len(idx), cols, nil)
		h.lab = make([]int, len(idx))
	}
	x, lab := h.x.Slice(0, len(idx), 0, cols).(*mat.Dense), h.lab[:len(idx)]
	for i, r := range idx {
		if r < 0 || r >= rows {
			return 0, none, fmt.Errorf("row %d is not in [0,%d)", r, rows)
		}
		lab[i] = h.train.Labels[r]
	}
	h.train.RowsTo(x, idx)
	l, g, err := h.net.GradientScaled(x, lab, divisor)
	if err != nil {
		return 0, none, err
	}
	return l, gradData(g), nil
}
