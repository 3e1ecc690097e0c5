package viz

import "math"

// Scale returns a symmetric scale for values: the largest |v| over the
// finite values (NaN and ±Inf are skipped), or 0 if there is none or all
// are 0.
//
// It is the maximum, not a percentile (such as the 99.5th of |v|), on
// purpose: with the maximum nothing is clipped, so the legend's ends are the
// data's true extremes and every colour means what the legend says. A
// percentile would keep one outlier from washing out the rest, but for this
// net's matrices the outliers are the message (dW1 of one sample is
// x[i]·da[j], so the unit with the largest |da| dominates because it gets the
// largest update), and it would cost a copy and a selection per frame. A
// caller that wants a fixed scale across frames (e.g. while training) can
// pass its own and count what it clips with Clipped.
func Scale(values []float64) float64 {
	var m float64
	for _, v := range values {
		a := math.Abs(v)
		if a > m && a <= math.MaxFloat64 { // false for NaN and +Inf
			m = a
		}
	}
	return m
}

// Clipped returns how many values lie beyond ±scale and are therefore drawn
// with the end colours of the palette (NaN is not counted; with a scale
// that is not positive, every non-zero value counts), so that a legend can
// say "n values beyond ±scale".
func Clipped(values []float64, scale float64) int {
	n := 0
	if !(scale > 0) {
		for _, v := range values {
			if v != 0 && v == v {
				n++
			}
		}
		return n
	}
	for _, v := range values {
		if math.Abs(v) > scale {
			n++
		}
	}
	return n
}
