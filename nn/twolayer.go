package nn

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// initStream is the PCG stream of weight initialisation; Trainer uses
// another one, so the same seed gives unrelated weights and batches.
const initStream = 0x6e6e2d696e6974 // "nn-init"

// TwoLayerNet is the two-layer net of book section 5.7:
// Affine1 → Relu1 (or Sigmoid1) → Affine2 → SoftmaxWithLoss.
//
// Layers and Last are exported so the app can show each layer's cached values
// and swap in deliberately broken layers; every method works through the
// Layer, Parametric and LossLayer interfaces only. The net's parameters are
// those of the first and second Parametric layer in Layers (W1, b1 and W2,
// b2); a replacement should share them (NewAffine(name, n.W1(), n.B1())).
//
// A TwoLayerNet is not safe for concurrent use: even Predict writes the
// layers' caches. Use Clone for another goroutine.
type TwoLayerNet struct {
	// Layers are the hidden layers in order, as the book's OrderedDict:
	// Affine1, Relu1 or Sigmoid1, Affine2. A slice, so the order is fixed.
	Layers []Layer
	// Last is the loss layer, a *SoftmaxWithLoss unless replaced.
	Last LossLayer

	cfg   Config
	grads Grads
}

// Grads holds a gradient (or any value) for each parameter of a
// TwoLayerNet: W1 (Input×Hidden), B1 (Hidden), W2 (Hidden×Output) and B2
// (Output).
type Grads struct {
	W1 *mat.Dense
	B1 *mat.VecDense
	W2 *mat.Dense
	B2 *mat.VecDense
}

// NewGrads returns zero Grads shaped for c. It does not validate c.
func NewGrads(c Config) *Grads {
	return &Grads{
		W1: mat.NewDense(c.Input, c.Hidden, nil),
		B1: mat.NewVecDense(c.Hidden, nil),
		W2: mat.NewDense(c.Hidden, c.Output, nil),
		B2: mat.NewVecDense(c.Output, nil),
	}
}

// Clone returns a deep copy of g.
func (g *Grads) Clone() *Grads {
	return &Grads{
		W1: mat.DenseCopyOf(g.W1),
		B1: mat.VecDenseCopyOf(g.B1),
		W2: mat.DenseCopyOf(g.W2),
		B2: mat.VecDenseCopyOf(g.B2),
	}
}

// Add sets g = g + o elementwise, e.g. to sum the gradients of the parts of
// a batch computed with GradientScaled. It panics if the shapes differ.
func (g *Grads) Add(o *Grads) {
	g.W1.Add(g.W1, o.W1)
	g.B1.AddVec(g.B1, o.B1)
	g.W2.Add(g.W2, o.W2)
	g.B2.AddVec(g.B2, o.B2)
}

// NewTwoLayerNet returns a net for c with biases 0 and weights drawn from
// N(0,1) scaled by c.Init, W1 then W2 in row-major order, from a PCG seeded
// with c.Seed. It returns c.Validate's error for an invalid c. Affine1 has
// SkipDX set: the input's gradient is never needed in training.
func NewTwoLayerNet(c Config) (*TwoLayerNet, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	n := newNet(c)
	rng := rand.New(rand.NewPCG(c.Seed, initStream))
	w1, _ := n.p1().Params()
	w2, _ := n.p2().Params()
	for _, w := range []struct {
		m     *mat.Dense
		fanIn int
	}{{w1, c.Input}, {w2, c.Hidden}} {
		std := c.WeightStd
		switch c.Init {
		case InitHe:
			std = math.Sqrt(2 / float64(w.fanIn))
		case InitXavier:
			std = math.Sqrt(1 / float64(w.fanIn))
		}
		raw := w.m.RawMatrix()
		for i := range raw.Data {
			raw.Data[i] = std * rng.NormFloat64()
		}
	}
	return n, nil
}

// newNet builds the layers of a valid c with zero parameters.
func newNet(c Config) *TwoLayerNet {
	a1 := NewAffine("Affine1", mat.NewDense(c.Input, c.Hidden, nil), mat.NewVecDense(c.Hidden, nil))
	a1.SkipDX = true
	var act Layer = NewRelu("Relu1")
	if c.Activation == ActSigmoid {
		act = NewSigmoid("Sigmoid1")
	}
	a2 := NewAffine("Affine2", mat.NewDense(c.Hidden, c.Output, nil), mat.NewVecDense(c.Output, nil))
	return &TwoLayerNet{Layers: []Layer{a1, act, a2}, Last: NewSoftmaxWithLoss(), cfg: c}
}

// Config returns the configuration the net was made with.
func (n *TwoLayerNet) Config() Config { return n.cfg }

// p1 and p2 return the first and second Parametric layer of n.Layers. They
// panic if there are not exactly two: a broken replacement must still be
// Parametric.
func (n *TwoLayerNet) p1() Parametric { p, _ := n.parametric(); return p }
func (n *TwoLayerNet) p2() Parametric { _, p := n.parametric(); return p }

func (n *TwoLayerNet) parametric() (p1, p2 Parametric) {
	count := 0
	for _, l := range n.Layers {
		if p, ok := l.(Parametric); ok {
			switch count {
			case 0:
				p1 = p
			case 1:
				p2 = p
			}
			count++
		}
	}
	if count != 2 {
		panic(fmt.Sprintf("nn: net has %d parametric layers, want 2", count))
	}
	return p1, p2
}

// W1 returns the live first-layer weights (Input×Hidden).
func (n *TwoLayerNet) W1() *mat.Dense { w, _ := n.p1().Params(); return w }

// B1 returns the live first-layer bias (Hidden).
func (n *TwoLayerNet) B1() *mat.VecDense { _, b := n.p1().Params(); return b }

// W2 returns the live second-layer weights (Hidden×Output).
func (n *TwoLayerNet) W2() *mat.Dense { w, _ := n.p2().Params(); return w }

// B2 returns the live second-layer bias (Output).
func (n *TwoLayerNet) B2() *mat.VecDense { _, b := n.p2().Params(); return b }

// CheckBatch reports whether x (batch×Input) and labels fit the net: at
// least one row, Input columns, and, unless labels is nil, one label per row
// in [0, Output). The methods that take x and labels panic where CheckBatch
// returns an error, so check data from outside first.
func (n *TwoLayerNet) CheckBatch(x *mat.Dense, labels []int) error {
	if x == nil || x.IsEmpty() {
		return errors.New("nn: input has no rows")
	}
	r, c := x.Dims()
	return n.checkShape(r, c, labels)
}

// checkShape is CheckBatch for an input of r rows and c columns.
func (n *TwoLayerNet) checkShape(r, c int, labels []int) error {
	if c != n.cfg.Input {
		return fmt.Errorf("nn: input has %d columns, want %d", c, n.cfg.Input)
	}
	if labels == nil {
		return nil
	}
	if len(labels) != r {
		return fmt.Errorf("nn: %d labels for %d rows", len(labels), r)
	}
	for i, l := range labels {
		if l < 0 || l >= n.cfg.Output {
			return fmt.Errorf("nn: label %d of row %d is not in [0, %d)", l, i, n.cfg.Output)
		}
	}
	return nil
}

// Predict returns the scores (batch×Output, before softmax) for x
// (batch×Input), the book's predict. The result is owned by the last layer
// and valid until the next call that runs the net forward. It panics if x
// fails CheckBatch.
func (n *TwoLayerNet) Predict(x *mat.Dense) *mat.Dense {
	out := x
	for _, l := range n.Layers {
		out = l.Forward(out)
	}
	return out
}

// Probabilities sets dst (batch×Output) to the softmax of Predict(x). An
// empty dst is resized. It panics if x fails CheckBatch or dst has the wrong
// shape.
func (n *TwoLayerNet) Probabilities(x *mat.Dense, dst *mat.Dense) {
	s := n.Predict(x)
	r, c := s.Dims()
	if dst.IsEmpty() {
		dst.ReuseAs(r, c)
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(fmt.Sprintf("nn: probabilities destination is %d×%d, want %d×%d", dr, dc, r, c))
	}
	softmax(dst, s)
}

// Loss returns the mean cross-entropy of the net on x and labels (the
// book's loss). It panics if x or labels fail CheckBatch.
func (n *TwoLayerNet) Loss(x *mat.Dense, labels []int) float64 {
	n.Last.SetDivisor(0)
	return n.Last.Forward(n.Predict(x), labels)
}

// Accuracy returns the fraction of rows of x whose highest score (the first
// one on ties, as np.argmax) is at the label. It panics if x or labels fail
// CheckBatch.
func (n *TwoLayerNet) Accuracy(x *mat.Dense, labels []int) float64 {
	return float64(correct(n.Predict(x), labels)) / float64(len(labels))
}

// correct counts the rows of scores whose argmax is the label.
func correct(scores *mat.Dense, labels []int) int {
	r, c := scores.Dims()
	raw := scores.RawMatrix()
	count := 0
	for i := range r {
		if Argmax(raw.Data[i*raw.Stride:i*raw.Stride+c]) == labels[i] {
			count++
		}
	}
	return count
}

// Argmax returns the index of the largest value of v, the first one on
// ties as np.argmax does; 0 for an empty v. NaN is never the largest.
func Argmax(v []float64) int {
	best := 0
	for j, x := range v {
		if x > v[best] {
			best = j
		}
	}
	return best
}

// Gradient runs the net forward and backward on x (batch×Input) and labels
// (the book's gradient) and returns the loss and the gradient of every
// parameter. g is owned by the net and valid until the next Gradient (it
// points at the layers' dW and db). It panics if x or labels fail CheckBatch.
func (n *TwoLayerNet) Gradient(x *mat.Dense, labels []int) (loss float64, g *Grads) {
	return n.gradient(x, labels, 0)
}

// GradientScaled is Gradient with the loss and gradient divided by divisor
// instead of the batch size: for a batch split in parts, the parts'
// GradientScaled with the full batch size as divisor add up to the full
// batch's Gradient (up to rounding), and so do their losses. It returns an
// error if divisor is smaller than the number of rows of x; it panics if x or
// labels fail CheckBatch.
func (n *TwoLayerNet) GradientScaled(x *mat.Dense, labels []int, divisor int) (loss float64, g *Grads, err error) {
	if r, _ := x.Dims(); divisor < r {
		return 0, nil, fmt.Errorf("nn: divisor %d is smaller than the batch of %d rows", divisor, r)
	}
	loss, g = n.gradient(x, labels, divisor)
	return loss, g, nil
}

func (n *TwoLayerNet) gradient(x *mat.Dense, labels []int, divisor int) (float64, *Grads) {
	p1, p2 := n.parametric()
	n.Last.SetDivisor(divisor)
	loss := n.Last.Forward(n.Predict(x), labels)
	dout := n.Last.Backward()
	n.Last.SetDivisor(0)
	for i := len(n.Layers) - 1; i >= 0; i-- {
		dout = n.Layers[i].Backward(dout)
	}
	n.grads.W1, n.grads.B1 = p1.Grads()
	n.grads.W2, n.grads.B2 = p2.Grads()
	return loss, &n.grads
}

// ApplySGD does one step of stochastic gradient descent (book section
// 6.1.2): W ← W - lr·dW for every parameter. It panics if g's shapes do not
// match the net's. It does not check lr; Trainer does.
func (n *TwoLayerNet) ApplySGD(g *Grads, lr float64) {
	w1, b1 := n.p1().Params()
	w2, b2 := n.p2().Params()
	sgdMat(w1, g.W1, lr)
	sgdVec(b1, g.B1, lr)
	sgdMat(w2, g.W2, lr)
	sgdVec(b2, g.B2, lr)
}

// sgdMat sets w -= lr·d and reports whether every new value is finite.
func sgdMat(w, d *mat.Dense, lr float64) bool {
	wr, dr := w.RawMatrix(), d.RawMatrix()
	if wr.Rows != dr.Rows || wr.Cols != dr.Cols {
		panic(fmt.Sprintf("nn: gradient is %d×%d, parameter %d×%d", dr.Rows, dr.Cols, wr.Rows, wr.Cols))
	}
	// x - x is 0 for finite x and NaN for ±Inf and NaN, and NaN sticks, so
	// one comparison at the end checks every value.
	var check float64
	for i := range wr.Rows {
		wi := wr.Data[i*wr.Stride : i*wr.Stride+wr.Cols]
		di := dr.Data[i*dr.Stride : i*dr.Stride+dr.Cols]
		di = di[:len(wi)]
		for j, d := range di {
			v := wi[j] - lr*d
			wi[j] = v
			check += v - v
		}
	}
	return check == 0
}

// sgdVec sets w -= lr·d and reports whether every new value is finite.
func sgdVec(w, d *mat.VecDense, lr float64) bool {
	if w.Len() != d.Len() {
		panic(fmt.Sprintf("nn: gradient has length %d, parameter %d", d.Len(), w.Len()))
	}
	wv := denseVec(w.RawVector().Data, w.RawVector().Inc, w.Len())
	dv := denseVec(d.RawVector().Data, d.RawVector().Inc, d.Len())
	dv = dv[:len(wv)]
	var check float64
	for j, d := range dv {
		v := wv[j] - lr*d
		wv[j] = v
		check += v - v
	}
	return check == 0
}

// Clone returns a deep copy of the net with fresh standard layers (replaced
// layers are not cloned) and a copy of the current parameters.
func (n *TwoLayerNet) Clone() *TwoLayerNet {
	c := newNet(n.cfg)
	for _, p := range [][2]Parametric{{c.p1(), n.p1()}, {c.p2(), n.p2()}} {
		dw, db := p[0].Params()
		sw, sb := p[1].Params()
		dw.Copy(sw)
		db.CopyVec(sb)
	}
	return c
}

// SetParams copies w1 (Input·Hidden values, row-major), b1 (Hidden), w2
// (Hidden·Output, row-major) and b2 (Output) into the net. It returns an
// error naming the slice if a length is wrong or a value is not finite, and
// then leaves the net unchanged.
func (n *TwoLayerNet) SetParams(w1, b1, w2, b2 []float64) error {
	c := n.cfg
	params := []struct {
		name string
		v    []float64
		want int
	}{
		{"w1", w1, c.Input * c.Hidden}, {"b1", b1, c.Hidden},
		{"w2", w2, c.Hidden * c.Output}, {"b2", b2, c.Output},
	}
	for _, p := range params {
		if len(p.v) != p.want {
			return fmt.Errorf("nn: %s has %d values, want %d", p.name, len(p.v), p.want)
		}
		for i, v := range p.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("nn: %s[%d] is %v, want a finite value", p.name, i, v)
			}
		}
	}
	W1, B1 := n.p1().Params()
	W2, B2 := n.p2().Params()
	W1.Copy(mat.NewDense(c.Input, c.Hidden, w1))
	B1.CopyVec(mat.NewVecDense(c.Hidden, b1))
	W2.Copy(mat.NewDense(c.Hidden, c.Output, w2))
	B2.CopyVec(mat.NewVecDense(c.Output, b2))
	return nil
}

// CopyParams copies the parameters out of the net into w1 (Input·Hidden,
// row-major), b1 (Hidden), w2 (Hidden·Output, row-major) and b2 (Output),
// e.g. to send them to another wasm instance as typed arrays. It panics if a
// length is wrong.
func (n *TwoLayerNet) CopyParams(w1, b1, w2, b2 []float64) {
	c := n.cfg
	for _, l := range []struct {
		name      string
		got, want int
	}{
		{"w1", len(w1), c.Input * c.Hidden}, {"b1", len(b1), c.Hidden},
		{"w2", len(w2), c.Hidden * c.Output}, {"b2", len(b2), c.Output},
	} {
		if l.got != l.want {
			panic(fmt.Sprintf("nn: CopyParams %s has length %d, want %d", l.name, l.got, l.want))
		}
	}
	W1, B1 := n.p1().Params()
	W2, B2 := n.p2().Params()
	mat.NewDense(c.Input, c.Hidden, w1).Copy(W1)
	mat.NewVecDense(c.Hidden, b1).CopyVec(B1)
	mat.NewDense(c.Hidden, c.Output, w2).Copy(W2)
	mat.NewVecDense(c.Output, b2).CopyVec(B2)
}
