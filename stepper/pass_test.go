package stepper

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// Tolerances. The engine and the stepper run the same layers and kernels on
// the same numbers, so they agree up to rounding; recomputing a value with
// plain loops changes only the order of additions (at most 784 terms of
// magnitude ≲ 1), which moves the result by ≲ 1e-13 relative. A wrong
// formula (a missing transpose, mask or ÷batch) is off by ≳ 1e-3.
const (
	sameEngine = 1e-12
	plainLoops = 1e-10
)

var netCases = []struct {
	name  string
	cfg   nn.Config
	label int
}{
	{"relu/book", nn.DefaultConfig(), 7},
	{"relu/he", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 3}, 0},
	{"sigmoid/xavier", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 4}, 9},
	// Large weights saturate many sigmoid units.
	{"sigmoid/saturating", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitBook, WeightStd: 0.3, Seed: 5}, 3},
	{"small", nn.Config{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 6}, 5},
}

// TestRunMatchesEngine compares the pass with what the net's own methods
// compute on the same input: Predict, Probabilities, Loss and Gradient.
func TestRunMatchesEngine(t *testing.T) {
	for k, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x := mnistLike(rand.New(rand.NewPCG(uint64(k), 10)), c.cfg.Input)
			before := paramBits(net)
			p, err := Run(net, x, c.label, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			// Nothing ran on the caller's net: its layers cached nothing.
			if net.Layers[0].(*nn.Affine).X() != nil || net.Last.(*nn.SoftmaxWithLoss).Y() != nil {
				t.Error("Run ran the caller's net instead of a clone")
			}
			xm := mat.NewDense(1, c.cfg.Input, append([]float64(nil), x...))
			labels := []int{c.label}

			assertClose(t, "S", p.S, rowMajor(net.Predict(xm)), sameEngine)
			var probs mat.Dense
			net.Probabilities(xm, &probs)
			assertClose(t, "Y", p.Y, rowMajor(&probs), sameEngine)
			if want := net.Loss(xm, labels); !scalar.EqualWithinAbsOrRel(p.Loss, want, sameEngine, sameEngine) {
				t.Errorf("Loss = %v, net.Loss = %v", p.Loss, want)
			}
			loss, g := net.Gradient(xm, labels)
			if !scalar.EqualWithinAbsOrRel(p.Loss, loss, sameEngine, sameEngine) {
				t.Errorf("Loss = %v, Gradient's loss = %v", p.Loss, loss)
			}
			assertClose(t, "DW1", p.DW1, rowMajor(g.W1), sameEngine)
			assertClose(t, "DB1", p.DB1, rowMajor(g.B1), sameEngine)
			assertClose(t, "DW2", p.DW2, rowMajor(g.W2), sameEngine)
			assertClose(t, "DB2", p.DB2, rowMajor(g.B2), sameEngine)
			assertClose(t, "W1", p.W1, rowMajor(net.W1()), 0)
			assertClose(t, "W2", p.W2, rowMajor(net.W2()), 0)
			assertClose(t, "X", p.X, x, 0)

			after := paramBits(net)
			for i := range before {
				if before[i] != after[i] {
					t.Fatalf("parameter %d of the caller's net changed", i)
				}
			}
			if p.Activation != c.cfg.Activation || p.Label != c.label || p.LearningRate != 0.1 ||
				p.Input != c.cfg.Input || p.Hidden != c.cfg.Hidden || p.Output != c.cfg.Output {
				t.Errorf("pass header %v %d %v %d %d %d", p.Activation, p.Label, p.LearningRate, p.Input, p.Hidden, p.Output)
			}
		})
	}
}

// TestRunByHand recomputes every stage from the parameters with plain
// loops and the book's formulas.
func TestRunByHand(t *testing.T) {
	for k, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x := mnistLike(rand.New(rand.NewPCG(uint64(k), 20)), c.cfg.Input)
			p, err := Run(net, x, c.label, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			in, hid, out := c.cfg.Input, c.cfg.Hidden, c.cfg.Output
			W1, B1, W2, B2 := rowMajor(net.W1()), rowMajor(net.B1()), rowMajor(net.W2()), rowMajor(net.B2())

			a := make([]float64, hid)
			for j := range a {
				a[j] = B1[j]
				for i := range in {
					a[j] += x[i] * W1[i*hid+j]
				}
			}
			assertClose(t, "A", p.A, a, plainLoops)

			z, local := make([]float64, hid), make([]float64, hid)
			for j, v := range p.A {
				switch c.cfg.Activation {
				case nn.ActReLU:
					if v > 0 {
						z[j], local[j] = v, 1
					}
					if p.Mask[j] != (v <= 0) {
						t.Errorf("Mask[%d] = %v for a = %v", j, p.Mask[j], v)
					}
				case nn.ActSigmoid:
					z[j] = 1 / (1 + math.Exp(-v))
					local[j] = z[j] * (1 - z[j])
					if p.Saturated[j] != (z[j] < 0.05 || z[j] > 0.95) {
						t.Errorf("Saturated[%d] = %v for z = %v", j, p.Saturated[j], z[j])
					}
				}
			}
			assertClose(t, "Z", p.Z, z, plainLoops)
			assertClose(t, "Local", p.Local, local, plainLoops)
			switch c.cfg.Activation {
			case nn.ActReLU:
				if p.Saturated != nil || len(p.Mask) != hid {
					t.Errorf("ReLU pass: %d mask values, Saturated %v", len(p.Mask), p.Saturated)
				}
				// Both an on and an off unit, so the masking below is tested.
				if m := p.MaskedCount(); m == 0 || m == hid {
					t.Errorf("%d of %d units masked, want some on and some off", m, hid)
				}
			case nn.ActSigmoid:
				if p.Mask != nil || len(p.Saturated) != hid || p.MaskedCount() != 0 {
					t.Errorf("Sigmoid pass: Mask %v, %d saturated flags", p.Mask, len(p.Saturated))
				}
				if c.name == "sigmoid/saturating" && p.SaturatedCount() == 0 {
					t.Error("no saturated unit with weights of std 0.3")
				}
			}

			s := make([]float64, out)
			for o := range s {
				s[o] = B2[o]
				for j := range hid {
					s[o] += z[j] * W2[j*out+o]
				}
			}
			assertClose(t, "S", p.S, s, plainLoops)
			maxS := s[0]
			for _, v := range s {
				maxS = math.Max(maxS, v)
			}
			y, sum := make([]float64, out), 0.0
			for o, v := range s {
				y[o] = math.Exp(v - maxS)
				sum += y[o]
			}
			for o := range y {
				y[o] /= sum
			}
			assertClose(t, "Y", p.Y, y, plainLoops)
			assertClose(t, "ProbsBefore", p.ProbsBefore, y, plainLoops)
			if want := -math.Log(p.Y[c.label] + Epsilon); !scalar.EqualWithinAbsOrRel(p.Loss, want, plainLoops, plainLoops) {
				t.Errorf("Loss = %v, want -log(y[t] + 1e-7) = %v", p.Loss, want)
			}
			tOneHot := make([]float64, out)
			tOneHot[c.label] = 1
			assertClose(t, "T", p.T, tOneHot, 0)

			dout := make([]float64, out)
			for o := range dout {
				dout[o] = y[o] - tOneHot[o] // ÷ batch = 1
			}
			assertClose(t, "Dout", p.Dout, dout, plainLoops)
			assertClose(t, "DB2", p.DB2, dout, plainLoops)
			dW2, dz := make([]float64, hid*out), make([]float64, hid)
			for j := range hid {
				for o := range out {
					dW2[j*out+o] = z[j] * dout[o]
					dz[j] += dout[o] * W2[j*out+o]
				}
			}
			assertClose(t, "DW2", p.DW2, dW2, plainLoops)
			assertClose(t, "DZ", p.DZ, dz, plainLoops)

			da := make([]float64, hid)
			for j := range da {
				da[j] = dz[j] * local[j]
				// The mask sets da to exactly 0, not to something small.
				if p.Mask != nil && p.Mask[j] && p.DA[j] != 0 {
					t.Errorf("DA[%d] = %v for a masked unit, want exactly 0", j, p.DA[j])
				}
			}
			assertClose(t, "DA", p.DA, da, plainLoops)
			assertClose(t, "DB1", p.DB1, da, plainLoops)
			dW1 := make([]float64, in*hid)
			for i := range in {
				for j := range hid {
					dW1[i*hid+j] = x[i] * da[j]
				}
			}
			assertClose(t, "DW1", p.DW1, dW1, plainLoops)
		})
	}
}

// TestRunUpdate repeats the update stage by hand: W ← W - lr·dW with the
// engine's gradient, loaded into a fresh net with SetParams.
func TestRunUpdate(t *testing.T) {
	for k, c := range netCases {
		for _, lr := range []float64{0.01, 0.1, 1} {
			t.Run(fmt.Sprintf("%s/lr=%v", c.name, lr), func(t *testing.T) {
				net := newNet(t, c.cfg)
				x := mnistLike(rand.New(rand.NewPCG(uint64(k), 30)), c.cfg.Input)
				p, err := Run(net, x, c.label, lr)
				if err != nil {
					t.Fatal(err)
				}
				xm := mat.NewDense(1, c.cfg.Input, x)
				_, g := net.Gradient(xm, []int{c.label})
				step := func(w, d mat.Matrix) []float64 {
					v, dv := rowMajor(w), rowMajor(d)
					for i := range v {
						v[i] -= lr * dv[i]
					}
					return v
				}
				upd := net.Clone()
				if err := upd.SetParams(step(net.W1(), g.W1), step(net.B1(), g.B1), step(net.W2(), g.W2), step(net.B2(), g.B2)); err != nil {
					t.Fatal(err)
				}
				var probs mat.Dense
				upd.Probabilities(xm, &probs)
				assertClose(t, "ProbsAfter", p.ProbsAfter, rowMajor(&probs), sameEngine)
				if want := upd.Loss(xm, []int{c.label}); !scalar.EqualWithinAbsOrRel(p.LossAfter, want, sameEngine, sameEngine) {
					t.Errorf("LossAfter = %v, want %v", p.LossAfter, want)
				}
				// A small step against the gradient lowers the loss.
				if lr <= 0.1 && !(p.LossAfter < p.Loss) {
					t.Errorf("lr %v: loss %v → %v, want a decrease", lr, p.Loss, p.LossAfter)
				}
				if p.PredictedAfter() != nn.Argmax(rowMajor(&probs)) || p.PredictedBefore() != nn.Argmax(p.Y) {
					t.Error("PredictedBefore/After disagree with the probabilities")
				}
			})
		}
	}
}

func TestUnit(t *testing.T) {
	for k, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x := mnistLike(rand.New(rand.NewPCG(uint64(k), 40)), c.cfg.Input)
			p, err := Run(net, x, c.label, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for j := range c.cfg.Hidden {
				u, err := p.Unit(j)
				if err != nil {
					t.Fatal(err)
				}
				// The engine's kernel adds the products in another order.
				if !scalar.EqualWithinAbsOrRel(u.Sum+u.Bias, p.A[j], plainLoops, plainLoops) || u.A != p.A[j] || u.J != j {
					t.Fatalf("unit %d: Σ products %v + bias %v ≠ a %v (A field %v)", j, u.Sum, u.Bias, p.A[j], u.A)
				}
				if u.Bias != net.B1().AtVec(j) {
					t.Errorf("unit %d: bias %v, want %v", j, u.Bias, net.B1().AtVec(j))
				}
				for i := range c.cfg.Input {
					w := net.W1().At(i, j)
					if u.Template[i] != w || u.Products[i] != x[i]*w {
						t.Fatalf("unit %d, input %d: template %v, product %v; want %v, %v", j, i, u.Template[i], u.Products[i], w, x[i]*w)
					}
				}
			}
			for _, j := range []int{-1, c.cfg.Hidden} {
				if _, err := p.Unit(j); err == nil || !strings.Contains(err.Error(), "is not in [0,") {
					t.Errorf("Unit(%d): error %v", j, err)
				}
			}
		})
	}
}

func TestRunErrors(t *testing.T) {
	good := newNet(t, nn.DefaultConfig())
	x := make([]float64, 784)
	withX := func(i int, v float64) []float64 {
		y := append([]float64(nil), x...)
		y[i] = v
		return y
	}
	oneAffine := newNet(t, nn.DefaultConfig())
	oneAffine.Layers = oneAffine.Layers[1:]
	for _, c := range []struct {
		name  string
		net   *nn.TwoLayerNet
		x     []float64
		label int
		lr    float64
		want  string
	}{
		{"nil net", nil, x, 0, 0.1, "stepper: no net"},
		{"zero net", &nn.TwoLayerNet{}, x, 0, 0.1, "stepper: net: nn: input size 0 must be positive"},
		{"one parametric layer", oneAffine, x, 0, 0.1, "stepper: net has 1 parametric layers, want 2"},
		{"short input", good, x[:783], 0, 0.1, "stepper: input has 783 values, want 784"},
		{"NaN", good, withX(5, math.NaN()), 0, 0.1, "stepper: input x[5] is NaN, want a finite value"},
		{"Inf", good, withX(783, math.Inf(-1)), 0, 0.1, "stepper: input x[783] is -Inf, want a finite value"},
		{"negative label", good, x, -1, 0.1, "stepper: label -1 is not in [0, 10)"},
		{"label too large", good, x, 10, 0.1, "stepper: label 10 is not in [0, 10)"},
		{"zero lr", good, x, 0, 0, "stepper: learning rate 0 must be positive and finite"},
		{"negative lr", good, x, 0, -0.1, "stepper: learning rate -0.1 must be positive and finite"},
		{"NaN lr", good, x, 0, math.NaN(), "stepper: learning rate NaN must be positive and finite"},
		{"Inf lr", good, x, 0, math.Inf(1), "stepper: learning rate +Inf must be positive and finite"},
		{"overflowing lr", good, withX(0, 1), 0, math.MaxFloat64, "stepper: learning rate 1.7976931348623157e+308 makes the updated net's probabilities non-finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, err := Run(c.net, c.x, c.label, c.lr)
			if err == nil || err.Error() != c.want || p != nil {
				t.Errorf("Run = %v, %v; want nil, %q", p, err, c.want)
			}
		})
	}
}

// TestLossEpsilon checks that Epsilon is nn's: with a probability far below
// 1e-7 at the label, the loss is -log(y[t] + 1e-7) ≈ 16.1, not -log(y[t]).
func TestLossEpsilon(t *testing.T) {
	net := newNet(t, nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitBook, WeightStd: 1, Seed: 8})
	x := mnistLike(rand.New(rand.NewPCG(8, 50)), 784)
	probe, err := Run(net, x, 0, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	label := 0
	for o, y := range probe.Y {
		if y < probe.Y[label] {
			label = o
		}
	}
	p, err := Run(net, x, label, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if p.Y[label] > 1e-12 {
		t.Fatalf("y[t] = %v, need ≤ 1e-12 for the epsilon to dominate", p.Y[label])
	}
	want := -math.Log(p.Y[label] + Epsilon)
	// Same formula on the same y: rounding only. Without the epsilon
	// the loss would be ≥ -log(1e-12) ≈ 27.6 instead of ≈ 16.1.
	if !scalar.EqualWithinAbsOrRel(p.Loss, want, 1e-12, 1e-12) {
		t.Errorf("Loss = %v, want -log(%v + %v) = %v", p.Loss, p.Y[label], Epsilon, want)
	}
}
