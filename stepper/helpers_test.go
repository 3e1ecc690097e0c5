package stepper

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// mnistLike returns n values like an MNIST image: mostly 0, a fifth of them
// bright strokes in (0, 1].
func mnistLike(rng *rand.Rand, n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		if rng.Float64() < 0.2 {
			x[i] = 1 - rng.Float64()
		}
	}
	return x
}

// newNet returns a net for c or fails the test.
func newNet(t testing.TB, c nn.Config) *nn.TwoLayerNet {
	t.Helper()
	n, err := nn.NewTwoLayerNet(c)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// paramBits returns the bits of every parameter of n, for bit-exact
// comparisons.
func paramBits(n *nn.TwoLayerNet) []uint64 {
	c := n.Config()
	w1, b1 := make([]float64, c.Input*c.Hidden), make([]float64, c.Hidden)
	w2, b2 := make([]float64, c.Hidden*c.Output), make([]float64, c.Output)
	n.CopyParams(w1, b1, w2, b2)
	var bits []uint64
	for _, s := range [][]float64{w1, b1, w2, b2} {
		for _, v := range s {
			bits = append(bits, math.Float64bits(v))
		}
	}
	return bits
}

// rowMajor returns the elements of m in row-major order.
func rowMajor(m mat.Matrix) []float64 {
	r, c := m.Dims()
	out := make([]float64, 0, r*c)
	for i := range r {
		for j := range c {
			out = append(out, m.At(i, j))
		}
	}
	return out
}

// assertClose fails unless got and want have the same length and agree
// element by element within tol, absolute or relative.
func assertClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s has %d values, want %d", name, len(got), len(want))
		return
	}
	for i := range got {
		if !scalar.EqualWithinAbsOrRel(got[i], want[i], tol, tol) {
			t.Errorf("%s[%d] = %v, want %v (tol %g)", name, i, got[i], want[i], tol)
			return
		}
	}
}
