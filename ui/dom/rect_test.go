package dom

import (
	"math"
	"testing"
)

func TestAddSegment(t *testing.T) {
	cases := []struct {
		name           string
		r              rect
		x0, y0, x1, y1 float64
		want           rect
	}{
		{"dot", rect{}, 100, 100, 100, 100, rect{88, 88, 112, 112}},
		{"segment either way", rect{}, 150.5, 40.2, 120.25, 60, rect{108, 28, 163, 72}},
		{"clamped at the corner", rect{}, 3, 275, -50, 400, rect{0, 263, 15, padSize}},
		{"union", rect{10, 10, 20, 20}, 100, 100, 100, 100, rect{10, 10, 112, 112}},
		{"off the canvas", rect{10, 10, 20, 20}, -40, -40, -30, -30, rect{10, 10, 20, 20}},
		{"NaN", rect{}, math.NaN(), 0, 0, 0, rect{}},
	}
	for _, c := range cases {
		if got := c.r.addSegment(c.x0, c.y0, c.x1, c.y1); got != c.want {
			t.Errorf("%s: %+v.addSegment(%v, %v, %v, %v) = %+v, want %+v", c.name, c.r, c.x0, c.y0, c.x1, c.y1, got, c.want)
		}
	}
	// Every pixel the pen can touch is inside: a pixel's centre within half
	// the pen's width of the segment, and its antialiased neighbours.
	r := rect{}.addSegment(50, 60, 70, 65)
	for _, p := range [][2]float64{{50 - penWidth/2 - 1, 60}, {70 + penWidth/2 + 1, 65}, {60, 60 - penWidth/2 - 1}} {
		x, y := int(math.Floor(p[0])), int(math.Floor(p[1]))
		if x < r.x0 || x >= r.x1 || y < r.y0 || y >= r.y1 {
			t.Errorf("pixel %d,%d next to the stroke is outside %+v", x, y, r)
		}
	}
}
