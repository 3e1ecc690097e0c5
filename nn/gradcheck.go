package nn

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

// numericalH is the step of the central difference, the book's h = 1e-4
// (section 4.3.1): small enough for the O(h²) truncation error and large
// enough that the rounding error of f(x+h) - f(x-h) stays small.
const numericalH = 1e-4

// NumericalGradient returns the gradient of n.Loss(x, labels) with respect to
// every parameter by central differences, (f(θ+h) - f(θ-h)) / 2h with
// h = 1e-4 (the book's numerical_gradient, section 4.4.2). It runs the net
// forward twice per parameter, so it is slow (39,760 parameters for
// 784→50→10); progress, if not nil, is called after each parameter with the
// number done and the total. Each parameter is restored exactly after use.
// The result is newly allocated. It panics if x or labels fail CheckBatch.
func (n *TwoLayerNet) NumericalGradient(x *mat.Dense, labels []int, progress func(done, total int)) *Grads {
	g := NewGrads(n.cfg)
	W1, B1 := n.p1().Params()
	W2, B2 := n.p2().Params()
	params := [][2][]float64{
		{denseData(W1), g.W1.RawMatrix().Data},
		{vecData(B1), g.B1.RawVector().Data},
		{denseData(W2), g.W2.RawMatrix().Data},
		{vecData(B2), g.B2.RawVector().Data},
	}
	total := 0
	for _, p := range params {
		total += len(p[0])
	}
	done := 0
	for _, p := range params {
		theta, grad := p[0], p[1]
		for i, v := range theta {
			theta[i] = v + numericalH
			fp := n.Loss(x, labels)
			theta[i] = v - numericalH
			fm := n.Loss(x, labels)
			theta[i] = v
			grad[i] = (fp - fm) / (2 * numericalH)
			done++
			if progress != nil {
				progress(done, total)
			}
		}
	}
	return g
}

// denseData returns the elements of a parameter matrix, which nn always
// makes contiguous (stride = columns); anything else would be a bug.
func denseData(m *mat.Dense) []float64 {
	raw := m.RawMatrix()
	if raw.Stride != raw.Cols {
		panic("nn: parameter matrix is not contiguous")
	}
	return raw.Data[:raw.Rows*raw.Cols]
}

// vecData returns the elements of a parameter vector.
func vecData(v *mat.VecDense) []float64 {
	raw := v.RawVector()
	return denseVec(raw.Data, raw.Inc, raw.N)
}

// GradDiff is the mean absolute difference between the numerical and the
// backprop gradient of each parameter, as printed by the book's
// gradient_check.py (section 5.7.3); a correct backprop gives values around
// 1e-10 to 1e-7.
type GradDiff struct{ W1, B1, W2, B2 float64 }

// Max returns the largest of the four differences.
func (d GradDiff) Max() float64 { return max(d.W1, d.B1, d.W2, d.B2) }

// GradCheck compares backprop (Gradient) with NumericalGradient on x and
// labels and returns the mean |numerical - backprop| of each parameter. It
// leaves the parameters unchanged; progress is passed to NumericalGradient.
// It panics if x or labels fail CheckBatch.
func GradCheck(n *TwoLayerNet, x *mat.Dense, labels []int, progress func(done, total int)) GradDiff {
	return GradCheckElements(n, x, labels, progress).Mean
}

// GradCheckResult is the gradient check element by element: where GradCheck
// gives one mean per parameter, Diff shows which elements of W1, b1, W2 and
// b2 disagree, which is what points at a broken layer (a forgotten ReLU
// mask spoils the columns of W1 of the units it should have blocked, a
// scrambled dW2 all of W2 and nothing else).
type GradCheckResult struct {
	Mean      GradDiff // the mean of each parameter's Diff, what GradCheck returns
	Diff      *Grads   // |numerical - backprop| of every element; NaN stays NaN
	Numerical *Grads   // NumericalGradient
	Backprop  *Grads   // Gradient, copied out of the layers
}

// GradCheckElements is GradCheck with every element: it computes the
// backprop gradient, then the numerical one (calling progress as
// NumericalGradient does), and returns both with their absolute difference
// and its mean per parameter, the same numbers GradCheck returns. The result
// is newly allocated and the parameters are left unchanged. It panics if x
// or labels fail CheckBatch.
func GradCheckElements(n *TwoLayerNet, x *mat.Dense, labels []int, progress func(done, total int)) *GradCheckResult {
	_, bg := n.Gradient(x, labels)
	bp := bg.Clone() // the net's own Grads change with its layers
	num := n.NumericalGradient(x, labels, progress)
	diff := NewGrads(n.cfg)
	r := &GradCheckResult{Diff: diff, Numerical: num, Backprop: bp}
	r.Mean = GradDiff{
		W1: absDiff(denseData(diff.W1), denseData(num.W1), denseData(bp.W1)),
		B1: absDiff(vecData(diff.B1), vecData(num.B1), vecData(bp.B1)),
		W2: absDiff(denseData(diff.W2), denseData(num.W2), denseData(bp.W2)),
		B2: absDiff(vecData(diff.B2), vecData(num.B2), vecData(bp.B2)),
	}
	return r
}

// absDiff sets dst[i] = |a[i] - b[i]| and returns their mean; NaN stays NaN.
func absDiff(dst, a, b []float64) float64 {
	var sum float64
	for i, v := range a {
		d := math.Abs(v - b[i])
		dst[i] = d
		sum += d
	}
	return sum / float64(len(a))
}
