package viz

import "math"

// LogUnit maps non-negative values (differences, errors) onto [0, 1] on a
// log scale from lo to hi, for Sequential with max 1: log10(v/lo) /
// log10(hi/lo), so each decade gets the same share of the palette. 0 and
// values up to lo map to 0, values from hi on (and +Inf) to 1; NaN stays
// NaN (NaNColor). It writes into dst, grown as needed, and returns it; it
// returns nil unless 0 < lo < hi < +Inf.
func LogUnit(dst, v []float64, lo, hi float64) []float64 {
	if !(lo > 0 && hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	dst = append(dst[:0], v...)
	l0, span := math.Log10(lo), math.Log10(hi)-math.Log10(lo)
	for i, x := range dst {
		switch {
		case x != x:
		case x <= lo:
			dst[i] = 0
		case x >= hi:
			dst[i] = 1
		default:
			dst[i] = (math.Log10(x) - l0) / span
		}
	}
	return dst
}

// LogOffset is where v sits on LogUnit's scale from lo to hi, in [0, 1]:
// the offset of its tick on a legend bar.
func LogOffset(v, lo, hi float64) float64 {
	u := LogUnit(nil, []float64{v}, lo, hi)
	if u == nil {
		return 0
	}
	return u[0]
}
