package nn

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// trainStream is the PCG stream of batch sampling (see initStream).
const trainStream = 0x6e6e2d747261696e // "nn-train"

// DivergedError reports that a training step produced a non-finite loss,
// gradient or weight. The weights are those from before that step.
type DivergedError struct {
	Iter int    // 1-based number of the step that failed
	What string // e.g. "loss is NaN", "gradient dW1 is not finite"
}

// Error returns e.g. "nn: loss is NaN at iteration 412; weights from before
// that step kept".
func (e *DivergedError) Error() string {
	return fmt.Sprintf("nn: %s at iteration %d; weights from before that step kept", e.What, e.Iter)
}

// Trainer trains a TwoLayerNet by mini-batch SGD (book section 5.7.4). It
// draws batches with its own PCG seeded by TrainConfig.Seed, so the same net,
// data and TrainConfig give bit-identical weights after the same number of
// steps on the same platform. All buffers are allocated by NewTrainer: a Step
// allocates nothing.
type Trainer struct {
	net  *TwoLayerNet
	cfg  TrainConfig
	data Dataset
	rng  *rand.Rand

	idx  []int      // rows of the current batch
	perm []int      // Shuffle: the epoch's permutation
	pos  int        // Shuffle: next position in perm
	xb   *mat.Dense // the batch's samples
	lb   []int      // the batch's labels

	backup [4][]float64 // W1, b1, W2, b2 from before the update
	fresh  bool         // the last Step succeeded and no SwapBefore took its backup
	iter   int
	err    *DivergedError

	gradient GradientFunc // nil: the net's own Gradient
}

// GradientFunc computes the loss and the gradient of the net's parameters
// for a mini-batch x (rows = samples) with labels, as TwoLayerNet.Gradient
// does. The returned Grads may be owned by the function and are read
// before its next call.
type GradientFunc func(x *mat.Dense, labels []int) (loss float64, g *Grads)

// Batch returns the row indices of the current mini-batch (valid inside a
// GradientFunc, and after Step until the next one), owned by the Trainer.
func (t *Trainer) Batch() []int { return t.idx }

// SetGradient makes Step compute each mini-batch's gradient with f instead
// of the net's Gradient; nil restores the net's. This is how data-parallel
// training plugs in: f splits the batch into shares, has each share's
// gradient computed elsewhere with GradientScaled and the whole batch's
// size as divisor, and returns their sum, which is the batch's gradient up
// to float rounding. Sampling, the divergence checks and the update stay
// the Trainer's, so the run is the same SGD.
func (t *Trainer) SetGradient(f GradientFunc) { t.gradient = f }

// NewTrainer returns a Trainer for n on train. It returns an error naming
// the value if c fails c.Validate, the batch size exceeds the number of
// samples, or train does not fit n (see TwoLayerNet.CheckBatch). It keeps n
// and train (not copies); train is never modified.
func NewTrainer(n *TwoLayerNet, c TrainConfig, train Dataset) (*Trainer, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	if err := train.check(n); err != nil {
		return nil, err
	}
	rows, cols := train.Len(), train.Cols()
	if c.BatchSize > rows {
		return nil, fmt.Errorf("nn: batch size %d is larger than the %d training samples", c.BatchSize, rows)
	}
	t := &Trainer{
		net:  n,
		cfg:  c,
		data: train,
		rng:  rand.New(rand.NewPCG(c.Seed, trainStream)),
		idx:  make([]int, c.BatchSize),
		xb:   mat.NewDense(c.BatchSize, cols, nil),
		lb:   make([]int, c.BatchSize),
	}
	if c.Sampling == Shuffle {
		t.perm = make([]int, rows)
		for i := range t.perm {
			t.perm[i] = i
		}
		t.pos = rows // shuffle before the first batch
	}
	cfg := n.Config()
	for i, size := range []int{cfg.Input * cfg.Hidden, cfg.Hidden, cfg.Hidden * cfg.Output, cfg.Output} {
		t.backup[i] = make([]float64, size)
	}
	return t, nil
}

// SwapBefore exchanges the Trainer's copy of the parameters from before
// the last Step's update (W1, b1, W2, b2, row-major; Step takes it anyway,
// to undo an update that is not finite) with bufs, and reports whether
// there was one: false before the first Step, after a Step that returned
// an error, and after an earlier SwapBefore with no Step since. A slice of
// bufs that does not have its parameter's size is replaced first (the
// Trainer's next copy needs the room). This keeps the weights from before
// a step without copying them a second time.
func (t *Trainer) SwapBefore(bufs *[4][]float64) bool {
	if !t.fresh {
		return false
	}
	for i := range bufs {
		if len(bufs[i]) != len(t.backup[i]) {
			bufs[i] = make([]float64, len(t.backup[i]))
		}
		bufs[i], t.backup[i] = t.backup[i], bufs[i]
	}
	t.fresh = false
	return true
}

// Config returns the Trainer's options.
func (t *Trainer) Config() TrainConfig { return t.cfg }

// Net returns the net being trained.
func (t *Trainer) Net() *TwoLayerNet { return t.net }

// Iter returns the number of steps done successfully.
func (t *Trainer) Iter() int { return t.iter }

// Done reports whether Iter has reached TrainConfig.Iters. Step does not
// stop there by itself.
func (t *Trainer) Done() bool { return t.iter >= t.cfg.Iters }

// ItersPerEpoch returns max(n/batch, 1) for n training samples, the book's
// iter_per_epoch.
func (t *Trainer) ItersPerEpoch() int { return max(t.data.Len()/t.cfg.BatchSize, 1) }

// LossAfter returns the last step's mini-batch loss with the weights after
// the update: the book's train_loss_list entry (train_neuralnet.py computes
// network.loss(x_batch, t_batch) after updating the parameters). It runs
// one forward pass; before any step, or once diverged, it returns NaN.
func (t *Trainer) LossAfter() float64 {
	if t.iter == 0 || t.err != nil {
		return math.NaN()
	}
	return t.net.Loss(t.xb, t.lb)
}

// Grads returns the gradient of the last step, owned by the net (see
// TwoLayerNet.Gradient).
func (t *Trainer) Grads() *Grads { return &t.net.grads }

// Step does one SGD step on a mini-batch and returns the batch's loss from
// before the update: the loss whose gradient the step followed, which costs
// nothing extra. The book's train_loss_list records the same batch's loss
// after the update (one more forward pass, see LossAfter), so a curve of
// Step's losses lies a little above the book's. It allocates nothing.
//
// If the loss, a gradient or an updated weight is NaN or infinite, Step
// leaves the weights as they were before it and returns a *DivergedError
// naming the 1-based iteration; the Trainer then stays diverged and every
// later Step returns an equal error without doing anything (lower the
// learning rate and start a new Trainer).
func (t *Trainer) Step() (loss float64, err error) {
	if t.err != nil {
		e := *t.err // a copy, so a caller that edits its error edits only its own
		return math.NaN(), &e
	}
	t.fresh = false
	t.sample()
	var g *Grads
	if t.gradient != nil {
		loss, g = t.gradient(t.xb, t.lb)
	} else {
		loss, g = t.net.Gradient(t.xb, t.lb)
	}
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		return loss, t.fail(fmt.Sprintf("loss is %v", loss))
	}
	grads := [4]struct {
		name string
		data []float64
	}{{"dW1", denseData(g.W1)}, {"db1", vecData(g.B1)}, {"dW2", denseData(g.W2)}, {"db2", vecData(g.B2)}}
	for _, gr := range grads {
		if !finite(gr.data) {
			return loss, t.fail("gradient " + gr.name + " is not finite")
		}
	}
	W1, B1 := t.net.p1().Params()
	W2, B2 := t.net.p2().Params()
	params := [4][]float64{denseData(W1), vecData(B1), denseData(W2), vecData(B2)}
	for i, p := range params {
		copy(t.backup[i], p)
	}
	lr := t.cfg.LearningRate
	ok := [4]bool{sgdMat(W1, g.W1, lr), sgdVec(B1, g.B1, lr), sgdMat(W2, g.W2, lr), sgdVec(B2, g.B2, lr)}
	for i, name := range [4]string{"W1", "b1", "W2", "b2"} {
		if !ok[i] {
			for j, p := range params {
				copy(p, t.backup[j])
			}
			return loss, t.fail("updated " + name + " is not finite")
		}
	}
	t.iter++
	t.fresh = true
	return loss, nil
}

// fail records and returns the divergence of the current step.
func (t *Trainer) fail(what string) error {
	t.err = &DivergedError{Iter: t.iter + 1, What: what}
	return t.err
}

// sample draws the next batch into t.xb and t.lb.
func (t *Trainer) sample() {
	n := t.data.Len()
	switch t.cfg.Sampling {
	case Replace:
		for i := range t.idx {
			t.idx[i] = t.rng.IntN(n)
		}
	case Shuffle:
		if t.pos+len(t.idx) > n {
			// Fisher–Yates, written out so it allocates nothing.
			for i := n - 1; i > 0; i-- {
				j := t.rng.IntN(i + 1)
				t.perm[i], t.perm[j] = t.perm[j], t.perm[i]
			}
			t.pos = 0
		}
		copy(t.idx, t.perm[t.pos:])
		t.pos += len(t.idx)
	}
	t.data.RowsTo(t.xb, t.idx)
	for i, r := range t.idx {
		t.lb[i] = t.data.Labels[r]
	}
}

// finite reports whether no element of v is NaN or infinite.
func finite(v []float64) bool {
	var check float64
	for _, x := range v {
		check += x - x // see sgdMat
	}
	return check == 0
}

// Evaluate returns the accuracy and the mean loss of n over all of d,
// running the net on at most batch rows at a time so memory stays bounded
// (batch ≤ 0 means 100). It panics if d does not fit n; NewTrainer and
// TwoLayerNet.CheckBatch report that as an error beforehand.
func Evaluate(n *TwoLayerNet, d Dataset, batch int) (acc, loss float64) {
	return EvaluateEach(n, d, batch, nil)
}

// EvaluateEach is Evaluate that also calls visit, if not nil, after each
// chunk of rows from, from+1, … with the chunk's scores (rows×Output, owned
// by the net): while visit runs, the layers' caches hold the chunk's values
// (the hidden layer's output, say). The loss is NaN or infinite when a
// score overflows.
func EvaluateEach(n *TwoLayerNet, d Dataset, batch int, visit func(from int, scores *mat.Dense)) (acc, loss float64) {
	if err := d.check(n); err != nil {
		panic(err)
	}
	if batch <= 0 {
		batch = 100
	}
	rows, cols := d.Len(), d.Cols()
	buf := mat.NewDense(min(batch, rows), cols, nil)
	n.Last.SetDivisor(0)
	var right int
	var sum float64
	for i := 0; i < rows; i += batch {
		j := min(i+batch, rows)
		x := buf.Slice(0, j-i, 0, cols).(*mat.Dense)
		d.RangeTo(x, i)
		scores := n.Predict(x)
		labels := d.Labels[i:j]
		right += correct(scores, labels)
		if visit != nil {
			visit(i, scores)
		}
		sum += n.Last.Forward(scores, labels) * float64(j-i)
	}
	return float64(right) / float64(rows), sum / float64(rows)
}
