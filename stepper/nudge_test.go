package stepper

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// nudgeCases are nets with random weights, ReLU and Sigmoid, on one image
// and on seven.
var nudgeCases = []struct {
	name string
	cfg  nn.Config
	n    int
}{
	{"relu/1", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 21}, 1},
	{"relu/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 21}, 7},
	{"sigmoid/1", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 22}, 1},
	{"sigmoid/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 22}, 7},
}

// largest returns the index of the largest |v|.
func largest(v []float64) int {
	best := 0
	for q, x := range v {
		if math.Abs(x) > math.Abs(v[best]) {
			best = q
		}
	}
	return best
}

// TestNudgeCentralMatchesBackprop is the gradient check of one weight at
// a time with h = 1e-4: the central difference agrees with backprop to
// 1e-7 relative on every element of every parameter whose gradient is not
// tiny (below 1e-3 the rounding of L(w+h) − L(w−h), about 1e-16/1e-4,
// becomes a sizable part of it), every seventh one and the largest.
func TestNudgeCentralMatchesBackprop(t *testing.T) {
	const rel = 1e-7
	for k, c := range nudgeCases {
		t.Run(c.name, func(t *testing.T) {
			x, labels := images(uint64(k)+400, c.n, c.cfg.Input, c.cfg.Output)
			b, err := RunBatch(newNet(t, c.cfg), x, labels, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range Params() {
				_, cols := b.Dims(p.Grad())
				g := b.Values(p.Grad())
				best := largest(g)
				worst, checked := 0.0, 0
				for q, v := range g {
					if (q%7 != 0 && q != best) || math.Abs(v) < 1e-3 {
						continue
					}
					u, err := b.Nudge(p, q/cols, q%cols, 1e-4)
					if err != nil {
						t.Fatal(err)
					}
					if u.Grad != v {
						t.Fatalf("%v[%d]: Grad %v, want the batch's %v", p, q, u.Grad, v)
					}
					e := math.Abs(u.Central()-u.Grad) / math.Abs(u.Grad)
					if !(e < rel) {
						t.Errorf("%v%s: central %v, backprop %v, relative error %.1e", p, p.Index(q/cols, q%cols), u.Central(), u.Grad, e)
					}
					worst = max(worst, e)
					checked++
				}
				if checked == 0 {
					t.Fatalf("%v: no element checked", p)
				}
				t.Logf("%v: %d elements, worst relative error %.1e", p, checked, worst)
			}
		})
	}
}

// TestNudgeErrorShrinksLikeH2 steps h down by a factor of 10 on the
// largest gradient of each parameter: the error of the central difference
// and that of the linear prediction L(w+h) − L(w) ≈ h·∂L/∂w are O(h²), so
// each shrinks by about 100. Steps of 1e-2 and 1e-3 keep both errors well
// above rounding and, on these nets, away from ReLU's kink (a larger step
// could switch a unit on or off, and the error would be O(h) there).
func TestNudgeErrorShrinksLikeH2(t *testing.T) {
	for k, c := range nudgeCases {
		t.Run(c.name, func(t *testing.T) {
			x, labels := images(uint64(k)+400, c.n, c.cfg.Input, c.cfg.Output)
			b, err := RunBatch(newNet(t, c.cfg), x, labels, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range Params() {
				_, cols := b.Dims(p.Grad())
				q := largest(b.Values(p.Grad()))
				var central, linear [2]float64
				for s, h := range []float64{1e-2, 1e-3} {
					u, err := b.Nudge(p, q/cols, q%cols, h)
					if err != nil {
						t.Fatal(err)
					}
					central[s] = math.Abs(u.Central() - u.Grad)
					linear[s] = math.Abs(u.DLoss() - u.Linear())
				}
				for _, e := range []struct {
					name string
					err  [2]float64
				}{{"central", central}, {"linear", linear}} {
					if r := e.err[0] / e.err[1]; !(r > 70 && r < 140) {
						t.Errorf("%v: %s error %.2e at h = 1e-2, %.2e at 1e-3: ratio %.0f, want about 100", p, e.name, e.err[0], e.err[1], r)
					}
				}
			}
		})
	}
}

// TestNudgeLosses checks the three losses against a net built by hand with
// the element moved, and that the batch is left alone.
func TestNudgeLosses(t *testing.T) {
	c := nudgeCases[1]
	x, labels := images(410, c.n, c.cfg.Input, c.cfg.Output)
	net := newNet(t, c.cfg)
	b, err := RunBatch(net, x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	keep := slices.Concat(b.W1, b.B1, b.W2, b.B2, b.X)
	xm := mat.NewDense(c.n, c.cfg.Input, slices.Clone(x))
	// lossWithout is the cross-entropy without nn's epsilon.
	lossWithout := func(n *nn.TwoLayerNet) float64 {
		var y mat.Dense
		n.Probabilities(xm, &y)
		var s float64
		for r, l := range labels {
			s -= math.Log(y.At(r, l))
		}
		return s / float64(c.n)
	}
	for _, e := range []struct {
		p    Param
		i, j int
	}{{ParamW1, 300, 7}, {ParamB1, 0, 49}, {ParamW2, 12, 3}, {ParamB2, 0, 0}} {
		const h = 1e-3
		u, err := b.Nudge(e.p, e.i, e.j, h)
		if err != nil {
			t.Fatal(err)
		}
		moved := func(d float64) float64 {
			n := net.Clone()
			var m interface{ Set(int, int, float64) }
			switch e.p {
			case ParamW1:
				m = n.W1()
			case ParamW2:
				m = n.W2()
			case ParamB1:
				m = vecSetter{n.B1()}
			case ParamB2:
				m = vecSetter{n.B2()}
			}
			m.Set(e.i, e.j, u.W+d)
			return lossWithout(n)
		}
		var want float64
		switch e.p {
		case ParamW1:
			want = net.W1().At(e.i, e.j)
		case ParamB1:
			want = net.B1().AtVec(e.j)
		case ParamW2:
			want = net.W2().At(e.i, e.j)
		case ParamB2:
			want = net.B2().AtVec(e.j)
		}
		g, _ := b.At(e.p.Grad(), e.i, e.j)
		if u.Param != e.p || u.I != e.i || u.J != e.j || u.H != h || u.W != want || u.Grad != g {
			t.Errorf("%v: nudge %+v, want w = %v, grad %v", e.p, u, want, g)
		}
		if u.Loss != lossWithout(net) || u.LossPlus != moved(h) || u.LossMinus != moved(-h) {
			t.Errorf("%v: losses %v %v %v, want %v %v %v", e.p, u.Loss, u.LossPlus, u.LossMinus, lossWithout(net), moved(h), moved(-h))
		}
		// The loss without the epsilon is a hair above the engine's.
		if d := u.Loss - b.Loss; !(d > 0 && d < 1e-5) {
			t.Errorf("L(w) − Batch.Loss = %v, want a small positive value", d)
		}
		if u.DLoss() != u.LossPlus-u.Loss || u.Linear() != h*u.Grad || u.Central() != (u.LossPlus-u.LossMinus)/(2*h) {
			t.Errorf("%v: DLoss, Linear or Central is not its formula", e.p)
		}
	}
	if !slices.Equal(keep, slices.Concat(b.W1, b.B1, b.W2, b.B2, b.X)) {
		t.Error("Nudge changed the batch")
	}
}

type vecSetter struct{ v *mat.VecDense }

func (s vecSetter) Set(_, j int, x float64) { s.v.SetVec(j, x) }

func TestNudgeErrors(t *testing.T) {
	cfg := nn.Config{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 6}
	x, labels := images(9, 3, cfg.Input, cfg.Output)
	b, err := RunBatch(newNet(t, cfg), x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		p    Param
		i, j int
		h    float64
		want string
	}{
		{Param(4), 0, 0, 1e-4, "stepper: unknown parameter Param(4)"},
		{ParamW1, 20, 0, 1e-4, "stepper: index (20, 0) is outside W1, which is 20×8"},
		{ParamB1, 1, 0, 1e-4, "stepper: index (1, 0) is outside b1, which is 1×8"},
		{ParamB2, 0, 10, 1e-4, "stepper: index (0, 10) is outside b2, which is 1×10"},
		{ParamW2, 0, -1, 1e-4, "stepper: index (0, -1) is outside W2, which is 8×10"},
		{ParamW2, 0, 0, 0, "stepper: step h = 0 must be positive and finite"},
		{ParamW2, 0, 0, -1e-3, "stepper: step h = -0.001 must be positive and finite"},
		{ParamW2, 0, 0, math.Inf(1), "stepper: step h = +Inf must be positive and finite"},
		{ParamW2, 0, 0, math.NaN(), "stepper: step h = NaN must be positive and finite"},
	} {
		if u, err := b.Nudge(c.p, c.i, c.j, c.h); err == nil || err.Error() != c.want || u != nil {
			t.Errorf("Nudge(%v, %d, %d, %v) = %v, %v; want %q", c.p, c.i, c.j, c.h, u, err, c.want)
		}
	}
}

func TestParams(t *testing.T) {
	want := []string{"W1", "b1", "W2", "b2"}
	grads := []Tensor{TensorDW1, TensorDB1, TensorDW2, TensorDB2}
	ps := Params()
	if len(ps) != NumParams || NumParams != 4 {
		t.Fatalf("%d params, NumParams %d", len(ps), NumParams)
	}
	for i, p := range ps {
		if p != Param(i) || p.String() != want[i] || !p.Valid() || p.Grad() != grads[i] {
			t.Errorf("param %d is %d %q, gradient %v", i, p, p, p.Grad())
		}
		for _, name := range []string{want[i], strings.ToLower(want[i]), " " + strings.ToUpper(want[i]) + " "} {
			if got, err := ParseParam(name); err != nil || got != p {
				t.Errorf("ParseParam(%q) = %v, %v", name, got, err)
			}
		}
	}
	if Param(4).Valid() || Param(4).String() != "Param(4)" {
		t.Error("Param(4) is valid or misnamed")
	}
	if _, err := ParseParam("dW1"); err == nil || err.Error() != `stepper: unknown parameter "dW1" (want one of W1, b1, W2, b2)` {
		t.Errorf("ParseParam(dW1): %v", err)
	}
	for _, c := range []struct {
		p    Param
		i, j int
		s    string
	}{{ParamW1, 783, 49, "783,49"}, {ParamB1, 0, 49, "49"}, {ParamW2, 3, 9, "3,9"}, {ParamB2, 0, 2, "2"}} {
		if got := c.p.Index(c.i, c.j); got != c.s {
			t.Errorf("%v.Index = %q, want %q", c.p, got, c.s)
		}
		if i, j, err := c.p.ParseIndex(c.s); err != nil || i != c.i || j != c.j {
			t.Errorf("%v.ParseIndex(%q) = %d, %d, %v", c.p, c.s, i, j, err)
		}
	}
	for _, c := range []struct {
		p    Param
		s    string
		want string
	}{
		{ParamB1, "0,3", `stepper: index "0,3" of b1 is not of the form j`},
		{ParamW2, "3", `stepper: index "3" of W2 is not of the form i,j`},
		{ParamW1, "a,1", `stepper: index "a,1" of W1: "a" is not a number`},
		{Param(9), "1", "stepper: unknown parameter Param(9)"},
	} {
		if _, _, err := c.p.ParseIndex(c.s); err == nil || err.Error() != c.want {
			t.Errorf("%v.ParseIndex(%q): %v, want %q", c.p, c.s, err, c.want)
		}
	}
}
