package trace

import (
	"math"
	"testing"
)

func TestPaint(t *testing.T) {
	const w = 60
	line := []Stroke{{{10, 30.5}, {50, 30.5}}}
	for _, pen := range []float64{2, 2.5, 8, 20} {
		img := Paint(line, w, w, pen)
		// A horizontal line's ink across one column, away from the caps,
		// is its width: the coverage clamp(r − d + 0.5) sums to 2r.
		var ink float64
		for y := range w {
			ink += float64(img[y*w+30]) / 255
		}
		// 0.02: each pixel is rounded to 1/255.
		if math.Abs(ink-pen) > 0.02*pen {
			t.Errorf("pen %v: the line's ink across is %.3f px, want %v", pen, ink, pen)
		}
		if Paint(nil, w, w, pen)[0] != 0 {
			t.Error("Paint of nothing is not black")
		}
	}
	// Source-over: a second pass over a half-covered pixel covers it more.
	once := Paint([]Stroke{{{10, 10}, {50, 10}}}, w, w, 3)
	twice := Paint([]Stroke{{{10, 10}, {50, 10}}, {{10, 10}, {50, 10}}}, w, w, 3)
	fringe := 11*w + 30 // y 11.5 is 1.5 from the line: half covered
	if !(once[fringe] > 100 && once[fringe] < 160 && twice[fringe] > once[fringe]) {
		t.Errorf("fringe pixel is %d once and %d twice, want about 128 and more", once[fringe], twice[fringe])
	}
	// A single point is a dot of the pen's diameter.
	dot := Paint([]Stroke{{{30, 30}}}, w, w, 10)
	if dot[30*w+30] != 255 || dot[30*w+40] != 0 {
		t.Errorf("a dot of pen 10 has %d at its centre and %d 10 px away", dot[30*w+30], dot[30*w+40])
	}
	// Rasterize: the same line without anti-aliasing.
	r := Rasterize([]Stroke{{{10, 30}, {50, 30}}}, w, 4)
	var n int
	for y := range w {
		if r[y*w+30] == 255 {
			n++
		}
	}
	if n != 4 {
		t.Errorf("Rasterize of a 4-px line has %d pixels across, want 4", n)
	}
}
