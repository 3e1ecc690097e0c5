package broken

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Gradient-check bounds. A correct backprop differs from the central
// difference by the O(h²) truncation error plus the log's epsilon, ≲ 3e-7
// here (nn's own tests use 1e-6); a broken one by the order of the gradient
// itself, 6e-3..3e-1 on these nets (measured), so the bounds leave more than
// an order of magnitude on both sides.
const (
	correctMax = 1e-6
	brokenMin  = 1e-3
)

var smallNets = []nn.Config{
	{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 1},
	{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 2},
}

// wrongParams lists, for each kind, the parameters whose gradient the bug
// breaks ("W1", "B1", "W2", "B2"); the others must stay correct, which is
// how the check points at the broken layer.
var wrongParams = map[string][]string{
	None:              nil,
	ReluMask:          {"W1", "B1"},
	SigmoidDerivative: {"W1", "B1"},
	SoftmaxBatch:      {"W1", "B1", "W2", "B2"},
	AffineTranspose:   {"W2"},
	SoftmaxStale:      {"W1", "B1", "W2", "B2"},
	ReluInPlace:       nil,
	SigmoidFromX:      {"W1", "B1"},
	BiasNoSum:         {"B1", "B2"},
	AffineSquare:      {"W2"},
}

// batch returns a seeded batch of n MNIST-like inputs (mostly 0, a fifth
// bright) and labels.
func batch(seed uint64, n, in, classes int) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 7))
	x := mat.NewDense(n, in, nil)
	labels := make([]int, n)
	for i := range n {
		for j := range in {
			if rng.Float64() < 0.2 {
				x.Set(i, j, 1-rng.Float64())
			}
		}
		labels[i] = rng.IntN(classes)
	}
	return x, labels
}

func newNet(t testing.TB, c nn.Config) *nn.TwoLayerNet {
	t.Helper()
	n, err := nn.NewTwoLayerNet(c)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// awayFromKink fails the test if a ReLU net's pre-activations on x come
// within 1e-3 of 0: the check perturbs them by at most h·max(x, 1) = 1e-4,
// and crossing the kink would make even a correct net's check fail.
func awayFromKink(t *testing.T, n *nn.TwoLayerNet, x *mat.Dense) {
	t.Helper()
	if n.Config().Activation != nn.ActReLU {
		return
	}
	n.Predict(x)
	a := n.Layers[0].(*nn.Affine).Out()
	r, c := a.Dims()
	for i := range r {
		for j := range c {
			if math.Abs(a.At(i, j)) < 1e-3 {
				t.Fatalf("pre-activation a[%d][%d] = %v is too close to the kink; pick another seed", i, j, a.At(i, j))
			}
		}
	}
}

func diffs(d nn.GradDiff) map[string]float64 {
	return map[string]float64{"W1": d.W1, "B1": d.B1, "W2": d.W2, "B2": d.B2}
}

// paramBits returns the bits of every parameter of n.
func paramBits(n *nn.TwoLayerNet) []uint64 {
	c := n.Config()
	w1, b1 := make([]float64, c.Input*c.Hidden), make([]float64, c.Hidden)
	w2, b2 := make([]float64, c.Hidden*c.Output), make([]float64, c.Output)
	n.CopyParams(w1, b1, w2, b2)
	var bits []uint64
	for _, v := range slices.Concat(w1, b1, w2, b2) {
		bits = append(bits, math.Float64bits(v))
	}
	return bits
}

// checkKind runs nn.GradCheck on Apply(net, kind) and checks that, if the
// kind shows with this batch (Kind.Shows), the differences of the
// parameters the bug breaks are above wrongMin and at least one is above
// brokenMin; that the others are below correctMax; and that net is
// unchanged.
func checkKind(t *testing.T, net *nn.TwoLayerNet, kind string, x *mat.Dense, labels []int, wrongMin float64) {
	t.Helper()
	before := paramBits(net)
	b, err := Apply(net, kind)
	if err != nil {
		t.Fatal(err)
	}
	k, _ := lookup(kind)
	shows := k.Shows(net.Config(), len(labels))
	d := nn.GradCheck(b, x, labels, nil)
	t.Logf("%s, batch %d: %+.2e", kind, len(labels), d)
	for name, v := range diffs(d) {
		wrong := shows && slices.Contains(wrongParams[kind], name)
		switch {
		case wrong && !(v > wrongMin):
			t.Errorf("%s: mean |numerical - backprop| of %s = %.2e, want > %g (the bug is not caught)", kind, name, v, wrongMin)
		case !wrong && !(v < correctMax):
			t.Errorf("%s: mean |numerical - backprop| of %s = %.2e, want < %g (this gradient is not broken)", kind, name, v, correctMax)
		}
	}
	if shows && !(d.Max() > brokenMin) {
		t.Errorf("%s: largest difference %.2e, want > %g", kind, d.Max(), brokenMin)
	}
	if !slices.Equal(paramBits(net), before) {
		t.Errorf("%s: the original net's parameters changed", kind)
	}
}

func TestGradCheckCatchesEachKind(t *testing.T) {
	for k, cfg := range smallNets {
		for _, kind := range KindsFor(cfg.Activation) {
			// Batch 3, as the page; affine-square shows only with a batch
			// of as many images as hidden units, 8 here.
			for _, n := range []int{3, cfg.Hidden} {
				if n == cfg.Hidden && kind.Name != AffineSquare {
					continue
				}
				t.Run(fmt.Sprintf("%v/%s/%d", cfg.Activation, kind.Name, n), func(t *testing.T) {
					net := newNet(t, cfg)
					x, labels := batch(uint64(k), n, cfg.Input, cfg.Output)
					awayFromKink(t, net, x)
					checkKind(t, net, kind.Name, x, labels, brokenMin)
				})
			}
		}
	}
}

// TestGradCheckMNISTSize is the page's setting: the book's untrained
// 784→50→10 net (weights 0.01·N(0,1)) on 3 MNIST-like images. Its gradients
// are small, and most of dW1 is exactly 0 (pixels that are 0 in all three
// images), which dilutes the mean: the broken differences are 3.2e-4 (W1
// of relu-mask) to 2.8e-1 (measured). So here each broken parameter must
// be above 1e-4, two orders of magnitude above the correct ones, and the
// largest above brokenMin.
func TestGradCheckMNISTSize(t *testing.T) {
	if testing.Short() {
		t.Skip("a gradient check of 39,760 parameters per kind")
	}
	cfg := nn.DefaultConfig()
	net := newNet(t, cfg)
	x, labels := batch(1, 3, cfg.Input, cfg.Output)
	awayFromKink(t, net, x)
	for _, kind := range KindsFor(cfg.Activation) {
		t.Run(kind.Name, func(t *testing.T) { checkKind(t, net, kind.Name, x, labels, 1e-4) })
	}
}

// TestSoftmaxBatchNeedsABatch checks the description's claim: with one
// sample, dividing by the batch size changes nothing.
func TestSoftmaxBatchNeedsABatch(t *testing.T) {
	cfg := smallNets[0]
	net := newNet(t, cfg)
	x, labels := batch(3, 1, cfg.Input, cfg.Output)
	awayFromKink(t, net, x)
	b, err := Apply(net, SoftmaxBatch)
	if err != nil {
		t.Fatal(err)
	}
	if d := nn.GradCheck(b, x, labels, nil); !(d.Max() < correctMax) {
		t.Errorf("batch of 1: GradCheck = %+.2e, want all < %g", d, correctMax)
	}
}

// TestForwardUnchanged checks that only Backward is broken: the broken
// net's loss and scores are the original's, it uses the clone's
// parameters, and those are not the original's.
func TestForwardUnchanged(t *testing.T) {
	for k, cfg := range smallNets {
		for _, kind := range KindsFor(cfg.Activation) {
			t.Run(cfg.Activation.String()+"/"+kind.Name, func(t *testing.T) {
				net := newNet(t, cfg)
				x, labels := batch(uint64(k)+10, 3, cfg.Input, cfg.Output)
				b, err := Apply(net, kind.Name)
				if err != nil {
					t.Fatal(err)
				}
				// Same layers' Forward, same numbers, same order: equal up
				// to rounding at most.
				if got, want := b.Loss(x, labels), net.Loss(x, labels); math.Abs(got-want) > 1e-15*want {
					t.Errorf("loss %v, original %v", got, want)
				}
				if !mat.EqualApprox(mat.DenseCopyOf(b.Predict(x)), mat.DenseCopyOf(net.Predict(x)), 1e-15) {
					t.Error("scores differ from the original's")
				}
				// The clone's parameters are its own.
				w := net.W2().At(0, 0)
				b.W2().Set(0, 0, w+1)
				b.B1().SetVec(0, b.B1().AtVec(0)+1)
				if net.W2().At(0, 0) != w || net.B1().AtVec(0) != 0 {
					t.Error("changing the broken clone's parameters changed the original's")
				}
				// And the broken layers use them: the loss moves, except
				// with the stale softmax, whose loss stays that of its
				// first pass.
				if moved := b.Loss(x, labels) != net.Loss(x, labels); moved != (kind.Name != SoftmaxStale) {
					t.Errorf("changing the clone's parameters moved its loss: %v", moved)
				}
			})
		}
	}
}

// TestBrokenBackward checks each broken formula directly on the layers,
// against the same formula computed here with gonum, and that Backward
// leaves dout alone and the accessors show what Backward computed.
func TestBrokenBackward(t *testing.T) {
	rng := rand.New(rand.NewPCG(4, 4))
	randDense := func(r, c int) *mat.Dense {
		m := mat.NewDense(r, c, nil)
		for i := range r {
			for j := range c {
				m.Set(i, j, rng.NormFloat64())
			}
		}
		return m
	}
	// The layers and gonum compute the same sums, possibly in another
	// order: equal up to a few ulps of values of order 1.
	const tol = 1e-13
	for k, cfg := range smallNets {
		for _, kind := range KindsFor(cfg.Activation) {
			if kind.Name == None {
				continue
			}
			t.Run(cfg.Activation.String()+"/"+kind.Name, func(t *testing.T) {
				b, err := Apply(newNet(t, cfg), kind.Name)
				if err != nil {
					t.Fatal(err)
				}
				x, labels := batch(uint64(k)+20, 3, cfg.Input, cfg.Output)
				a := mat.DenseCopyOf(b.Layers[0].Forward(x))
				z := mat.DenseCopyOf(b.Layers[1].Forward(a))
				s := b.Layers[2].Forward(z)
				switch kind.Name {
				case ReluMask, SigmoidDerivative:
					l := b.Layers[1]
					if l.Name() != kind.Layer {
						t.Errorf("replaced layer is named %q, want %q", l.Name(), kind.Layer)
					}
					dout := randDense(3, cfg.Hidden)
					keep := mat.DenseCopyOf(dout)
					dx := l.Backward(dout)
					want := mat.DenseCopyOf(dout) // relu-mask: dx = dout
					if kind.Name == SigmoidDerivative {
						want.MulElem(dout, z) // dx = dout·out
					}
					if !mat.EqualApprox(dx, want, tol) {
						t.Errorf("dx = %v, want %v", mat.Formatted(dx), mat.Formatted(want))
					}
					if !mat.Equal(dout, keep) {
						t.Error("Backward modified dout")
					}
					if !mat.Equal(l.(interface{ DX() mat.Matrix }).DX(), dx) {
						t.Error("DX does not show the broken dx")
					}
				case SoftmaxBatch:
					if b.Last.Name() != kind.Layer {
						t.Errorf("replaced layer is named %q, want %q", b.Last.Name(), kind.Layer)
					}
					b.Last.Forward(s, labels)
					dx := b.Last.Backward()
					want := mat.NewDense(3, cfg.Output, nil) // y - t, not ÷3
					for i := range 3 {
						var sum float64
						for o := range cfg.Output {
							sum += math.Exp(s.At(i, o))
						}
						for o := range cfg.Output {
							v := math.Exp(s.At(i, o)) / sum
							if o == labels[i] {
								v--
							}
							want.Set(i, o, v)
						}
					}
					if !mat.EqualApprox(dx, want, tol) {
						t.Errorf("dx = %v, want y - t = %v", mat.Formatted(dx), mat.Formatted(want))
					}
					if !mat.Equal(b.Last.(interface{ DX() mat.Matrix }).DX(), dx) {
						t.Error("DX does not show the broken dx")
					}
				case AffineTranspose:
					l := b.Layers[2].(nn.Parametric)
					if l.Name() != kind.Layer {
						t.Errorf("replaced layer is named %q, want %q", l.Name(), kind.Layer)
					}
					dout := randDense(3, cfg.Output)
					keep := mat.DenseCopyOf(dout)
					dx := l.Backward(dout)
					dW, db := l.Grads()
					var tr mat.Dense // doutᵀ·z, Output×Hidden
					tr.Mul(dout.T(), z)
					wantDW := mat.NewDense(cfg.Hidden, cfg.Output, tr.RawMatrix().Data) // reshaped
					W, _ := l.Params()
					var wantDX mat.Dense
					wantDX.Mul(dout, W.T()) // correct
					wantDB := mat.NewVecDense(cfg.Output, nil)
					for o := range cfg.Output {
						wantDB.SetVec(o, mat.Sum(dout.ColView(o)))
					}
					if !mat.EqualApprox(dW, wantDW, tol) {
						t.Errorf("dW = %v, want reshape(doutᵀ·x) = %v", mat.Formatted(dW), mat.Formatted(wantDW))
					}
					var right mat.Dense
					right.Mul(z.T(), dout)
					if mat.EqualApprox(dW, &right, 1e-3) {
						t.Error("dW equals the correct xᵀ·dout")
					}
					if !mat.EqualApprox(dx, &wantDX, tol) || !mat.EqualApprox(db, wantDB, tol) {
						t.Error("dx or db is wrong; only dW should be")
					}
					if !mat.Equal(dout, keep) {
						t.Error("Backward modified dout")
					}
					if !mat.Equal(l.(interface{ DW() mat.Matrix }).DW(), dW) {
						t.Error("DW does not show the broken dW")
					}
				case ReluInPlace:
					l := b.Layers[1]
					dout := randDense(3, cfg.Hidden)
					want := mat.DenseCopyOf(dout)
					for i := range 3 {
						for j := range cfg.Hidden {
							if a.At(i, j) <= 0 {
								want.Set(i, j, 0)
							}
						}
					}
					dx := l.Backward(dout)
					if dx != dout || !mat.Equal(dout, want) {
						t.Errorf("dx is not dout zeroed in place where z ≤ 0: %v", mat.Formatted(dx))
					}
					if !mat.Equal(l.(interface{ DX() mat.Matrix }).DX(), want) {
						t.Error("DX does not show the broken dx")
					}
				case SigmoidFromX:
					l := b.Layers[1]
					dout := randDense(3, cfg.Hidden)
					keep := mat.DenseCopyOf(dout)
					want := mat.NewDense(3, cfg.Hidden, nil)
					want.Apply(func(i, j int, v float64) float64 { return v * a.At(i, j) * (1 - a.At(i, j)) }, dout)
					dx := l.Backward(dout)
					if !mat.EqualApprox(dx, want, tol) {
						t.Errorf("dx = %v, want dout·x·(1 − x) = %v", mat.Formatted(dx), mat.Formatted(want))
					}
					if !mat.Equal(dout, keep) {
						t.Error("Backward modified dout")
					}
					if !mat.Equal(l.(interface{ DX() mat.Matrix }).DX(), dx) {
						t.Error("DX does not show the broken dx")
					}
				case BiasNoSum:
					for q, in := range []*mat.Dense{x, z} {
						l := b.Layers[2*q].(nn.Parametric)
						W, _ := l.Params()
						_, out := W.Dims()
						dout := randDense(3, out)
						keep := mat.DenseCopyOf(dout)
						l.Backward(dout)
						dW, db := l.Grads()
						var wantDW mat.Dense
						wantDW.Mul(in.T(), dout)
						if !mat.EqualApprox(dW, &wantDW, tol) {
							t.Errorf("%s: dW is wrong; only db should be", l.Name())
						}
						if !mat.Equal(db, dout.RowView(2)) {
							t.Errorf("%s: db = %v, want the last row of dout %v", l.Name(), mat.Formatted(db.T()), mat.Formatted(dout.RowView(2).T()))
						}
						if !mat.Equal(l.(interface{ DB() mat.Vector }).DB(), db) || !mat.Equal(dout, keep) {
							t.Errorf("%s: DB does not show the broken db, or dout changed", l.Name())
						}
					}
					if !b.Layers[0].(*affineLastRow).SkipDX || b.Layers[2].(*affineLastRow).SkipDX {
						t.Error("the replaced Affine layers do not keep SkipDX")
					}
				case AffineSquare:
					// x is 3×8, not square: the shapes do not fit, and dW is right.
					l := b.Layers[2].(nn.Parametric)
					dout := randDense(3, cfg.Output)
					l.Backward(dout)
					dW, _ := l.Grads()
					var right mat.Dense
					right.Mul(z.T(), dout)
					if !mat.EqualApprox(dW, &right, tol) || !mat.Equal(l.(interface{ DW() mat.Matrix }).DW(), dW) {
						t.Error("with a batch of 3, dW is not xᵀ·dout")
					}
				case SoftmaxStale:
					last := b.Last
					if last.Name() != kind.Layer {
						t.Errorf("replaced layer is named %q, want %q", last.Name(), kind.Layer)
					}
					loss := last.Forward(s, labels)
					want := mat.DenseCopyOf(last.(interface{ Y() mat.Matrix }).Y())
					ref := nn.NewSoftmaxWithLoss()
					if ref.Forward(s, labels) != loss || !mat.Equal(ref.Y(), want) {
						t.Error("the first pass differs from nn's SoftmaxWithLoss")
					}
					s2 := mat.DenseCopyOf(s)
					s2.Apply(func(_, _ int, v float64) float64 { return 2*v + 1 }, s2)
					if got := last.Forward(s2, labels); got != loss {
						t.Errorf("loss %v after other scores, want the stale %v", got, loss)
					}
					dx := last.Backward()
					want.Sub(want, last.(interface{ T() mat.Matrix }).T())
					want.Scale(1.0/3, want)
					if !mat.EqualApprox(dx, want, tol) || !mat.Equal(last.(interface{ DX() mat.Matrix }).DX(), dx) {
						t.Errorf("dx = %v, want (y − t)/3 of the first y", mat.Formatted(dx))
					}
				}
			})
		}
	}
}

// TestApplyRepairs checks that "none" gives a clean net even from a broken
// one, and that the original of a broken clone keeps its standard layers.
func TestApplyRepairs(t *testing.T) {
	cfg := smallNets[0]
	net := newNet(t, cfg)
	x, labels := batch(30, 3, cfg.Input, cfg.Output)
	awayFromKink(t, net, x)
	b, err := Apply(net, ReluMask)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := net.Layers[1].(*nn.Relu); !ok {
		t.Fatalf("the original's Relu1 is now %T", net.Layers[1])
	}
	if _, ok := b.Layers[1].(*nn.Relu); ok {
		t.Fatal("the broken clone still has a plain Relu")
	}
	fixed, err := Apply(b, "NONE")
	if err != nil {
		t.Fatal(err)
	}
	if d := nn.GradCheck(fixed, x, labels, nil); !(d.Max() < correctMax) {
		t.Errorf("repaired net: GradCheck = %+.2e, want all < %g", d, correctMax)
	}
}

func TestApplyErrors(t *testing.T) {
	relu := newNet(t, smallNets[0])
	sigmoid := newNet(t, smallNets[1])
	oneAffine := newNet(t, smallNets[0])
	oneAffine.Layers = oneAffine.Layers[1:]
	for _, c := range []struct {
		name string
		net  *nn.TwoLayerNet
		kind string
		want string
	}{
		{"unknown", relu, "relu", `broken: unknown kind "relu" (want one of none, relu-mask, sigmoid-derivative, softmax-batch, affine-transpose, softmax-stale, relu-inplace, sigmoid-from-x, bias-no-sum, affine-square)`},
		{"empty", relu, "", `broken: unknown kind ""`},
		{"nil net", nil, None, "broken: no net"},
		{"zero net", &nn.TwoLayerNet{}, None, "broken: net: nn: input size 0 must be positive"},
		{"one parametric layer", oneAffine, None, "broken: net has 1 parametric layers, want 2"},
		{"relu-mask on sigmoid", sigmoid, ReluMask, "broken: relu-mask needs a relu net, this one is sigmoid"},
		{"sigmoid-derivative on relu", relu, SigmoidDerivative, "broken: sigmoid-derivative needs a sigmoid net, this one is relu"},
		{"relu-inplace on sigmoid", sigmoid, ReluInPlace, "broken: relu-inplace needs a relu net, this one is sigmoid"},
		{"sigmoid-from-x on relu", relu, SigmoidFromX, "broken: sigmoid-from-x needs a sigmoid net, this one is relu"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := Apply(c.net, c.kind)
			if err == nil || !strings.HasPrefix(err.Error(), c.want) || b != nil {
				t.Errorf("Apply = %v, %v; want nil, %q", b, err, c.want)
			}
		})
	}
}

func TestKinds(t *testing.T) {
	var names []string
	for _, k := range Kinds() {
		names = append(names, k.Name)
		if len(k.Description) < 20 || len(k.Fingerprint) < 20 || (k.Name != None) != (k.Layer != "") {
			t.Errorf("kind %+v: description, fingerprint or layer missing", k)
		}
		if _, ok := wrongParams[k.Name]; !ok {
			t.Errorf("kind %s is not tested", k.Name)
		}
	}
	// The first five are the codes of the page's select before the bug
	// hunt; codes never change.
	if want := []string{None, ReluMask, SigmoidDerivative, SoftmaxBatch, AffineTranspose,
		SoftmaxStale, ReluInPlace, SigmoidFromX, BiasNoSum, AffineSquare}; !slices.Equal(names, want) {
		t.Errorf("Kinds = %v, want %v", names, want)
	}
	for _, c := range []struct {
		act  nn.Activation
		want []string
	}{
		{nn.ActReLU, []string{None, ReluMask, SoftmaxBatch, AffineTranspose, SoftmaxStale, ReluInPlace, BiasNoSum, AffineSquare}},
		{nn.ActSigmoid, []string{None, SigmoidDerivative, SoftmaxBatch, AffineTranspose, SoftmaxStale, SigmoidFromX, BiasNoSum, AffineSquare}},
	} {
		var got []string
		for _, k := range KindsFor(c.act) {
			got = append(got, k.Name)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("KindsFor(%v) = %v, want %v", c.act, got, c.want)
		}
	}
	relu, sigmoid := smallNets[0], smallNets[1]
	for _, c := range []struct {
		kind  string
		cfg   nn.Config
		batch int
		want  bool
	}{
		{None, relu, 3, false},
		{ReluMask, relu, 1, true}, {ReluMask, sigmoid, 3, false},
		{SigmoidDerivative, sigmoid, 1, true}, {SigmoidFromX, sigmoid, 3, true}, {SigmoidFromX, relu, 3, false},
		{SoftmaxBatch, relu, 1, false}, {SoftmaxBatch, relu, 2, true},
		{BiasNoSum, sigmoid, 1, false}, {BiasNoSum, sigmoid, 3, true},
		{AffineTranspose, relu, 1, true}, {SoftmaxStale, sigmoid, 1, true},
		{AffineSquare, relu, 3, false}, {AffineSquare, relu, relu.Hidden, true}, {AffineSquare, nn.DefaultConfig(), 50, true},
		{ReluInPlace, relu, 3, false}, {ReluInPlace, relu, relu.Hidden, false},
		{ReluMask, relu, 0, false},
	} {
		k, _ := lookup(c.kind)
		if got := k.Shows(c.cfg, c.batch); got != c.want {
			t.Errorf("%s.Shows(%v net, batch %d) = %v, want %v", c.kind, c.cfg.Activation, c.batch, got, c.want)
		}
	}
	k := Kinds()
	k[0].Name = "changed"
	if Kinds()[0].Name != None {
		t.Error("Kinds returns a shared slice")
	}
}
