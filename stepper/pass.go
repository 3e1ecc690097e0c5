package stepper

import (
	"fmt"
	"math"
	"slices"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Epsilon is the δ = 1e-7 that nn adds to the probability inside the log of
// the cross-entropy (book section 4.2.2), so the page can show the loss as
// Loss = -log(Y[Label] + Epsilon). nn does not export it; TestLossEpsilon
// checks that this value reproduces nn's loss.
const Epsilon = 1e-7

// SaturatedLow and SaturatedHigh bound the sigmoid outputs counted as
// saturated: below SaturatedLow or above SaturatedHigh the derivative
// z(1-z) is below 0.0475, so less than a fifth of its maximum 0.25 gets
// through the unit.
const (
	SaturatedLow  = 0.05
	SaturatedHigh = 0.95
)

// Pass holds every value of one forward and backward pass of a two-layer
// net on one input x with label t, copied out of the net's layers, and the
// effect of one SGD step. Vectors are plain slices; matrices are row-major
// (rows = inputs of the layer, as W). The batch is 1, so dout = y - t.
//
// Deprecated: Pass names Affine1's output A and the activation's output Z,
// the opposite of the names of issue 19 that Batch and Tensor use (there z
// is Affine1's output and a the activation's, so Pass.DZ is Batch.DA and
// Pass.DA is Batch.DZ). Use RunBatch, with one image if need be; Pass stays
// while the page's stepper reads it.
type Pass struct {
	Activation            nn.Activation // the hidden layer: ReLU or Sigmoid
	Input, Hidden, Output int           // sizes, 784, 50, 10 for MNIST
	Label                 int           // the class t
	LearningRate          float64       // lr of the update stage

	// The parameters the pass ran with (copies).
	W1 []float64 // Input×Hidden
	B1 []float64 // Hidden
	W2 []float64 // Hidden×Output
	B2 []float64 // Output

	// Forward.
	X []float64 // Input: the input x (Affine1's cached x)
	A []float64 // Hidden: a = x·W1 + b1 (Affine1's output)
	Z []float64 // Hidden: z = max(0, a) or sigmoid(a) (the activation's output)
	// Mask is nn's Relu mask, true where a ≤ 0: the unit is off, z = 0 and
	// the gradient is blocked there. It is nil for a Sigmoid net.
	Mask []bool
	// Saturated is true where the sigmoid's z < SaturatedLow or
	// z > SaturatedHigh, the units that pass almost no gradient. It is nil
	// for a ReLU net.
	Saturated []bool
	// Local is the factor between dz and da, the activation's local
	// derivative: 0 where masked and 1 elsewhere for ReLU, z(1-z) for
	// Sigmoid, so that DA = DZ ⊙ Local. It is computed here from Mask and
	// Z, not read from the layer, for display.
	Local []float64
	S     []float64 // Output: the scores s = z·W2 + b2 (Affine2's output)
	Y     []float64 // Output: y = softmax(s) (SoftmaxWithLoss's y)
	T     []float64 // Output: the one-hot label t (SoftmaxWithLoss's t)
	Loss  float64   // -log(y[t] + Epsilon), SoftmaxWithLoss's loss

	// Backward.
	Dout []float64 // Output: dout = (y - t)/1, SoftmaxWithLoss's dx
	DW2  []float64 // Hidden×Output: dW2 = zᵀ·dout
	DB2  []float64 // Output: db2 = dout
	DZ   []float64 // Hidden: dz = dout·W2ᵀ (Affine2's dx)
	DA   []float64 // Hidden: da, the activation's dx
	DW1  []float64 // Input×Hidden: dW1 = xᵀ·da
	DB1  []float64 // Hidden: db1 = da

	// Update: one SGD step W ← W - lr·dW on a copy of the net.
	ProbsBefore []float64 // Output: the prediction before (equal to Y)
	ProbsAfter  []float64 // Output: the prediction of the updated copy
	LossAfter   float64   // the updated copy's loss on the same x and t
}

// Run runs net forward and backward on one input x (Input values, e.g. 784
// pixels in [0, 1]) with label, copies every intermediate value into a Pass,
// then applies one SGD step with learning rate lr to a copy of the net and
// records its prediction. It is RunBatch with one image, its values renamed
// into a Pass; so it works on net.Clone(), and net, its parameters and its
// layers' caches are unchanged, and a broken layer plugged into net is not
// used.
//
// It returns an error, and never panics, if net is nil or not a two-layer
// net, len(x) is not the net's input size, x holds NaN or ±Inf, label is not
// in [0, Output), lr is not positive and finite, or the step with lr makes
// the prediction non-finite.
func Run(net *nn.TwoLayerNet, x []float64, label int, lr float64) (*Pass, error) {
	if err := check(net, x, label, lr); err != nil {
		return nil, err
	}
	b, err := RunBatch(net, x, []int{label}, lr)
	if err != nil {
		return nil, err
	}
	return &Pass{
		Activation: b.Activation,
		Input:      b.Input, Hidden: b.Hidden, Output: b.Output,
		Label:        label,
		LearningRate: lr,
		W1:           b.W1, B1: b.B1, W2: b.W2, B2: b.B2,
		X: b.X, A: b.Z, Z: b.A,
		Mask: b.Mask, Saturated: b.Saturated, Local: b.Local,
		S: b.S, Y: b.Y, T: b.T, Loss: b.Loss,
		Dout: b.Dout, DW2: b.DW2, DB2: b.DB2,
		DZ: b.DA, DA: b.DZ,
		DW1: b.DW1, DB1: b.DB1,
		ProbsBefore: slices.Clone(b.Y),
		ProbsAfter:  b.ProbsAfter,
		LossAfter:   b.LossAfter,
	}, nil
}

// check validates Run's arguments, with messages for a single image.
func check(net *nn.TwoLayerNet, x []float64, label int, lr float64) error {
	if err := checkNet(net); err != nil {
		return err
	}
	cfg := net.Config()
	if len(x) != cfg.Input {
		return fmt.Errorf("stepper: input has %d values, want %d", len(x), cfg.Input)
	}
	for i, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("stepper: input x[%d] is %v, want a finite value", i, v)
		}
	}
	if label < 0 || label >= cfg.Output {
		return fmt.Errorf("stepper: label %d is not in [0, %d)", label, cfg.Output)
	}
	return checkLR(lr)
}

// layersOf returns the layers of a net made by nn (NewTwoLayerNet or
// Clone), or an error if it has another structure.
func layersOf(n *nn.TwoLayerNet) (a1 *nn.Affine, act nn.Layer, a2 *nn.Affine, last *nn.SoftmaxWithLoss, err error) {
	if len(n.Layers) != 3 {
		return nil, nil, nil, nil, fmt.Errorf("stepper: net has %d layers, want 3", len(n.Layers))
	}
	a1, ok1 := n.Layers[0].(*nn.Affine)
	act = n.Layers[1]
	_, relu := act.(*nn.Relu)
	_, sigmoid := act.(*nn.Sigmoid)
	a2, ok2 := n.Layers[2].(*nn.Affine)
	last, ok3 := n.Last.(*nn.SoftmaxWithLoss)
	if !ok1 || !(relu || sigmoid) || !ok2 || !ok3 {
		return nil, nil, nil, nil, fmt.Errorf("stepper: net is %T, %T, %T, %T; want Affine, Relu or Sigmoid, Affine, SoftmaxWithLoss",
			n.Layers[0], n.Layers[1], n.Layers[2], n.Last)
	}
	return a1, act, a2, last, nil
}

// flat copies a matrix (row-major) or a vector out of nn's read-only views.
func flat(m mat.Matrix) []float64 {
	if v, ok := m.(mat.Vector); ok {
		out := make([]float64, v.Len())
		for i := range out {
			out[i] = v.AtVec(i)
		}
		return out
	}
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			out = append(out, m.At(i, j))
		}
	}
	return out
}

// denseData copies m's elements in row-major order.
func denseData(m *mat.Dense) []float64 {
	raw := m.RawMatrix()
	out := make([]float64, 0, raw.Rows*raw.Cols)
	for i := range raw.Rows {
		out = append(out, raw.Data[i*raw.Stride:i*raw.Stride+raw.Cols]...)
	}
	return out
}

// MaskedCount returns how many hidden units are off (a ≤ 0) in a ReLU net;
// 0 for a Sigmoid net.
func (p *Pass) MaskedCount() int { return count(p.Mask) }

// SaturatedCount returns how many hidden units are saturated in a Sigmoid
// net; 0 for a ReLU net.
func (p *Pass) SaturatedCount() int { return count(p.Saturated) }

func count(b []bool) int {
	n := 0
	for _, v := range b {
		if v {
			n++
		}
	}
	return n
}

// PredictedBefore and PredictedAfter return the class with the highest
// probability before and after the update (the first one on ties, as
// np.argmax).
func (p *Pass) PredictedBefore() int { return nn.Argmax(p.ProbsBefore) }

// PredictedAfter: see PredictedBefore.
func (p *Pass) PredictedAfter() int { return nn.Argmax(p.ProbsAfter) }
