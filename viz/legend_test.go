package viz

import (
	"math"
	"testing"
)

func TestLegendStops(t *testing.T) {
	const scale = 0.37
	s := LegendStops(scale, DivergingStops)
	if len(s) != 11 {
		t.Fatalf("%d stops, want 11", len(s))
	}
	for k, st := range s {
		// Offsets and values are k/10 of the range: exact up to rounding
		// of one multiplication and one addition (a few ulps).
		if math.Abs(st.Offset-float64(k)/10) > 1e-15 || math.Abs(st.Value-(-scale+float64(k)/10*2*scale)) > 1e-15 {
			t.Errorf("stop %d: offset %v value %v", k, st.Offset, st.Value)
		}
		if want := rgbOf(Diverging(st.Value, scale)).CSS(); st.Color != want {
			t.Errorf("stop %d (%v): colour %s, want %s", k, st.Value, st.Color, want)
		}
		// The stops are the palette's ColorBrewer colours themselves.
		var pal RGB
		if k < 5 {
			pal = divNeg[5-k]
		} else {
			pal = divPos[k-5]
		}
		if st.Color != pal.CSS() {
			t.Errorf("stop %d: colour %s, want the RdBu stop %s", k, st.Color, pal.CSS())
		}
	}
	if s[5].Value != 0 || s[5].Label != "0" {
		t.Errorf("middle stop %+v, want exactly 0 labelled 0", s[5])
	}
	if s[0].Label != "≤ −0.37" || s[10].Label != "≥ 0.37" {
		t.Errorf("end labels %q, %q; want ≤ −0.37 and ≥ 0.37 (values beyond are clipped)", s[0].Label, s[10].Label)
	}
	for _, c := range []struct {
		scale float64
		n     int
	}{{0, 11}, {-1, 11}, {math.NaN(), 11}, {math.Inf(1), 11}, {1, 1}} {
		if got := LegendStops(c.scale, c.n); got != nil {
			t.Errorf("LegendStops(%v, %d) = %v, want nil", c.scale, c.n, got)
		}
	}
}

func TestSequentialLegendStops(t *testing.T) {
	s := SequentialLegendStops(120, SequentialStops)
	if len(s) != 9 {
		t.Fatalf("%d stops, want 9", len(s))
	}
	for k, st := range s {
		if st.Color != seq[k].CSS() {
			t.Errorf("stop %d: colour %s, want the Blues stop %s", k, st.Color, seq[k].CSS())
		}
	}
	if s[0].Label != "0" || s[8].Label != "≥ 120" || s[4].Label != "60" {
		t.Errorf("labels %q %q %q, want 0, 60, ≥ 120", s[0].Label, s[4].Label, s[8].Label)
	}
}
