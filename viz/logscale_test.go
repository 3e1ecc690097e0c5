package viz

import (
	"math"
	"testing"
)

func TestLogUnit(t *testing.T) {
	in := []float64{0, 1e-12, 1e-10, 1e-8, 1e-6, 1e-2, 1, 5, math.Inf(1), math.NaN()}
	want := []float64{0, 0, 0, 0.2, 0.4, 0.8, 1, 1, 1, math.NaN()}
	got := LogUnit(nil, in, 1e-10, 1)
	for i := range want {
		if math.IsNaN(want[i]) != math.IsNaN(got[i]) || !math.IsNaN(want[i]) && math.Abs(got[i]-want[i]) > 1e-12 {
			t.Errorf("LogUnit(%g) = %v, want %v", in[i], got[i], want[i])
		}
	}
	if LogUnit(nil, in, 0, 1) != nil || LogUnit(nil, in, 1, 1) != nil || LogUnit(nil, in, 1, math.Inf(1)) != nil {
		t.Error("a scale that is not 0 < lo < hi < Inf was accepted")
	}
	if o := LogOffset(1e-6, 1e-10, 1); math.Abs(o-0.4) > 1e-12 {
		t.Errorf("LogOffset(1e-6) = %v, want 0.4", o)
	}
	// No allocation once dst is large enough.
	dst := make([]float64, len(in))
	if n := testing.AllocsPerRun(10, func() { dst = LogUnit(dst, in, 1e-10, 1) }); n != 0 {
		t.Errorf("%v allocations", n)
	}
}

// TestDrawSequential: the sequential tiles paint 0 near-white and max dark
// blue, where Draw would paint them with the diverging palette.
func TestDrawSequential(t *testing.T) {
	l, err := NewTileLayout(4, 2, 2, 2, 2, 1)
	if err != nil {
		t.Fatal(err)
	}
	W := []float64{1, 0, 0, 0, 0, 0, 0, 0} // W[0][0] = 1: column 0's first pixel
	img, err := l.DrawSequential(nil, W, 1)
	if err != nil {
		t.Fatal(err)
	}
	at := func(x, y int) RGB { o := 4 * (y*l.W + x); return RGB{img[o], img[o+1], img[o+2]} }
	r, g, b := Sequential(1, 1)
	if c := at(0, 0); c != (RGB{r, g, b}) {
		t.Errorf("the max pixel is %v, want %v", c, RGB{r, g, b})
	}
	r, g, b = Sequential(0, 1)
	if c := at(1, 0); c != (RGB{r, g, b}) {
		t.Errorf("a 0 pixel is %v, want %v", c, RGB{r, g, b})
	}
	if _, err := (TileLayout{}).DrawSequential(nil, W, 1); err == nil {
		t.Error("an invalid layout was accepted")
	}
}
