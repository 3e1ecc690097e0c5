package broken

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// correct reports whether an element differs from the numerical gradient
// num by no more than a correct backprop would on the small nets. The
// numerical gradient differentiates the loss with nn's 1e-7 inside the
// log, backprop the loss without it, so they differ by about 1e-7/y[t] of
// the gradient, up to 1e-5 relative for the least likely label here,
// besides the O(h²) truncation error; a broken layer is off by a good part
// of the gradient itself.
func correct(diff, num float64) bool { return diff <= 1e-4*math.Abs(num)+1e-8 }

var paramNames = []string{"W1", "B1", "W2", "B2"}

// flat returns the elements of g's four parameters, row-major, by name.
func flat(g *nn.Grads) map[string][]float64 {
	return map[string][]float64{
		"W1": g.W1.RawMatrix().Data, "B1": g.B1.RawVector().Data,
		"W2": g.W2.RawMatrix().Data, "B2": g.B2.RawVector().Data,
	}
}

// clean is a correct pass on the net's clone: its layers hold x, the mask,
// the activations and every gradient.
type clean struct {
	a1, a2 *nn.Affine
	act    nn.Layer
	last   *nn.SoftmaxWithLoss
	g      map[string][]float64
}

func cleanPass(net *nn.TwoLayerNet, x *mat.Dense, labels []int) clean {
	c := net.Clone()
	_, g := c.Gradient(x, labels)
	return clean{c.Layers[0].(*nn.Affine), c.Layers[2].(*nn.Affine), c.Layers[1], c.Last.(*nn.SoftmaxWithLoss), flat(g.Clone())}
}

// fingerprint runs the element-wise gradient check of kind on net and
// returns its maps and a clean pass on the same images.
func fingerprint(t *testing.T, cfg nn.Config, kind string, n int, seed uint64) (r *nn.GradCheckResult, diff, num, bp map[string][]float64, ok clean, net *nn.TwoLayerNet, x *mat.Dense) {
	t.Helper()
	net = newNet(t, cfg)
	x, labels := batch(seed, n, cfg.Input, cfg.Output)
	awayFromKink(t, net, x)
	b, err := Apply(net, kind)
	if err != nil {
		t.Fatal(err)
	}
	r = nn.GradCheckElements(b, x, labels, nil)
	return r, flat(r.Diff), flat(r.Numerical), flat(r.Backprop), cleanPass(net, x, labels), b, x
}

// dark fails unless every element of the named maps is correct.
func dark(t *testing.T, diff, num map[string][]float64, names ...string) {
	t.Helper()
	for _, p := range names {
		for q, d := range diff[p] {
			if !correct(d, num[p][q]) {
				t.Errorf("%s[%d] differs by %.2e of %.2e: this map should stay dark", p, q, d, num[p][q])
				break
			}
		}
	}
}

func largestAt(v []float64) int {
	best := 0
	for q, x := range v {
		if x > v[best] || math.IsNaN(x) {
			best = q
		}
	}
	return best
}

// TestFingerprintReluMask: the forgotten mask lines up with the columns of
// the units that were off.
func TestFingerprintReluMask(t *testing.T) {
	cfg := smallNets[0]
	for _, n := range []int{1, 3} {
		t.Run(fmt.Sprint(n), func(t *testing.T) {
			_, diff, num, _, ok, _, x := fingerprint(t, cfg, ReluMask, n, 40)
			dark(t, diff, num, "W2", "B2")
			relu := ok.act.(*nn.Relu)
			off, on := 0, 0
			for j := range cfg.Hidden {
				everOff := false
				for r := range n {
					everOff = everOff || relu.Masked(r, j)
				}
				for i := -1; i < cfg.Input; i++ {
					d, nv := diff["B1"][j], num["B1"][j]
					lit := true // a pixel that is 0 in every image leaves W1[i,j] at 0 anyway
					if i >= 0 {
						d, nv = diff["W1"][i*cfg.Hidden+j], num["W1"][i*cfg.Hidden+j]
						lit = false
						for r := range n {
							lit = lit || (relu.Masked(r, j) && x.At(r, i) != 0)
						}
					}
					switch {
					case !everOff && !correct(d, nv):
						t.Fatalf("unit %d was on for every image, but element %d of its column differs by %.2e", j, i, d)
					case everOff && lit && !(d > 1e-6):
						t.Fatalf("unit %d was off, but element %d of its column differs by only %.2e", j, i, d)
					case everOff && n == 1 && math.Abs(nv) > 1e-9:
						t.Fatalf("unit %d was off for the only image, but its numerical gradient %d is %v, want 0", j, i, nv)
					}
				}
				if everOff {
					off++
				} else {
					on++
				}
			}
			if off == 0 || on == 0 {
				t.Fatalf("%d units off, %d on: want some of each", off, on)
			}
		})
	}
}

// TestFingerprintSigmoid: the two wrong derivatives scale the columns of
// W1 and b1 by a factor of the unit's own; with one image it is exact.
func TestFingerprintSigmoid(t *testing.T) {
	cfg := smallNets[1]
	for _, kind := range []string{SigmoidDerivative, SigmoidFromX} {
		t.Run(kind, func(t *testing.T) {
			_, diff, num, bp, ok, _, _ := fingerprint(t, cfg, kind, 1, 41)
			dark(t, diff, num, "W2", "B2")
			z, a := ok.a1.Out(), ok.act.(*nn.Sigmoid).Out()
			flipped := 0
			for j := range cfg.Hidden {
				zj, aj := z.At(0, j), a.At(0, j)
				want := 1 / (1 - aj) // out instead of out·(1 − out)
				if kind == SigmoidFromX {
					want = zj * (1 - zj) / (aj * (1 - aj))
				}
				if want < 0 {
					flipped++
				}
				if got := bp["B1"][j] / num["B1"][j]; math.Abs(got-want) > 1e-4*math.Abs(want) {
					t.Errorf("unit %d (z %.3f, a %.3f): backprop/numerical of b1 = %v, want %v", j, zj, aj, got, want)
				}
				for i := range cfg.Input {
					q := i*cfg.Hidden + j
					if math.Abs(num["W1"][q]) > 1e-6 {
						if got := bp["W1"][q] / num["W1"][q]; math.Abs(got-want) > 1e-3*math.Abs(want) {
							t.Fatalf("W1[%d,%d]: backprop/numerical = %v, want the column's %v", i, j, got, want)
						}
					}
				}
			}
			if kind == SigmoidFromX && flipped == 0 {
				t.Error("no unit with z < 0 or z > 1: no column of the wrong sign to see")
			}
		})
	}
}

// TestFingerprintSoftmaxBatch: every backprop gradient is batch times the
// numerical one.
func TestFingerprintSoftmaxBatch(t *testing.T) {
	_, _, num, bp, _, _, _ := fingerprint(t, smallNets[0], SoftmaxBatch, 3, 42)
	for _, p := range paramNames {
		for q, v := range num[p] {
			if math.Abs(v) > 1e-6 && math.Abs(bp[p][q]/v-3) > 1e-4 {
				t.Fatalf("%s[%d]: backprop/numerical = %v, want 3", p, q, bp[p][q]/v)
			}
		}
	}
}

// TestFingerprintAffine tells the two slips in dW2 apart: the dropped
// transpose with a reshape moves the right numbers, x·dout in a square
// batch makes other numbers.
func TestFingerprintAffine(t *testing.T) {
	cfg := smallNets[0]
	sorted := func(v []float64) []float64 { s := slices.Clone(v); slices.Sort(s); return s }
	maxDiff := func(a, b []float64) float64 {
		var m float64
		for q := range a {
			m = max(m, math.Abs(a[q]-b[q]))
		}
		return m
	}
	t.Run(AffineTranspose, func(t *testing.T) {
		_, diff, num, bp, _, _, _ := fingerprint(t, cfg, AffineTranspose, 3, 63)
		dark(t, diff, num, "W1", "B1", "B2")
		if d := maxDiff(diff["W2"], make([]float64, len(diff["W2"]))); !(d > 1e-3) {
			t.Errorf("W2 differs by at most %.2e", d)
		}
		if d := maxDiff(sorted(bp["W2"]), sorted(num["W2"])); !(d < 1e-6) {
			t.Errorf("sorted, backprop's and the numerical dW2 differ by %.2e: not the same numbers", d)
		}
	})
	t.Run(AffineSquare, func(t *testing.T) {
		n := cfg.Hidden // square a: 8 images of 8 units
		_, diff, num, bp, ok, _, _ := fingerprint(t, cfg, AffineSquare, n, 44)
		dark(t, diff, num, "W1", "B1", "B2")
		var want mat.Dense
		want.Mul(ok.a2.X(), ok.last.DX()) // a·dout, 8×8 · 8×10
		if d := maxDiff(bp["W2"], want.RawMatrix().Data); !(d < 1e-15) {
			t.Errorf("backprop dW2 differs from a·dout by %.2e", d)
		}
		if d := maxDiff(num["W2"], ok.g["W2"]); !(d < 1e-6) {
			t.Errorf("numerical dW2 differs from the correct aᵀ·dout by %.2e", d)
		}
		if d := maxDiff(sorted(bp["W2"]), sorted(num["W2"])); !(d > 1e-3) {
			t.Errorf("sorted, backprop's and the numerical dW2 agree to %.2e: only moved, as with affine-transpose", d)
		}
	})
}

// TestFingerprintSoftmaxStale: the numerical gradient is exactly 0, so
// every map is the backprop gradient itself, and backprop is right.
func TestFingerprintSoftmaxStale(t *testing.T) {
	_, diff, num, bp, ok, _, _ := fingerprint(t, smallNets[1], SoftmaxStale, 3, 45)
	for _, p := range paramNames {
		for q, v := range num[p] {
			if v != 0 || diff[p][q] != math.Abs(bp[p][q]) {
				t.Fatalf("%s[%d]: numerical %v, diff %v, backprop %v; want 0 and |backprop|", p, q, v, diff[p][q], bp[p][q])
			}
			if math.Abs(bp[p][q]-ok.g[p][q]) > 1e-15 {
				t.Fatalf("%s[%d]: backprop %v, correct %v", p, q, bp[p][q], ok.g[p][q])
			}
		}
	}
}

// TestFingerprintReluInPlace: the check passes, and da is dz.
func TestFingerprintReluInPlace(t *testing.T) {
	cfg := smallNets[0]
	x, labels := batch(46, 3, cfg.Input, cfg.Output)
	_, diff, num, _, ok, b, _ := fingerprint(t, cfg, ReluInPlace, 3, 46)
	dark(t, diff, num, paramNames...)
	b.Gradient(x, labels)
	da := b.Layers[2].(*nn.Affine).DX()
	dz := b.Layers[1].(interface{ DX() mat.Matrix }).DX()
	if !mat.Equal(da, dz) {
		t.Error("Affine2's da is not Relu1's dz")
	}
	relu := ok.act.(*nn.Relu)
	zeroed := 0
	for r := range 3 {
		for j := range cfg.Hidden {
			if relu.Masked(r, j) && ok.a2.DX().At(r, j) != 0 {
				if da.At(r, j) != 0 {
					t.Errorf("da[%d,%d] = %v at a masked unit, want the zeroed 0", r, j, da.At(r, j))
				}
				zeroed++
			} else if da.At(r, j) != ok.a2.DX().At(r, j) {
				t.Errorf("da[%d,%d] = %v, want the correct %v", r, j, da.At(r, j), ok.a2.DX().At(r, j))
			}
		}
	}
	if zeroed == 0 {
		t.Error("no masked unit with a nonzero da")
	}
}

// TestFingerprintBiasNoSum: only the bias maps light up, and backprop's
// db is the last image's row.
func TestFingerprintBiasNoSum(t *testing.T) {
	for k, cfg := range smallNets {
		t.Run(cfg.Activation.String(), func(t *testing.T) {
			_, diff, num, bp, ok, _, _ := fingerprint(t, cfg, BiasNoSum, 3, 47+uint64(k))
			dark(t, diff, num, "W1", "W2")
			for _, c := range []struct {
				p    string
				dout mat.Matrix
			}{{"B2", ok.last.DX()}, {"B1", ok.act.(interface{ DX() mat.Matrix }).DX()}} {
				for j, v := range bp[c.p] {
					if v != c.dout.At(2, j) {
						t.Fatalf("backprop %s[%d] = %v, want the last image's %v", c.p, j, v, c.dout.At(2, j))
					}
					if !correct(math.Abs(num[c.p][j]-ok.g[c.p][j]), num[c.p][j]) {
						t.Fatalf("numerical %s[%d] = %v, want the sum %v", c.p, j, num[c.p][j], ok.g[c.p][j])
					}
				}
				if q := largestAt(diff[c.p]); !(diff[c.p][q] > 1e-3) {
					t.Errorf("%s differs by at most %.2e", c.p, diff[c.p][q])
				}
			}
			_, diff1, num1, _, _, _, _ := fingerprint(t, cfg, BiasNoSum, 1, 49)
			dark(t, diff1, num1, paramNames...)
		})
	}
}
