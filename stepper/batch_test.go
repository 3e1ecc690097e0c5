package stepper

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// batchCases are the nets and batch sizes of the batch tests: ReLU and
// Sigmoid, one image and several, and the book's mini-batch of 100.
var batchCases = []struct {
	name string
	cfg  nn.Config
	n    int
}{
	{"relu/book/1", nn.DefaultConfig(), 1},
	{"relu/he/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 3}, 7},
	{"sigmoid/xavier/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 4}, 7},
	{"sigmoid/saturating/3", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitBook, WeightStd: 0.3, Seed: 5}, 3},
	{"relu/book/100", nn.DefaultConfig(), MaxBatch},
	{"small/5", nn.Config{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 6}, 5},
}

// images returns n MNIST-like images of size in, one after the other, and
// n labels.
func images(seed uint64, n, in, classes int) ([]float64, []int) {
	rng := rand.New(rand.NewPCG(seed, 60))
	x := make([]float64, 0, n*in)
	labels := make([]int, n)
	for r := range n {
		x = append(x, mnistLike(rng, in)...)
		labels[r] = rng.IntN(classes)
	}
	return x, labels
}

// engineRun runs a clone of net forward and backward with nn's own
// Gradient and returns the clone, whose layers hold the caches.
func engineRun(net *nn.TwoLayerNet, x []float64, labels []int) *nn.TwoLayerNet {
	c := net.Clone()
	c.Gradient(mat.NewDense(len(labels), net.Config().Input, slices.Clone(x)), labels)
	return c
}

// TestRunBatchMatchesEngine compares every tensor with what nn's layers
// cached when nn's Gradient ran on the same images, bit for bit, and with
// the net's own Predict, Probabilities and Loss.
func TestRunBatchMatchesEngine(t *testing.T) {
	for k, c := range batchCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x, labels := images(uint64(k), c.n, c.cfg.Input, c.cfg.Output)
			before := paramBits(net)
			keepX, keepLabels := slices.Clone(x), slices.Clone(labels)
			b, err := RunBatch(net, x, labels, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			if net.Layers[0].(*nn.Affine).X() != nil || net.Last.(*nn.SoftmaxWithLoss).Y() != nil {
				t.Error("RunBatch ran the caller's net instead of a clone")
			}
			if !slices.Equal(paramBits(net), before) {
				t.Error("the caller's parameters changed")
			}
			if !slices.Equal(x, keepX) || !slices.Equal(labels, keepLabels) {
				t.Error("RunBatch modified x or labels")
			}
			if b.N != c.n || b.Input != c.cfg.Input || b.Hidden != c.cfg.Hidden || b.Output != c.cfg.Output ||
				b.Activation != c.cfg.Activation || !slices.Equal(b.Labels, labels) || b.LearningRate != 0.1 {
				t.Errorf("batch header %d %d %d %d %v %v %v", b.N, b.Input, b.Hidden, b.Output, b.Activation, b.Labels, b.LearningRate)
			}

			// The same layers on the same numbers: the same bits.
			e := engineRun(net, x, labels)
			a1, a2 := e.Layers[0].(*nn.Affine), e.Layers[2].(*nn.Affine)
			last := e.Last.(*nn.SoftmaxWithLoss)
			act := e.Layers[1].(interface {
				Out() mat.Matrix
				DX() mat.Matrix
			})
			for _, v := range []struct {
				name      string
				got, want []float64
			}{
				{"x", b.X, rowMajor(a1.X())}, {"z", b.Z, rowMajor(a1.Out())},
				{"a", b.A, rowMajor(act.Out())}, {"s", b.S, rowMajor(a2.Out())},
				{"y", b.Y, rowMajor(last.Y())}, {"t", b.T, rowMajor(last.T())},
				{"dout", b.Dout, rowMajor(last.DX())}, {"dW2", b.DW2, rowMajor(a2.DW())},
				{"db2", b.DB2, rowMajor(a2.DB())}, {"da", b.DA, rowMajor(a2.DX())},
				{"dz", b.DZ, rowMajor(act.DX())}, {"dW1", b.DW1, rowMajor(a1.DW())},
				{"db1", b.DB1, rowMajor(a1.DB())},
				{"W1", b.W1, rowMajor(net.W1())}, {"b1", b.B1, rowMajor(net.B1())},
				{"W2", b.W2, rowMajor(net.W2())}, {"b2", b.B2, rowMajor(net.B2())},
			} {
				if !sameBits(v.got, v.want) {
					t.Errorf("%s differs from the engine's", v.name)
				}
			}
			if b.Loss != last.Loss() {
				t.Errorf("Loss = %v, engine %v", b.Loss, last.Loss())
			}
			if relu, ok := e.Layers[1].(*nn.Relu); ok {
				for r := range c.n {
					for j := range c.cfg.Hidden {
						if b.Mask[r*c.cfg.Hidden+j] != relu.Masked(r, j) {
							t.Fatalf("Mask[%d,%d] differs from the engine's", r, j)
						}
					}
				}
			}

			xm := mat.NewDense(c.n, c.cfg.Input, slices.Clone(x))
			assertClose(t, "S vs Predict", b.S, rowMajor(net.Predict(xm)), sameEngine)
			var probs mat.Dense
			net.Probabilities(xm, &probs)
			assertClose(t, "Y vs Probabilities", b.Y, rowMajor(&probs), sameEngine)
			if want := net.Loss(xm, labels); !scalar.EqualWithinAbsOrRel(b.Loss, want, sameEngine, sameEngine) {
				t.Errorf("Loss = %v, net.Loss = %v", b.Loss, want)
			}
		})
	}
}

// sameBits reports whether a and b hold the same float64 bits.
func sameBits(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) })
}

// TestRunBatchByHand recomputes every tensor of a batch with plain loops
// and the book's formulas, the sums over the batch written out.
func TestRunBatchByHand(t *testing.T) {
	for k, c := range batchCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x, labels := images(uint64(k)+100, c.n, c.cfg.Input, c.cfg.Output)
			b, err := RunBatch(net, x, labels, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			N, in, hid, out := c.n, c.cfg.Input, c.cfg.Hidden, c.cfg.Output
			W1, B1, W2, B2 := b.W1, b.B1, b.W2, b.B2

			z, a, local := make([]float64, N*hid), make([]float64, N*hid), make([]float64, N*hid)
			for r := range N {
				for j := range hid {
					v := B1[j]
					for i := range in {
						v += x[r*in+i] * W1[i*hid+j]
					}
					z[r*hid+j] = v
				}
			}
			assertClose(t, "Z", b.Z, z, plainLoops)
			masked := 0
			for q, v := range b.Z {
				switch c.cfg.Activation {
				case nn.ActReLU:
					if b.Mask[q] != (v <= 0) {
						t.Fatalf("Mask[%d] = %v for z = %v", q, b.Mask[q], v)
					}
					if v > 0 {
						a[q], local[q] = v, 1
					} else {
						masked++
					}
				case nn.ActSigmoid:
					a[q] = 1 / (1 + math.Exp(-v))
					local[q] = a[q] * (1 - a[q])
					if b.Saturated[q] != (a[q] < SaturatedLow || a[q] > SaturatedHigh) {
						t.Fatalf("Saturated[%d] = %v for a = %v", q, b.Saturated[q], a[q])
					}
				}
			}
			if c.cfg.Activation == nn.ActReLU {
				if b.Saturated != nil || masked == 0 || masked == N*hid {
					t.Errorf("ReLU: %d of %d masked (want some of each), Saturated %v", masked, N*hid, b.Saturated != nil)
				}
			} else if b.Mask != nil {
				t.Error("Sigmoid batch has a mask")
			}
			assertClose(t, "A", b.A, a, plainLoops)
			assertClose(t, "Local", b.Local, local, plainLoops)

			s, y, tt := make([]float64, N*out), make([]float64, N*out), make([]float64, N*out)
			loss := 0.0
			for r := range N {
				m := math.Inf(-1)
				for k := range out {
					v := B2[k]
					for j := range hid {
						v += a[r*hid+j] * W2[j*out+k]
					}
					s[r*out+k] = v
					m = math.Max(m, v)
				}
				sum := 0.0
				for k := range out {
					y[r*out+k] = math.Exp(s[r*out+k] - m)
					sum += y[r*out+k]
				}
				for k := range out {
					y[r*out+k] /= sum
				}
				tt[r*out+labels[r]] = 1
				loss -= math.Log(y[r*out+labels[r]]+Epsilon) / float64(N)
			}
			assertClose(t, "S", b.S, s, plainLoops)
			assertClose(t, "Y", b.Y, y, plainLoops)
			assertClose(t, "T", b.T, tt, 0)
			if !scalar.EqualWithinAbsOrRel(b.Loss, loss, plainLoops, plainLoops) {
				t.Errorf("Loss = %v, want the mean of -log(y[t] + 1e-7) = %v", b.Loss, loss)
			}

			dout := make([]float64, N*out)
			for q := range dout {
				dout[q] = (y[q] - tt[q]) / float64(N) // SoftmaxWithLoss's ÷batch
			}
			assertClose(t, "Dout", b.Dout, dout, plainLoops)
			dW2, db2, da := make([]float64, hid*out), make([]float64, out), make([]float64, N*hid)
			for r := range N {
				for k := range out {
					db2[k] += dout[r*out+k]
					for j := range hid {
						dW2[j*out+k] += a[r*hid+j] * dout[r*out+k]
						da[r*hid+j] += dout[r*out+k] * W2[j*out+k]
					}
				}
			}
			assertClose(t, "DW2", b.DW2, dW2, plainLoops)
			assertClose(t, "DB2", b.DB2, db2, plainLoops)
			assertClose(t, "DA", b.DA, da, plainLoops)
			dz := make([]float64, N*hid)
			for q := range dz {
				dz[q] = da[q] * local[q]
				if b.Mask != nil && b.Mask[q] && b.DZ[q] != 0 {
					t.Fatalf("DZ[%d] = %v for a masked unit, want exactly 0", q, b.DZ[q])
				}
			}
			assertClose(t, "DZ", b.DZ, dz, plainLoops)
			dW1, db1 := make([]float64, in*hid), make([]float64, hid)
			for r := range N {
				for j := range hid {
					db1[j] += dz[r*hid+j]
					for i := range in {
						dW1[i*hid+j] += x[r*in+i] * dz[r*hid+j]
					}
				}
			}
			assertClose(t, "DW1", b.DW1, dW1, plainLoops)
			assertClose(t, "DB1", b.DB1, db1, plainLoops)
		})
	}
}

// TestRunBatchUpdate repeats the update by hand: W ← W − lr·dW with the
// engine's gradient, loaded into a fresh net with SetParams.
func TestRunBatchUpdate(t *testing.T) {
	for k, c := range batchCases {
		for _, lr := range []float64{0.01, 0.1} {
			t.Run(fmt.Sprintf("%s/lr=%v", c.name, lr), func(t *testing.T) {
				net := newNet(t, c.cfg)
				x, labels := images(uint64(k)+200, c.n, c.cfg.Input, c.cfg.Output)
				b, err := RunBatch(net, x, labels, lr)
				if err != nil {
					t.Fatal(err)
				}
				xm := mat.NewDense(c.n, c.cfg.Input, slices.Clone(x))
				_, g := net.Gradient(xm, labels)
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
				after := rowMajor(&probs)
				assertClose(t, "ProbsAfter", b.ProbsAfter, after, sameEngine)
				if want := upd.Loss(xm, labels); !scalar.EqualWithinAbsOrRel(b.LossAfter, want, sameEngine, sameEngine) {
					t.Errorf("LossAfter = %v, want %v", b.LossAfter, want)
				}
				// A small step against the gradient lowers the loss.
				if !(b.LossAfter < b.Loss) {
					t.Errorf("loss %v → %v, want a decrease", b.Loss, b.LossAfter)
				}
				for r := range c.n {
					o := c.cfg.Output
					if b.PredictedBefore(r) != nn.Argmax(b.Y[r*o:(r+1)*o]) || b.PredictedAfter(r) != nn.Argmax(after[r*o:(r+1)*o]) {
						t.Errorf("image %d: PredictedBefore/After disagree with the probabilities", r)
					}
				}
				if b.PredictedBefore(-1) != -1 || b.PredictedAfter(c.n) != -1 {
					t.Error("Predicted of an image outside the batch is not -1")
				}
			})
		}
	}
}

// TestRunIsRunBatchOfOne checks that the single-image Pass carries the
// numbers of a batch of one, under its older names.
func TestRunIsRunBatchOfOne(t *testing.T) {
	for k, c := range netCases {
		t.Run(c.name, func(t *testing.T) {
			net := newNet(t, c.cfg)
			x := mnistLike(rand.New(rand.NewPCG(uint64(k), 70)), c.cfg.Input)
			p, err := Run(net, x, c.label, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			b, err := RunBatch(net, x, []int{c.label}, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for _, v := range []struct {
				name      string
				pass, bat []float64
			}{
				{"A/z", p.A, b.Z}, {"Z/a", p.Z, b.A}, {"DZ/da", p.DZ, b.DA}, {"DA/dz", p.DA, b.DZ},
				{"X", p.X, b.X}, {"S", p.S, b.S}, {"Y", p.Y, b.Y}, {"ProbsBefore", p.ProbsBefore, b.Y},
				{"Dout", p.Dout, b.Dout}, {"DW1", p.DW1, b.DW1}, {"DW2", p.DW2, b.DW2},
				{"ProbsAfter", p.ProbsAfter, b.ProbsAfter}, {"Local", p.Local, b.Local},
			} {
				if !sameBits(v.pass, v.bat) {
					t.Errorf("Pass %s differs from the batch's", v.name)
				}
			}
			if p.Loss != b.Loss || p.LossAfter != b.LossAfter || !slices.Equal(p.Mask, b.Mask) {
				t.Error("loss or mask differ")
			}
		})
	}
}

func TestRunBatchErrors(t *testing.T) {
	good := newNet(t, nn.DefaultConfig())
	x := make([]float64, 2*784)
	withX := func(i int, v float64) []float64 {
		y := slices.Clone(x)
		y[i] = v
		return y
	}
	oneAffine := newNet(t, nn.DefaultConfig())
	oneAffine.Layers = oneAffine.Layers[1:]
	for _, c := range []struct {
		name   string
		net    *nn.TwoLayerNet
		x      []float64
		labels []int
		lr     float64
		want   string
	}{
		{"nil net", nil, x, []int{0, 1}, 0.1, "stepper: no net"},
		{"zero net", &nn.TwoLayerNet{}, x, []int{0, 1}, 0.1, "stepper: net: nn: input size 0 must be positive"},
		{"one parametric layer", oneAffine, x, []int{0, 1}, 0.1, "stepper: net has 1 parametric layers, want 2"},
		{"no images", good, nil, nil, 0.1, "stepper: batch of 0 images is not in [1, 100]"},
		{"too many images", good, make([]float64, 101*784), make([]int, 101), 0.1, "stepper: batch of 101 images is not in [1, 100]"},
		{"short input", good, x[:1567], []int{0, 1}, 0.1, "stepper: input has 1567 values, want 1568 (2 images of 784)"},
		{"NaN", good, withX(784+5, math.NaN()), []int{0, 1}, 0.1, "stepper: input x[1,5] is NaN, want a finite value"},
		{"Inf", good, withX(783, math.Inf(1)), []int{0, 1}, 0.1, "stepper: input x[0,783] is +Inf, want a finite value"},
		{"negative label", good, x, []int{0, -1}, 0.1, "stepper: label -1 of image 1 is not in [0, 10)"},
		{"label too large", good, x, []int{10, 0}, 0.1, "stepper: label 10 of image 0 is not in [0, 10)"},
		{"zero lr", good, x, []int{0, 1}, 0, "stepper: learning rate 0 must be positive and finite"},
		{"NaN lr", good, x, []int{0, 1}, math.NaN(), "stepper: learning rate NaN must be positive and finite"},
		{"overflowing lr", good, withX(0, 1), []int{0, 1}, math.MaxFloat64, "stepper: learning rate 1.7976931348623157e+308 makes the updated net's probabilities non-finite"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b, err := RunBatch(c.net, c.x, c.labels, c.lr)
			if err == nil || err.Error() != c.want || b != nil {
				t.Errorf("RunBatch = %v, %v; want nil, %q", b, err, c.want)
			}
		})
	}
}

func TestTensors(t *testing.T) {
	want := []string{"x", "z", "a", "s", "y", "t", "dout", "dW2", "db2", "da", "dz", "dW1", "db1"}
	ts := Tensors()
	if len(ts) != NumTensors || NumTensors != len(want) {
		t.Fatalf("%d tensors (NumTensors %d), want %d", len(ts), NumTensors, len(want))
	}
	for i, tn := range ts {
		if tn != Tensor(i) || tn.String() != want[i] || !tn.Valid() {
			t.Errorf("tensor %d is %d %q, want %q", i, tn, tn, want[i])
		}
		for _, name := range []string{want[i], strings.ToUpper(want[i]), " " + want[i] + "\t"} {
			if got, err := ParseTensor(name); err != nil || got != tn {
				t.Errorf("ParseTensor(%q) = %v, %v; want %v", name, got, err, tn)
			}
		}
	}
	if Tensor(NumTensors).Valid() || Tensor(NumTensors).String() != "Tensor(13)" {
		t.Error("Tensor(13) is valid or misnamed")
	}
	for _, name := range []string{"", "W1", "dw", "d z"} {
		if _, err := ParseTensor(name); err == nil || !strings.HasPrefix(err.Error(), fmt.Sprintf("stepper: unknown tensor %q", name)) {
			t.Errorf("ParseTensor(%q): error %v", name, err)
		}
	}
	ts[0] = TensorDB1
	if Tensors()[0] != TensorX {
		t.Error("Tensors returns a shared slice")
	}

	// The stages show every tensor once, in the order of the pass.
	var shown []Tensor
	for _, s := range Stages() {
		shown = append(shown, s.Tensors()...)
	}
	if !slices.Equal(shown, Tensors()) {
		t.Errorf("the stages show %v, want %v", shown, Tensors())
	}
	if Stage(-1).Tensors() != nil {
		t.Error("an invalid stage shows tensors")
	}
}

// TestBatchAccessors checks Dims, Values and At against the fields.
func TestBatchAccessors(t *testing.T) {
	cfg := nn.Config{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 6}
	x, labels := images(9, 3, cfg.Input, cfg.Output)
	b, err := RunBatch(newNet(t, cfg), x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	fields := [][]float64{b.X, b.Z, b.A, b.S, b.Y, b.T, b.Dout, b.DW2, b.DB2, b.DA, b.DZ, b.DW1, b.DB1}
	shapes := [][2]int{{3, 20}, {3, 8}, {3, 8}, {3, 10}, {3, 10}, {3, 10}, {3, 10}, {8, 10}, {1, 10}, {3, 8}, {3, 8}, {20, 8}, {1, 8}}
	for _, tn := range Tensors() {
		r, c := b.Dims(tn)
		if [2]int{r, c} != shapes[tn] || len(b.Values(tn)) != r*c || &b.Values(tn)[0] != &fields[tn][0] {
			t.Errorf("%v: Dims %d×%d, %d values; want %v and the field", tn, r, c, len(b.Values(tn)), shapes[tn])
		}
		for _, ij := range [][2]int{{0, 0}, {r - 1, c - 1}, {r / 2, c / 3}} {
			if v, err := b.At(tn, ij[0], ij[1]); err != nil || v != fields[tn][ij[0]*c+ij[1]] {
				t.Errorf("%v.At%v = %v, %v", tn, ij, v, err)
			}
		}
		for _, ij := range [][2]int{{-1, 0}, {r, 0}, {0, c}, {0, -1}} {
			if _, err := b.At(tn, ij[0], ij[1]); err == nil || !strings.Contains(err.Error(), "is outside "+tn.String()) {
				t.Errorf("%v.At%v: error %v", tn, ij, err)
			}
		}
	}
	if r, c := b.Dims(Tensor(20)); r != 0 || c != 0 || b.Values(Tensor(20)) != nil {
		t.Error("an invalid tensor has a shape or values")
	}
	if _, err := b.At(Tensor(20), 0, 0); err == nil {
		t.Error("At of an invalid tensor: no error")
	}
}
