package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// randDense returns an r×c matrix of values uniform in [lo, hi).
func randDense(rng *rand.Rand, r, c int, lo, hi float64) *mat.Dense {
	m := mat.NewDense(r, c, nil)
	raw := m.RawMatrix().Data
	for i := range raw {
		raw[i] = lo + (hi-lo)*rng.Float64()
	}
	return m
}

// awayFromZero returns an r×c matrix of values with lo ≤ |v| < hi and random
// sign, for testing ReLU away from its kink at 0.
func awayFromZero(rng *rand.Rand, r, c int, lo, hi float64) *mat.Dense {
	m := randDense(rng, r, c, lo, hi)
	raw := m.RawMatrix().Data
	for i := range raw {
		if rng.IntN(2) == 0 {
			raw[i] = -raw[i]
		}
	}
	return m
}

// randLabels returns n class indices in [0, classes).
func randLabels(rng *rand.Rand, n, classes int) []int {
	l := make([]int, n)
	for i := range l {
		l[i] = rng.IntN(classes)
	}
	return l
}

// numGrad returns the central-difference gradient of f with respect to
// every element of theta (h = 1e-4, as the book), restoring theta.
func numGrad(theta []float64, f func() float64) []float64 {
	g := make([]float64, len(theta))
	for i, v := range theta {
		theta[i] = v + numericalH
		fp := f()
		theta[i] = v - numericalH
		fm := f()
		theta[i] = v
		g[i] = (fp - fm) / (2 * numericalH)
	}
	return g
}

// dotAll returns Σ a⊙b, the scalar whose gradient with respect to a is b:
// layer gradient checks use f(x) = Σ Forward(x)⊙G, so df/dx = Backward(G).
func dotAll(a, b *mat.Dense) float64 {
	return floats.Dot(denseData(a), denseData(b))
}

// rawOf returns a copy of the elements of a matrix, row by row.
func rawOf(m mat.Matrix) []float64 {
	return mat.DenseCopyOf(m).RawMatrix().Data
}

// assertClose fails if got and want differ by more than tol, absolute or
// relative, anywhere.
func assertClose(t *testing.T, name string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range got {
		if !scalar.EqualWithinAbsOrRel(got[i], want[i], tol, tol) {
			t.Errorf("%s[%d] = %.12g, want %.12g (tolerance %g)", name, i, got[i], want[i], tol)
			return
		}
	}
}

// sameBits reports whether a and b are bit-for-bit identical.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// params returns a copy of the net's parameters, W1, b1, W2, b2 in order.
func params(n *TwoLayerNet) []float64 {
	c := n.Config()
	w1, b1 := make([]float64, c.Input*c.Hidden), make([]float64, c.Hidden)
	w2, b2 := make([]float64, c.Hidden*c.Output), make([]float64, c.Output)
	n.CopyParams(w1, b1, w2, b2)
	return append(append(append(w1, b1...), w2...), b2...)
}
