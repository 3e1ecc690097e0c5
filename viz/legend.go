package viz

import (
	"math"
	"strconv"
)

// Stop is one colour stop of a legend bar: the Value it stands for, its
// Offset along the bar (0 at the left/bottom end, 1 at the other), its
// colour as CSS "#rrggbb" and a Label for the value. The end stops' labels
// say "≤" and "≥", because values beyond the ends are clipped to the end
// colours.
type Stop struct {
	Value  float64
	Offset float64
	Color  string
	Label  string
}

// LegendStops returns n stops evenly spaced from -scale to +scale on the
// diverging palette, for an HTML/SVG gradient bar (n = DivergingStops gives
// the palette exactly; an odd n includes 0). It returns nil if scale is not
// positive and finite (an all-zero matrix has nothing to explain) or n < 2.
func LegendStops(scale float64, n int) []Stop {
	return stops(-scale, scale, n, divergingRGB)
}

// SequentialLegendStops is LegendStops for the sequential palette, from 0 to
// max (n = SequentialStops gives the palette exactly). The first label is
// plain "0", as negative values are not expected.
func SequentialLegendStops(max float64, n int) []Stop {
	s := stops(0, max, n, sequentialRGB)
	if len(s) > 0 {
		s[0].Label = "0"
	}
	return s
}

func stops(lo, hi float64, n int, color func(t float64) RGB) []Stop {
	if !(hi > 0) || math.IsInf(hi, 0) || n < 2 {
		return nil
	}
	s := make([]Stop, n)
	for k := range s {
		off := float64(k) / float64(n-1)
		v := lo + off*(hi-lo)
		if 2*k == n-1 && lo < 0 {
			v = 0 // exactly, not a rounding residue like 1e-17
		}
		s[k] = Stop{Value: v, Offset: off, Color: color(v / hi).CSS(), Label: format(v)}
	}
	s[0].Label = "≤ " + s[0].Label
	s[n-1].Label = "≥ " + s[n-1].Label
	return s
}

// format writes v with 3 significant digits and a true minus sign.
func format(v float64) string {
	if v < 0 {
		return "−" + strconv.FormatFloat(-v, 'g', 3, 64)
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
