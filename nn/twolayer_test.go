package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// smallNet returns a 4→5→3 net and a batch of 3 whose hidden
// pre-activations all have |a| ≥ 0.05 (away from ReLU's kink, since the
// central difference moves them by at most ~h·|x|), trying seeds in turn.
func smallNet(t *testing.T, act Activation, init Init) (*TwoLayerNet, *mat.Dense, []int) {
	t.Helper()
	for seed := uint64(1); seed < 100; seed++ {
		c := Config{Input: 4, Hidden: 5, Output: 3, Activation: act, Init: init, WeightStd: 0.5, Seed: seed}
		n, err := NewTwoLayerNet(c)
		if err != nil {
			t.Fatal(err)
		}
		// Non-zero biases, so their gradients are exercised too.
		rng := rand.New(rand.NewPCG(seed, 99))
		for _, b := range []*mat.VecDense{n.B1(), n.B2()} {
			for i := range b.Len() {
				b.SetVec(i, rng.Float64()-0.5)
			}
		}
		x := randDense(rng, 3, 4, -1, 1)
		labels := randLabels(rng, 3, 3)
		a := n.Layers[0].Forward(x)
		ok := true
		for _, v := range rawOf(a) {
			ok = ok && math.Abs(v) >= 0.05
		}
		if ok {
			return n, x, labels
		}
	}
	t.Fatal("no seed keeps the hidden layer away from 0")
	return nil, nil, nil
}

func TestNetGradientMatchesNumerical(t *testing.T) {
	for _, c := range []struct {
		act  Activation
		init Init
	}{
		{ActReLU, InitBook}, {ActReLU, InitHe}, {ActSigmoid, InitBook}, {ActSigmoid, InitXavier},
	} {
		t.Run(c.act.String()+"/"+c.init.String(), func(t *testing.T) {
			n, x, labels := smallNet(t, c.act, c.init)
			before := params(n)
			d := GradCheck(n, x, labels, nil)
			// Truncation error ~h²·|f'''| ≈ 1e-9 plus the log's epsilon
			// (relative 1e-7/y ≲ 1e-6 for 3 classes at these scales); the book
			// gets 1e-10..1e-7 on MNIST. A real bug is ≳ 1e-3.
			if d.Max() > 1e-6 {
				t.Errorf("mean |numerical - backprop| = %+v, want all ≤ 1e-6", d)
			}
			if !sameBits(params(n), before) {
				t.Error("GradCheck changed the parameters")
			}
		})
	}
}

// noTransposeAffine is an Affine whose backward computes dx = dout·W instead
// of dout·Wᵀ. It only type-checks for a square W, as here (5×5 is not
// possible in 4→5→3, so it replaces Affine2 of a 4→3→3 net).
type noTransposeAffine struct{ *Affine }

func (a noTransposeAffine) Backward(dout *mat.Dense) *mat.Dense {
	a.Affine.Backward(dout)
	W, _ := a.Params()
	var dx mat.Dense
	dx.Mul(dout, W)
	return &dx
}

func TestBrokenLayersFailGradCheck(t *testing.T) {
	for _, c := range []struct {
		name   string
		cfg    Config
		break_ func(n *TwoLayerNet)
	}{
		{"Relu without mask", Config{Input: 4, Hidden: 5, Output: 3, WeightStd: 0.5, Seed: 3}, func(n *TwoLayerNet) {
			n.Layers[1] = brokenRelu{NewRelu("Relu1")}
		}},
		{"Affine2 without transpose", Config{Input: 4, Hidden: 3, Output: 3, WeightStd: 0.5, Seed: 3}, func(n *TwoLayerNet) {
			n.Layers[2] = noTransposeAffine{NewAffine("Affine2", n.W2(), n.B2())}
		}},
		{"softmax without ÷batch", Config{Input: 4, Hidden: 5, Output: 3, WeightStd: 0.5, Seed: 3}, func(n *TwoLayerNet) {
			n.Last = forgetsBatch{NewSoftmaxWithLoss()}
		}},
	} {
		t.Run(c.name, func(t *testing.T) {
			n, err := NewTwoLayerNet(c.cfg)
			if err != nil {
				t.Fatal(err)
			}
			rng := rand.New(rand.NewPCG(5, 5))
			x := randDense(rng, 3, 4, -1, 1)
			labels := []int{0, 1, 2}
			c.break_(n)
			// A correct net gives ≤ 1e-6 (TestNetGradientMatchesNumerical);
			// these bugs give differences of the order of the gradient itself.
			if d := GradCheck(n, x, labels, nil); d.Max() < 1e-4 {
				t.Errorf("GradCheck = %+v: the broken layer was not caught", d)
			}
		})
	}
}

// TestGradCheckMNISTSize is the book's gradient_check.py: 784→50→10 on 3
// images (synthetic here, MNIST-like: mostly 0 with some bright strokes).
func TestGradCheckMNISTSize(t *testing.T) {
	if testing.Short() {
		t.Skip("79,520 forward passes")
	}
	n, err := NewTwoLayerNet(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2024, 5))
	x := mat.NewDense(3, 784, nil)
	for i := range 3 {
		for j := range 784 {
			if rng.Float64() < 0.2 {
				x.Set(i, j, rng.Float64())
			}
		}
	}
	labels := []int{7, 2, 1}
	calls := 0
	d := GradCheck(n, x, labels, func(done, total int) {
		calls++
		if done != calls || total != 784*50+50+50*10+10 {
			t.Fatalf("progress(%d, %d) at call %d", done, total, calls)
		}
	})
	t.Logf("mean |numerical - backprop|: W1 %.3g, b1 %.3g, W2 %.3g, b2 %.3g", d.W1, d.B1, d.W2, d.B2)
	// The book prints 4e-10 .. 1.4e-7 for this check.
	if d.Max() > 1e-6 {
		t.Errorf("GradCheck = %+v, want all < 1e-6", d)
	}
}

// TestGradCheckElements checks the per-element check against its parts:
// Numerical is NumericalGradient, Backprop is Gradient, Diff their absolute
// difference, and Mean exactly GradCheck's four numbers. With Relu's mask
// forgotten only the W1 columns and b1 entries of units that are off for
// some sample go wrong.
func TestGradCheckElements(t *testing.T) {
	for _, c := range []struct {
		name   string
		broken bool
	}{{"correct", false}, {"Relu without mask", true}} {
		t.Run(c.name, func(t *testing.T) {
			n, x, labels := smallNet(t, ActReLU, InitBook)
			if c.broken {
				n.Layers[1] = brokenRelu{NewRelu("Relu1")}
			}
			before := params(n)
			calls := 0
			r := GradCheckElements(n, x, labels, func(done, total int) { calls++ })
			if total := 4*5 + 5 + 5*3 + 3; calls != total {
				t.Errorf("progress called %d times, want %d", calls, total)
			}
			if !sameBits(params(n), before) {
				t.Error("GradCheckElements changed the parameters")
			}
			// The same computations in the same order: equal bit for bit.
			if d := GradCheck(n, x, labels, nil); d != r.Mean {
				t.Errorf("Mean = %+v, GradCheck = %+v", r.Mean, d)
			}
			num := n.NumericalGradient(x, labels, nil)
			_, bp := n.Gradient(x, labels)
			for _, p := range []struct {
				name            string
				diff, num, bp   []float64
				wantNum, wantBp []float64
				mean            float64
			}{
				{"W1", rawOf(r.Diff.W1), rawOf(r.Numerical.W1), rawOf(r.Backprop.W1), rawOf(num.W1), rawOf(bp.W1), r.Mean.W1},
				{"b1", rawOf(r.Diff.B1), rawOf(r.Numerical.B1), rawOf(r.Backprop.B1), rawOf(num.B1), rawOf(bp.B1), r.Mean.B1},
				{"W2", rawOf(r.Diff.W2), rawOf(r.Numerical.W2), rawOf(r.Backprop.W2), rawOf(num.W2), rawOf(bp.W2), r.Mean.W2},
				{"b2", rawOf(r.Diff.B2), rawOf(r.Numerical.B2), rawOf(r.Backprop.B2), rawOf(num.B2), rawOf(bp.B2), r.Mean.B2},
			} {
				if !sameBits(p.num, p.wantNum) || !sameBits(p.bp, p.wantBp) {
					t.Errorf("%s: Numerical or Backprop differ from NumericalGradient and Gradient", p.name)
				}
				var sum float64
				for i, d := range p.diff {
					if d != math.Abs(p.num[i]-p.bp[i]) {
						t.Fatalf("%s Diff[%d] = %v, want |%v - %v|", p.name, i, d, p.num[i], p.bp[i])
					}
					sum += d
				}
				if mean := sum / float64(len(p.diff)); mean != p.mean {
					t.Errorf("%s: Mean %v, mean of Diff %v", p.name, p.mean, mean)
				}
			}
			if !c.broken {
				return
			}
			// The forgotten mask lets dout through for the units that are off,
			// so exactly their W1 columns and b1 entries are wrong (x has no
			// zeros here, so every row of such a column is). 1e-6 is the
			// correct net's bound (TestNetGradientMatchesNumerical); the
			// wrong elements are of the order of the gradient, ≳ 1e-3.
			a := rawOf(n.Layers[0].(*Affine).Out())
			offUnits := 0
			for j := range 5 {
				off := false
				for s := range 3 {
					off = off || a[s*5+j] <= 0
				}
				if off {
					offUnits++
				}
				if wrong := r.Diff.B1.AtVec(j) > 1e-6; wrong != off {
					t.Errorf("unit %d: off for some sample %v, b1 wrong %v (diff %.2e)", j, off, wrong, r.Diff.B1.AtVec(j))
				}
				for i := range 4 {
					if wrong := r.Diff.W1.At(i, j) > 1e-6; wrong != off {
						t.Errorf("W1[%d,%d]: unit off %v, wrong %v (diff %.2e)", i, j, off, wrong, r.Diff.W1.At(i, j))
					}
				}
			}
			if offUnits == 0 || offUnits == 5 {
				t.Errorf("%d of 5 units off for some sample, want some but not all", offUnits)
			}
			if m := max(r.Mean.W2, r.Mean.B2); m > 1e-6 {
				t.Errorf("W2 or b2 wrong (%.2e) with only Relu broken", m)
			}
		})
	}
}

func TestGradientOfPartsAddsUp(t *testing.T) {
	rng := rand.New(rand.NewPCG(31, 32))
	for _, act := range []Activation{ActReLU, ActSigmoid} {
		t.Run(act.String(), func(t *testing.T) {
			c := Config{Input: 20, Hidden: 8, Output: 4, Activation: act, Init: InitHe, Seed: 7}
			n, err := NewTwoLayerNet(c)
			if err != nil {
				t.Fatal(err)
			}
			x := randDense(rng, 10, 20, 0, 1)
			labels := randLabels(rng, 10, 4)
			whole, g := n.Gradient(x, labels)
			want := g.Clone()
			sum := NewGrads(c)
			var loss float64
			for _, part := range [][2]int{{0, 4}, {4, 10}} {
				xp := x.Slice(part[0], part[1], 0, 20).(*mat.Dense)
				l, gp, err := n.GradientScaled(xp, labels[part[0]:part[1]], 10)
				if err != nil {
					t.Fatal(err)
				}
				loss += l
				sum.Add(gp)
			}
			// Only the order of the additions differs: a few ε relative.
			const tol = 1e-12
			assertClose(t, "loss", []float64{loss}, []float64{whole}, tol)
			assertClose(t, "W1", rawOf(sum.W1), rawOf(want.W1), tol)
			assertClose(t, "b1", vecData(sum.B1), vecData(want.B1), tol)
			assertClose(t, "W2", rawOf(sum.W2), rawOf(want.W2), tol)
			assertClose(t, "b2", vecData(sum.B2), vecData(want.B2), tol)

			// The divisor is reset: a plain Gradient is the whole batch's again.
			again, _ := n.Gradient(x, labels)
			if math.Float64bits(again) != math.Float64bits(whole) {
				t.Errorf("loss after GradientScaled %v, want %v", again, whole)
			}
			if _, _, err := n.GradientScaled(x, labels, 9); err == nil || err.Error() != "nn: divisor 9 is smaller than the batch of 10 rows" {
				t.Errorf("divisor 9 for 10 rows: err = %v", err)
			}
		})
	}
}

func TestApplySGD(t *testing.T) {
	n, x, labels := smallNet(t, ActReLU, InitBook)
	before := params(n)
	_, g := n.Gradient(x, labels)
	gs := g.Clone()
	grad := append(append(append(rawOf(gs.W1), vecData(gs.B1)...), rawOf(gs.W2)...), vecData(gs.B2)...)
	n.ApplySGD(gs, 0.5)
	after := params(n)
	for i := range after {
		if want := before[i] - 0.5*grad[i]; math.Float64bits(after[i]) != math.Float64bits(want) {
			t.Fatalf("param %d = %v, want %v", i, after[i], want)
		}
	}
}

func TestNetPredictLossAccuracy(t *testing.T) {
	n, err := NewTwoLayerNet(Config{Input: 2, Hidden: 2, Output: 2, Activation: ActReLU, Init: InitBook, WeightStd: 1})
	if err != nil {
		t.Fatal(err)
	}
	// Hidden = relu(x), scores = hidden·I: the class is the larger input.
	if err := n.SetParams([]float64{1, 0, 0, 1}, []float64{0, 0}, []float64{1, 0, 0, 1}, []float64{0, 0}); err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(4, 2, []float64{1, 0, 0, 2, 3, 1, -1, -2})
	labels := []int{0, 1, 1, 0}
	if got := rawOf(n.Predict(x)); !sameBits(got, []float64{1, 0, 0, 2, 3, 1, 0, 0}) {
		t.Errorf("Predict = %v", got)
	}
	// Rows 0 and 1 right, row 2 wrong, row 3 ties and np.argmax picks 0: right.
	if got := n.Accuracy(x, labels); got != 0.75 {
		t.Errorf("Accuracy = %v, want 0.75", got)
	}
	var p mat.Dense
	n.Probabilities(x, &p)
	e1 := 1 / (1 + math.Exp(-1))
	// A handful of roundings.
	assertClose(t, "probabilities", rawOf(&p), []float64{e1, 1 - e1, 1 / (1 + math.Exp(2)), 1 - 1/(1+math.Exp(2)), 1 / (1 + math.Exp(-2)), 1 - 1/(1+math.Exp(-2)), .5, .5}, 1e-15)
	want := -(math.Log(e1+1e-7) + math.Log(1-1/(1+math.Exp(2))+1e-7) + math.Log(1-1/(1+math.Exp(-2))+1e-7) + math.Log(.5+1e-7)) / 4
	assertClose(t, "loss", []float64{n.Loss(x, labels)}, []float64{want}, 1e-15)
}

func TestSetCopyParamsAndClone(t *testing.T) {
	n, err := NewTwoLayerNet(Config{Input: 3, Hidden: 2, Output: 2, Init: InitHe, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	w1 := []float64{1, 2, 3, 4, 5, 6}
	b1 := []float64{7, 8}
	w2 := []float64{9, 10, 11, 12}
	b2 := []float64{13, 14}
	if err := n.SetParams(w1, b1, w2, b2); err != nil {
		t.Fatal(err)
	}
	if got := params(n); !sameBits(got, []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14}) {
		t.Errorf("params after SetParams: %v", got)
	}
	w1[0] = 100 // SetParams copied
	if n.W1().At(0, 0) != 1 {
		t.Error("SetParams kept the caller's slice")
	}
	c := n.Clone()
	c.W1().Set(0, 0, -1)
	if n.W1().At(0, 0) != 1 {
		t.Error("Clone shares parameters")
	}
	if c.Config() != n.Config() {
		t.Error("Clone has another Config")
	}
	for _, tc := range []struct {
		name           string
		w1, b1, w2, b2 []float64
		want           string
	}{
		{"short w1", w1[:5], b1, w2, b2, "nn: w1 has 5 values, want 6"},
		{"long b2", w1, b1, w2, []float64{1, 2, 3}, "nn: b2 has 3 values, want 2"},
		{"NaN", w1, []float64{0, math.NaN()}, w2, b2, "nn: b1[1] is NaN, want a finite value"},
		{"Inf", w1, b1, []float64{0, 0, math.Inf(-1), 0}, b2, "nn: w2[2] is -Inf, want a finite value"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := params(n)
			err := n.SetParams(tc.w1, tc.b1, tc.w2, tc.b2)
			if err == nil || err.Error() != tc.want {
				t.Errorf("err = %v, want %q", err, tc.want)
			}
			if !sameBits(params(n), before) {
				t.Error("a failed SetParams changed the net")
			}
		})
	}
}

func TestNewTwoLayerNetInit(t *testing.T) {
	for _, c := range []struct {
		init Init
		std1 float64 // expected std of W1 (784 inputs)
		std2 float64 // expected std of W2 (100 inputs)
	}{
		{InitBook, 0.01, 0.01},
		{InitHe, math.Sqrt(2.0 / 784), math.Sqrt(2.0 / 100)},
		{InitXavier, math.Sqrt(1.0 / 784), math.Sqrt(1.0 / 100)},
	} {
		t.Run(c.init.String(), func(t *testing.T) {
			n, err := NewTwoLayerNet(Config{Input: 784, Hidden: 100, Output: 10, Init: c.init, WeightStd: 0.01, Seed: 5})
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range []struct {
				name string
				m    *mat.Dense
				std  float64
			}{{"W1", n.W1(), c.std1}, {"W2", n.W2(), c.std2}} {
				data := rawOf(w.m)
				var ss float64
				for _, v := range data {
					ss += v * v
				}
				got := math.Sqrt(ss / float64(len(data)))
				// 1000 or 78400 draws: the sample std is within a few percent.
				if math.Abs(got/w.std-1) > 0.1 {
					t.Errorf("%s std %.4g, want %.4g", w.name, got, w.std)
				}
			}
			for _, b := range []*mat.VecDense{n.B1(), n.B2()} {
				if mat.Norm(b, 1) != 0 {
					t.Error("biases do not start at 0")
				}
			}
		})
	}
	a, _ := NewTwoLayerNet(DefaultConfig())
	b, _ := NewTwoLayerNet(DefaultConfig())
	if !sameBits(params(a), params(b)) {
		t.Error("same seed, different weights")
	}
	c := DefaultConfig()
	c.Seed = 2
	d, _ := NewTwoLayerNet(c)
	if sameBits(params(a), params(d)) {
		t.Error("different seeds, same weights")
	}
}

// TestInitGolden pins the initial weights of DefaultConfig, so that a change
// of the generator, or a platform that draws differently (js/wasm runs this
// test too), is noticed.
func TestInitGolden(t *testing.T) {
	n, err := NewTwoLayerNet(DefaultConfig())
	if err != nil {
		t.Fatal(err)
	}
	var h uint64 = 14695981039346656037 // FNV-1a over the bits of W1, W2
	for _, v := range append(rawOf(n.W1()), rawOf(n.W2())...) {
		h ^= math.Float64bits(v)
		h *= 1099511628211
	}
	const want = 0x7db65522ef7c5283
	if h != want {
		t.Errorf("hash of the initial weights %#x, want %#x; W1[0][0..2] = %v", h, uint64(want), rawOf(n.W1())[:3])
	}
}

func TestConfigValidate(t *testing.T) {
	ok := DefaultConfig()
	for _, c := range []struct {
		name string
		edit func(c *Config)
		want string // "" for no error
	}{
		{"default", func(c *Config) {}, ""},
		{"zero input", func(c *Config) { c.Input = 0 }, "nn: input size 0 must be positive"},
		{"negative hidden", func(c *Config) { c.Hidden = -3 }, "nn: hidden size -3 must be positive"},
		{"zero hidden", func(c *Config) { c.Hidden = 0 }, "nn: hidden size 0 must be positive"},
		{"zero output", func(c *Config) { c.Output = 0 }, "nn: output size 0 must be positive"},
		{"huge input", func(c *Config) { c.Input = 1<<20 + 1 }, "nn: input size 1048577 is too large (max 1048576)"},
		{"huge hidden", func(c *Config) { c.Hidden = 4097 }, "nn: hidden size 4097 is too large (max 4096)"},
		{"huge output", func(c *Config) { c.Output = 5000 }, "nn: output size 5000 is too large (max 4096)"},
		{"too many weights", func(c *Config) { c.Input, c.Hidden = 1<<20, 4096 }, "nn: 1048576×4096→10 has 4295008256 weights, too many (max 16777216)"},
		{"unknown activation", func(c *Config) { c.Activation = 7 }, "nn: unknown activation Activation(7)"},
		{"unknown init", func(c *Config) { c.Init = 3 }, "nn: unknown init Init(3)"},
		{"zero std", func(c *Config) { c.WeightStd = 0 }, "nn: weight std 0 must be positive and finite"},
		{"NaN std", func(c *Config) { c.WeightStd = math.NaN() }, "nn: weight std NaN must be positive and finite"},
		{"std ignored by He", func(c *Config) { c.WeightStd, c.Init = 0, InitHe }, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			cfg := ok
			c.edit(&cfg)
			err := cfg.Validate()
			if c.want == "" {
				if err != nil {
					t.Errorf("err = %v, want nil", err)
				}
				return
			}
			if err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			}
			if n, err2 := NewTwoLayerNet(cfg); n != nil || err2 == nil || err2.Error() != c.want {
				t.Errorf("NewTwoLayerNet = %v, %v; want nil, %q", n, err2, c.want)
			}
		})
	}
}

func TestParseEnums(t *testing.T) {
	for _, a := range []Activation{ActReLU, ActSigmoid} {
		if got, err := ParseActivation(strings.ToUpper(a.String())); err != nil || got != a {
			t.Errorf("ParseActivation(%q) = %v, %v", a, got, err)
		}
	}
	for _, i := range []Init{InitBook, InitHe, InitXavier} {
		if got, err := ParseInit(i.String()); err != nil || got != i {
			t.Errorf("ParseInit(%q) = %v, %v", i, got, err)
		}
	}
	for _, s := range []Sampling{Replace, Shuffle} {
		if got, err := ParseSampling(s.String()); err != nil || got != s {
			t.Errorf("ParseSampling(%q) = %v, %v", s, got, err)
		}
	}
	for _, c := range []struct {
		err  error
		want string
	}{
		{second(ParseActivation("tanh")), `nn: unknown activation "tanh" (want relu or sigmoid)`},
		{second(ParseInit("")), `nn: unknown init "" (want book, he or xavier)`},
		{second(ParseSampling("random")), `nn: unknown sampling "random" (want replace or shuffle)`},
	} {
		if c.err == nil || c.err.Error() != c.want {
			t.Errorf("err = %v, want %q", c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func TestCheckBatch(t *testing.T) {
	n, err := NewTwoLayerNet(Config{Input: 3, Hidden: 2, Output: 4, Init: InitHe})
	if err != nil {
		t.Fatal(err)
	}
	x := mat.NewDense(2, 3, nil)
	for _, c := range []struct {
		name   string
		x      *mat.Dense
		labels []int
		want   string
	}{
		{"ok", x, []int{0, 3}, ""},
		{"ok without labels", x, nil, ""},
		{"nil x", nil, nil, "nn: input has no rows"},
		{"columns", mat.NewDense(2, 4, nil), nil, "nn: input has 4 columns, want 3"},
		{"label count", x, []int{1}, "nn: 1 labels for 2 rows"},
		{"label too big", x, []int{0, 4}, "nn: label 4 of row 1 is not in [0, 4)"},
		{"negative label", x, []int{-1, 0}, "nn: label -1 of row 0 is not in [0, 4)"},
	} {
		t.Run(c.name, func(t *testing.T) {
			err := n.CheckBatch(c.x, c.labels)
			if c.want == "" && err != nil || c.want != "" && (err == nil || err.Error() != c.want) {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
	var e *DivergedError
	if errors.As(n.CheckBatch(nil, nil), &e) {
		t.Error("CheckBatch error is a DivergedError")
	}
}

func TestNetDoesNotModifyInputs(t *testing.T) {
	for _, act := range []Activation{ActReLU, ActSigmoid} {
		t.Run(act.String(), func(t *testing.T) {
			n, x, labels := smallNet(t, act, InitHe)
			x0, l0 := rawOf(x), append([]int(nil), labels...)
			n.Gradient(x, labels)
			n.GradientScaled(x, labels, 7)
			n.Loss(x, labels)
			n.Accuracy(x, labels)
			var p mat.Dense
			n.Probabilities(x, &p)
			GradCheck(n, x, labels, nil)
			Evaluate(n, Dataset{X: x, Labels: labels}, 2)
			if !sameBits(rawOf(x), x0) {
				t.Error("x modified")
			}
			for i := range labels {
				if labels[i] != l0[i] {
					t.Fatalf("labels modified: %v, want %v", labels, l0)
				}
			}
		})
	}
}
