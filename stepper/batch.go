package stepper

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// MaxBatch is the largest number of images RunBatch takes, the book's
// mini-batch of 100: every tensor of the pass is kept, and dW1 alone has
// Input·Hidden values.
const MaxBatch = 100

// Tensor names one of the thirteen tensors of a batch pass. Its String is
// the name the page's hooks use (data-tensor="dW1"), and the names follow
// the order of the pass:
//
//	x → z = x·W1 + b1 → a = h(z) → s = a·W2 + b2 → y = softmax(s), with t
//	dout = (y − t)/N → dW2, db2, da = dout·W2ᵀ → dz = da ⊙ h'(z) → dW1, db1
//
// z is Affine1's output and a the activation's (h is ReLU or the sigmoid),
// so da is Affine2's dx and dz the activation's dx. (Pass, the older
// single-image record, uses A and Z the other way round.)
type Tensor uint8

const (
	TensorX    Tensor = iota // x, N×Input: the images, Affine1's input
	TensorZ                  // z = x·W1 + b1, N×Hidden: Affine1's output
	TensorA                  // a = max(0, z) or sigmoid(z), N×Hidden: the activation's output
	TensorS                  // s = a·W2 + b2, N×Output: the scores, Affine2's output
	TensorY                  // y = softmax(s), N×Output: SoftmaxWithLoss's probabilities
	TensorT                  // t, N×Output: the one-hot labels
	TensorDout               // dout = (y − t)/N, N×Output: SoftmaxWithLoss's dx
	TensorDW2                // dW2 = aᵀ·dout, Hidden×Output
	TensorDB2                // db2 = Σ_n dout[n,:], 1×Output
	TensorDA                 // da = dout·W2ᵀ, N×Hidden: Affine2's dx
	TensorDZ                 // dz = da ⊙ h'(z), N×Hidden: the activation's dx
	TensorDW1                // dW1 = xᵀ·dz, Input×Hidden
	TensorDB1                // db1 = Σ_n dz[n,:], 1×Hidden
)

// NumTensors is the number of tensors; valid ones are 0 ≤ t < NumTensors.
const NumTensors = int(TensorDB1) + 1

var tensorNames = [NumTensors]string{
	"x", "z", "a", "s", "y", "t", "dout", "dW2", "db2", "da", "dz", "dW1", "db1",
}

// Tensors returns every tensor in the order of the pass, a new slice on each
// call.
func Tensors() []Tensor {
	t := make([]Tensor, NumTensors)
	for i := range t {
		t[i] = Tensor(i)
	}
	return t
}

// String returns the tensor's hook name: "x", "z", "a", "s", "y", "t",
// "dout", "dW2", "db2", "da", "dz", "dW1" or "db1"; "Tensor(n)" for an
// invalid value.
func (t Tensor) String() string {
	if !t.Valid() {
		return fmt.Sprintf("Tensor(%d)", int(t))
	}
	return tensorNames[t]
}

// Valid reports whether t is one of the tensors.
func (t Tensor) Valid() bool { return int(t) < NumTensors }

// ParseTensor returns the tensor named name (as String returns it,
// case-insensitive, surrounding spaces ignored), or an error naming it.
func ParseTensor(name string) (Tensor, error) {
	n := strings.TrimSpace(name)
	for i, tn := range tensorNames {
		if strings.EqualFold(n, tn) {
			return Tensor(i), nil
		}
	}
	return 0, fmt.Errorf("stepper: unknown tensor %q (want one of %s)", name, strings.Join(tensorNames[:], ", "))
}

// Tensors returns the tensors the page shows at stage s, in the order of
// the pass; none for Update (its values are Batch's LossAfter and
// ProbsAfter) or an invalid s.
func (s Stage) Tensors() []Tensor {
	switch s {
	case Input:
		return []Tensor{TensorX}
	case Affine1:
		return []Tensor{TensorZ}
	case Relu:
		return []Tensor{TensorA}
	case Affine2:
		return []Tensor{TensorS}
	case Softmax:
		return []Tensor{TensorY, TensorT}
	case Dout:
		return []Tensor{TensorDout}
	case Affine2Back:
		return []Tensor{TensorDW2, TensorDB2, TensorDA}
	case ReluBack:
		return []Tensor{TensorDZ}
	case Affine1Back:
		return []Tensor{TensorDW1, TensorDB1}
	}
	return nil
}

// Batch holds every tensor of one forward and backward pass of a two-layer
// net on N images with their labels, copied out of the net's layers, and
// the effect of one SGD step. Matrices are row-major slices with one row per
// image (rows of dW1 and dW2 are those of W1 and W2); the bias gradients db1
// and db2 are one row, indexed (0, j), as the biases broadcast over the rows.
// The field names are the Tensor names (Z is z, DA is da, and so on).
//
// The page reads it as it likes; Dims, Values and At give each tensor by its
// Tensor name, and Explain how any entry comes about.
type Batch struct {
	Activation               nn.Activation // the hidden layer: ReLU or Sigmoid
	N, Input, Hidden, Output int           // images, and the sizes, 784, 50, 10 for MNIST
	Labels                   []int         // the class of each image
	LearningRate             float64       // lr of the update

	// The parameters the pass ran with (copies).
	W1 []float64 // Input×Hidden
	B1 []float64 // Hidden
	W2 []float64 // Hidden×Output
	B2 []float64 // Output

	// Forward.
	X []float64 // N×Input: x, Affine1's cached input
	Z []float64 // N×Hidden: z = x·W1 + b1, Affine1's output
	A []float64 // N×Hidden: a = max(0, z) or sigmoid(z), the activation's output
	// Mask is nn's Relu mask, true where z ≤ 0: the unit is off for that
	// image, a = 0 and the gradient is blocked. Nil for a Sigmoid net.
	Mask []bool
	// Saturated is true where the sigmoid's a < SaturatedLow or
	// a > SaturatedHigh, where the unit passes almost no gradient. Nil for
	// a ReLU net.
	Saturated []bool
	// Local is the activation's derivative ∂a/∂z, N×Hidden, so that
	// DZ = DA ⊙ Local: 0 where masked and 1 elsewhere for ReLU, a(1−a) for
	// the sigmoid. It is computed here from Mask and A, for display.
	Local []float64
	S     []float64 // N×Output: the scores s = a·W2 + b2, Affine2's output
	Y     []float64 // N×Output: y = softmax(s), the probabilities before the update
	T     []float64 // N×Output: the one-hot labels t
	Loss  float64   // the mean of -log(y[n, label] + Epsilon), SoftmaxWithLoss's loss

	// Backward.
	Dout []float64 // N×Output: dout = (y − t)/N, SoftmaxWithLoss's dx
	DW2  []float64 // Hidden×Output: dW2 = aᵀ·dout
	DB2  []float64 // Output: db2 = Σ_n dout[n,:]
	DA   []float64 // N×Hidden: da = dout·W2ᵀ, Affine2's dx
	DZ   []float64 // N×Hidden: dz = da ⊙ Local, the activation's dx
	DW1  []float64 // Input×Hidden: dW1 = xᵀ·dz
	DB1  []float64 // Hidden: db1 = Σ_n dz[n,:]

	// Update: one SGD step W ← W − lr·dW on a copy of the net, then the
	// same images again.
	ProbsAfter []float64 // N×Output: the updated copy's probabilities
	LossAfter  float64   // the updated copy's loss on the same images
}

// RunBatch runs net forward and backward on N = len(labels) images, x
// holding them one after the other (N·Input values, e.g. pixels in [0, 1]),
// copies every tensor into a Batch, then applies one SGD step with learning
// rate lr to a copy of the net and records its probabilities and loss. It
// works on net.Clone() (standard nn layers with net's parameters), so net,
// its parameters and its layers' caches are unchanged, and a broken layer
// plugged into net is not used. Neither x nor labels is modified or kept.
//
// It returns an error, and never panics, if net is nil or not a two-layer
// net, N is not in [1, MaxBatch], len(x) is not N·Input, x holds NaN or
// ±Inf, a label is not in [0, Output), lr is not positive and finite, or the
// step with lr makes the probabilities non-finite.
//
// The page calls it with the images it shows and then reads the tensors:
//
//	b, err := stepper.RunBatch(net, x, labels, 0.1)
//	if err != nil { show(err); return }
//	rows, cols := b.Dims(stepper.TensorDW1) // 784, 50
//	e, err := b.Explain(stepper.TensorDW1, i, j)
func RunBatch(net *nn.TwoLayerNet, x []float64, labels []int, lr float64) (*Batch, error) {
	if err := checkNet(net); err != nil {
		return nil, err
	}
	cfg := net.Config()
	if err := checkImages(cfg, x, labels); err != nil {
		return nil, err
	}
	if err := checkLR(lr); err != nil {
		return nil, err
	}
	n := net.Clone()
	a1, act, a2, last, err := layersOf(n)
	if err != nil {
		return nil, err
	}

	N := len(labels)
	b := &Batch{
		Activation: cfg.Activation,
		N:          N, Input: cfg.Input, Hidden: cfg.Hidden, Output: cfg.Output,
		Labels:       slices.Clone(labels),
		LearningRate: lr,
		W1:           make([]float64, cfg.Input*cfg.Hidden),
		B1:           make([]float64, cfg.Hidden),
		W2:           make([]float64, cfg.Hidden*cfg.Output),
		B2:           make([]float64, cfg.Output),
	}
	n.CopyParams(b.W1, b.B1, b.W2, b.B2)

	// The pass of nn.TwoLayerNet.Gradient, spelt out: forward through the
	// layers and the loss, then backward in reverse order.
	xm := mat.NewDense(N, cfg.Input, slices.Clone(x))
	out := xm
	for _, l := range n.Layers {
		out = l.Forward(out)
	}
	last.SetDivisor(0) // divide by the batch size N
	last.Forward(out, b.Labels)
	dout := last.Backward()
	for i := len(n.Layers) - 1; i >= 0; i-- {
		dout = n.Layers[i].Backward(dout)
	}

	b.X = flat(a1.X())
	b.Z = flat(a1.Out())
	b.S = flat(a2.Out())
	b.Y = flat(last.Y())
	b.T = flat(last.T())
	b.Loss = last.Loss()
	b.Dout = flat(last.DX())
	b.DW2 = flat(a2.DW())
	b.DB2 = flat(a2.DB())
	b.DA = flat(a2.DX())
	dW1, _ := a1.Grads() // the live *mat.Dense behind a1.DW(), faster to copy than through the view
	b.DW1 = denseData(dW1)
	b.DB1 = flat(a1.DB())
	b.Local = make([]float64, N*cfg.Hidden)
	switch l := act.(type) {
	case *nn.Relu:
		b.A, b.DZ = flat(l.Out()), flat(l.DX())
		b.Mask = make([]bool, N*cfg.Hidden)
		for r := range N {
			for j := range cfg.Hidden {
				k := r*cfg.Hidden + j
				b.Mask[k] = l.Masked(r, j)
				if !b.Mask[k] {
					b.Local[k] = 1
				}
			}
		}
	case *nn.Sigmoid:
		b.A, b.DZ = flat(l.Out()), flat(l.DX())
		b.Saturated = make([]bool, N*cfg.Hidden)
		for k, a := range b.A {
			b.Saturated[k] = a < SaturatedLow || a > SaturatedHigh
			b.Local[k] = a * (1 - a)
		}
	}

	// The update, on the clone: its parameters are copies of net's.
	var g nn.Grads
	g.W1, g.B1 = a1.Grads()
	g.W2, g.B2 = a2.Grads()
	n.ApplySGD(&g, lr)
	probs := mat.NewDense(N, cfg.Output, nil)
	n.Probabilities(xm, probs)
	b.ProbsAfter = flat(probs)
	b.LossAfter = n.Loss(xm, b.Labels)
	for _, v := range b.ProbsAfter {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("stepper: learning rate %v makes the updated net's probabilities non-finite", lr)
		}
	}
	return b, nil
}

// net returns a net of standard layers with the batch's parameters, which
// runs the batch's pass again bit for bit.
func (b *Batch) net() *nn.TwoLayerNet {
	cfg := nn.Config{Input: b.Input, Hidden: b.Hidden, Output: b.Output, Activation: b.Activation, Init: nn.InitBook, WeightStd: 1}
	n, err := nn.NewTwoLayerNet(cfg)
	if err != nil {
		panic("stepper: " + err.Error()) // the sizes are those of a net RunBatch accepted
	}
	if err := n.SetParams(b.W1, b.B1, b.W2, b.B2); err != nil {
		panic("stepper: " + err.Error())
	}
	return n
}

// checkNet reports whether net is a two-layer net that Clone accepts.
func checkNet(net *nn.TwoLayerNet) error {
	if net == nil {
		return errors.New("stepper: no net")
	}
	cfg := net.Config()
	if err := cfg.Validate(); err != nil {
		return fmt.Errorf("stepper: net: %w", err)
	}
	// Clone needs exactly two parametric layers; it panics otherwise.
	count := 0
	for _, l := range net.Layers {
		if _, ok := l.(nn.Parametric); ok {
			count++
		}
	}
	if count != 2 {
		return fmt.Errorf("stepper: net has %d parametric layers, want 2", count)
	}
	return nil
}

// checkImages reports whether x holds len(labels) finite images of
// cfg.Input values, 1 to MaxBatch of them, with labels in [0, Output).
func checkImages(cfg nn.Config, x []float64, labels []int) error {
	N := len(labels)
	if N < 1 || N > MaxBatch {
		return fmt.Errorf("stepper: batch of %d images is not in [1, %d]", N, MaxBatch)
	}
	if len(x) != N*cfg.Input {
		return fmt.Errorf("stepper: input has %d values, want %d (%d images of %d)", len(x), N*cfg.Input, N, cfg.Input)
	}
	for k, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("stepper: input x[%d,%d] is %v, want a finite value", k/cfg.Input, k%cfg.Input, v)
		}
	}
	for r, l := range labels {
		if l < 0 || l >= cfg.Output {
			return fmt.Errorf("stepper: label %d of image %d is not in [0, %d)", l, r, cfg.Output)
		}
	}
	return nil
}

// checkLR reports whether lr is a usable learning rate.
func checkLR(lr float64) error {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("stepper: learning rate %v must be positive and finite", lr)
	}
	return nil
}

// Dims returns the shape of tensor t: N×Input for x, Hidden×Output for
// dW2, 1×Output for db2, and so on (see Tensor); 0, 0 for an invalid t.
func (b *Batch) Dims(t Tensor) (rows, cols int) {
	switch t {
	case TensorX:
		return b.N, b.Input
	case TensorZ, TensorA, TensorDA, TensorDZ:
		return b.N, b.Hidden
	case TensorS, TensorY, TensorT, TensorDout:
		return b.N, b.Output
	case TensorDW2:
		return b.Hidden, b.Output
	case TensorDB2:
		return 1, b.Output
	case TensorDW1:
		return b.Input, b.Hidden
	case TensorDB1:
		return 1, b.Hidden
	}
	return 0, 0
}

// Values returns tensor t's values, row-major (Dims gives the shape), or
// nil for an invalid t. It is the Batch's own slice, not a copy: the caller
// must not change it.
func (b *Batch) Values(t Tensor) []float64 {
	switch t {
	case TensorX:
		return b.X
	case TensorZ:
		return b.Z
	case TensorA:
		return b.A
	case TensorS:
		return b.S
	case TensorY:
		return b.Y
	case TensorT:
		return b.T
	case TensorDout:
		return b.Dout
	case TensorDW2:
		return b.DW2
	case TensorDB2:
		return b.DB2
	case TensorDA:
		return b.DA
	case TensorDZ:
		return b.DZ
	case TensorDW1:
		return b.DW1
	case TensorDB1:
		return b.DB1
	}
	return nil
}

// At returns entry (i, j) of tensor t; for db1 and db2, i is 0. It returns
// an error if t is invalid or (i, j) is outside Dims(t).
func (b *Batch) At(t Tensor, i, j int) (float64, error) {
	if err := b.checkIndex(t, i, j); err != nil {
		return 0, err
	}
	_, c := b.Dims(t)
	return b.Values(t)[i*c+j], nil
}

// checkIndex reports whether (i, j) is an entry of tensor t.
func (b *Batch) checkIndex(t Tensor, i, j int) error {
	if !t.Valid() {
		return fmt.Errorf("stepper: unknown tensor %v", t)
	}
	r, c := b.Dims(t)
	if i < 0 || i >= r || j < 0 || j >= c {
		return fmt.Errorf("stepper: index (%d, %d) is outside %s, which is %d×%d", i, j, t, r, c)
	}
	return nil
}

// PredictedBefore returns the class with the highest probability for
// image n before the update (the first on ties, as np.argmax), or -1 if n
// is not in [0, N).
func (b *Batch) PredictedBefore(n int) int { return b.predicted(b.Y, n) }

// PredictedAfter is PredictedBefore after the update.
func (b *Batch) PredictedAfter(n int) int { return b.predicted(b.ProbsAfter, n) }

func (b *Batch) predicted(p []float64, n int) int {
	if n < 0 || n >= b.N {
		return -1
	}
	return nn.Argmax(p[n*b.Output : (n+1)*b.Output])
}
