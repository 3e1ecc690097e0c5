package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// brokenRelu forgets its mask in Backward, the bug the gradient check must
// catch.
type brokenRelu struct{ *Relu }

func (b brokenRelu) Backward(dout *mat.Dense) *mat.Dense { return mat.DenseCopyOf(dout) }

// layerGradDiff returns the largest |numerical - backprop| of dx for
// f(x) = Σ Forward(x)⊙G, whose gradient is Backward(G).
func layerGradDiff(l Layer, x, G *mat.Dense) float64 {
	l.Forward(x)
	dx := rawOf(l.Backward(G))
	num := numGrad(denseData(x), func() float64 { return dotAll(l.Forward(x), G) })
	var worst float64
	for i := range num {
		worst = max(worst, math.Abs(num[i]-dx[i]))
	}
	return worst
}

func TestLayerGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	cases := []struct {
		name string
		l    Layer
		x    *mat.Dense
		// tol: ReLU and Affine are (piecewise) linear, so the central
		// difference is exact up to rounding, ~1e-16·|f|/h ≈ 1e-11; Sigmoid
		// adds the O(h²) truncation error, h²/6·|f'''| < 1e-9. 1e-7 is well
		// above both and far below a real bug (O(0.1)).
		tol      float64
		mustFail bool
	}{
		// ReLU inputs have |x| ≥ 0.1 ≫ h, so no difference straddles the kink.
		{"Relu", NewRelu("Relu1"), awayFromZero(rng, 3, 5, 0.1, 2), 1e-7, false},
		{"Sigmoid", NewSigmoid("Sigmoid1"), randDense(rng, 3, 5, -4, 4), 1e-7, false},
		{"Affine", NewAffine("Affine1", randDense(rng, 4, 5, -1, 1), mat.NewVecDense(5, []float64{.1, -.2, .3, 0, 1})), randDense(rng, 3, 4, -1, 1), 1e-7, false},
		{"broken Relu must fail", brokenRelu{NewRelu("Relu1")}, awayFromZero(rng, 3, 5, 0.1, 2), 1e-7, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r := c.x.RawMatrix().Rows
			_, oc := c.l.Forward(c.x).Dims()
			G := randDense(rng, r, oc, -1, 1)
			diff := layerGradDiff(c.l, c.x, G)
			if c.mustFail {
				if diff <= c.tol {
					t.Errorf("max |numerical - backprop| = %g ≤ %g: the check did not catch the bug", diff, c.tol)
				}
				return
			}
			if diff > c.tol {
				t.Errorf("max |numerical - backprop| = %g > %g", diff, c.tol)
			}
		})
	}
}

func TestAffineParamGradients(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	W := randDense(rng, 4, 5, -1, 1)
	b := mat.NewVecDense(5, []float64{.1, -.2, .3, 0, 1})
	a := NewAffine("Affine1", W, b)
	x := randDense(rng, 3, 4, -1, 1)
	G := randDense(rng, 3, 5, -1, 1)
	a.Forward(x)
	a.Backward(G)
	dW, db := a.Grads()
	f := func() float64 { return dotAll(a.Forward(x), G) }
	// Linear in W and b: only rounding error, see TestLayerGradients.
	const tol = 1e-7
	assertClose(t, "dW", rawOf(dW), numGrad(denseData(W), f), tol)
	assertClose(t, "db", vecData(db), numGrad(vecData(b), f), tol)

	t.Run("SkipDX", func(t *testing.T) {
		a.SkipDX = true
		if dx := a.Backward(G); dx != nil {
			t.Error("Backward with SkipDX returned dx")
		}
		if a.DX() != nil {
			t.Error("DX() with SkipDX is not nil")
		}
		dW2, _ := a.Grads()
		assertClose(t, "dW with SkipDX", rawOf(dW2), rawOf(dW), 0)
	})
}

func TestSoftmaxWithLossGradient(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	// The epsilon inside the log makes the true derivative of the loss
	// ρ·(y - t)/batch with ρ = y_l/(y_l + 1e-7), not (y - t)/batch as
	// Backward returns: a relative difference of 1e-7/y_l. Both cases keep
	// the label's probability y_l ≥ 0.04, so that is < 3e-6·|dx| < 1e-6; the
	// truncation error of the central difference, h²/6·|f'''|, is ~1e-9. A
	// real bug is O(0.1).
	const tol = 1e-6
	for _, c := range []struct {
		name   string
		scores *mat.Dense
		argmax bool // label each row with its highest score
	}{
		{"small scores, random labels", randDense(rng, 3, 4, -1, 1), false},
		{"larger scores, labels at the maximum", randDense(rng, 3, 4, -5, 5), true},
	} {
		t.Run(c.name, func(t *testing.T) {
			s := NewSoftmaxWithLoss()
			labels := randLabels(rng, 3, 4)
			if c.argmax {
				for i := range labels {
					labels[i] = argmax(mat.Row(nil, i, c.scores))
				}
			}
			s.Forward(c.scores, labels)
			dx := rawOf(s.Backward())
			num := numGrad(denseData(c.scores), func() float64 { return s.Forward(c.scores, labels) })
			assertClose(t, "dx", dx, num, tol)
		})
	}
}

func argmax(v []float64) int {
	best := 0
	for i, x := range v {
		if x > v[best] {
			best = i
		}
	}
	return best
}

// forgetsBatch is a softmax whose backward forgets ÷batch.
type forgetsBatch struct{ *SoftmaxWithLoss }

func (f forgetsBatch) Backward() *mat.Dense {
	var d mat.Dense
	d.Sub(f.Y(), f.T())
	return &d
}

func TestSoftmaxForgettingBatchFailsCheck(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	var s LossLayer = forgetsBatch{NewSoftmaxWithLoss()}
	x := randDense(rng, 3, 4, -1, 1)
	labels := []int{0, 3, 1}
	s.Forward(x, labels)
	dx := rawOf(s.Backward())
	num := numGrad(denseData(x), func() float64 { return s.Forward(x, labels) })
	var worst float64
	for i := range num {
		worst = max(worst, math.Abs(num[i]-dx[i]))
	}
	// The bug multiplies the gradient by 3, so the difference is O(0.1).
	if worst < 1e-3 {
		t.Errorf("max difference %g: the check did not catch the missing ÷batch", worst)
	}
}

func TestSoftmaxOneHotMatchesIndices(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	x := randDense(rng, 5, 6, -3, 3)
	labels := randLabels(rng, 5, 6)
	onehot := mat.NewDense(5, 6, nil)
	for i, l := range labels {
		onehot.Set(i, l, 1)
	}
	a, b := NewSoftmaxWithLoss(), NewSoftmaxWithLoss()
	la := a.Forward(x, labels)
	lb := b.ForwardOneHot(x, onehot)
	// Adding 0·log(y) leaves the sum unchanged, so the two are bit-identical.
	if math.Float64bits(la) != math.Float64bits(lb) {
		t.Errorf("loss with indices %v, with one-hot %v", la, lb)
	}
	if !sameBits(rawOf(a.Backward()), rawOf(b.Backward())) {
		t.Error("dx with indices and with one-hot differ")
	}
	if !sameBits(rawOf(a.T()), rawOf(onehot)) {
		t.Error("T() is not the one-hot of the labels")
	}
}

func TestSoftmaxStableForLargeScores(t *testing.T) {
	s := NewSoftmaxWithLoss()
	x := mat.NewDense(3, 3, []float64{
		1000, 0, -1000,
		1000, 1000, 1000,
		-1000, -1000, -999,
	})
	loss := s.Forward(x, []int{0, 1, 2})
	if math.IsNaN(loss) || math.IsInf(loss, 0) {
		t.Fatalf("loss = %v for scores ±1000", loss)
	}
	// Row probabilities: (1, 0, 0), (1/3, 1/3, 1/3), (e⁻¹, e⁻¹, 1)/(1+2e⁻¹).
	e := math.Exp(-1)
	want := []float64{1, 0, 0, 1. / 3, 1. / 3, 1. / 3, e / (1 + 2*e), e / (1 + 2*e), 1 / (1 + 2*e)}
	// Only a few roundings in each value.
	assertClose(t, "y", rawOf(s.Y()), want, 1e-15)
	wantLoss := -(math.Log(1+crossEntropyEps) + math.Log(1./3+crossEntropyEps) + math.Log(1/(1+2*e)+crossEntropyEps)) / 3
	assertClose(t, "loss", []float64{loss}, []float64{wantLoss}, 1e-15)
	for _, v := range rawOf(s.Backward()) {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Fatalf("dx has %v", v)
		}
	}
	// A wrong label with probability 0 costs -log(1e-7), not +Inf.
	loss = s.Forward(mat.NewDense(1, 2, []float64{1000, -1000}), []int{1})
	assertClose(t, "loss of a zero probability", []float64{loss}, []float64{-math.Log(crossEntropyEps)}, 1e-15)
}

func TestLayersDoNotModifyInputs(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, l := range []Layer{
		NewRelu("Relu1"),
		NewSigmoid("Sigmoid1"),
		NewAffine("Affine1", randDense(rng, 4, 4, -1, 1), mat.NewVecDense(4, nil)),
	} {
		t.Run(l.Name(), func(t *testing.T) {
			x := awayFromZero(rng, 3, 4, 0.1, 1)
			dout := awayFromZero(rng, 3, 4, 0.1, 1)
			x0, dout0 := rawOf(x), rawOf(dout)
			l.Forward(x)
			l.Backward(dout)
			if !sameBits(rawOf(x), x0) {
				t.Error("Forward or Backward modified x")
			}
			if !sameBits(rawOf(dout), dout0) {
				t.Error("Backward modified dout")
			}
		})
	}
	t.Run("SoftmaxWithLoss", func(t *testing.T) {
		x := randDense(rng, 3, 4, -1, 1)
		labels := []int{3, 0, 2}
		x0 := rawOf(x)
		s := NewSoftmaxWithLoss()
		s.Forward(x, labels)
		s.Backward()
		onehot := mat.NewDense(3, 4, []float64{0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0})
		t0 := rawOf(onehot)
		s.ForwardOneHot(x, onehot)
		s.Backward()
		if !sameBits(rawOf(x), x0) {
			t.Error("x modified")
		}
		if labels[0] != 3 || labels[1] != 0 || labels[2] != 2 {
			t.Errorf("labels modified: %v", labels)
		}
		if !sameBits(rawOf(onehot), t0) {
			t.Error("one-hot t modified")
		}
	})
}

func TestReluMaskAndViews(t *testing.T) {
	r := NewRelu("Relu1")
	x := mat.NewDense(2, 3, []float64{-1, 0, 2, 3, -0.5, 0.25})
	r.Forward(x)
	wantMask := []float64{1, 1, 0, 0, 1, 0}
	if got := rawOf(r.Mask()); !sameBits(got, wantMask) {
		t.Errorf("mask %v, want %v", got, wantMask)
	}
	if !r.Masked(0, 1) || r.Masked(1, 0) {
		t.Error("Masked disagrees with the mask")
	}
	if got, want := rawOf(r.Out()), []float64{0, 0, 2, 3, 0, 0.25}; !sameBits(got, want) {
		t.Errorf("out %v, want %v", got, want)
	}
	dx := r.Backward(mat.NewDense(2, 3, []float64{1, 2, 3, 4, 5, 6}))
	if got, want := rawOf(dx), []float64{0, 0, 3, 4, 0, 6}; !sameBits(got, want) {
		t.Errorf("dx %v, want %v", got, want)
	}
	// The views must not give write access to the layer's memory.
	for name, v := range map[string]mat.Matrix{"Out": r.Out(), "X": r.X(), "DX": r.DX(), "Mask": r.Mask()} {
		if _, ok := v.(*mat.Dense); ok {
			t.Errorf("%s returns a *mat.Dense", name)
		}
		if _, ok := v.(mat.RawMatrixer); ok {
			t.Errorf("%s exposes its raw data", name)
		}
	}
}
