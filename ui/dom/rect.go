package dom

import "math"

// Drawing pad geometry: a 280×280 canvas (ten canvas pixels per MNIST pixel)
// and a pen about two MNIST pixels wide, as MNIST's strokes are.
const (
	padSize  = 280
	penWidth = 20
)

// rect is a rectangle of canvas pixels, [x0, x1) × [y0, y1); empty when
// x0 >= x1 or y0 >= y1.
type rect struct{ x0, y0, x1, y1 int }

func (r rect) empty() bool { return r.x0 >= r.x1 || r.y0 >= r.y1 }

// inkReach is how far from a stroke's centre line the pen can change a
// pixel: half the pen's width, and a pixel each way for antialiasing.
const inkReach = penWidth/2 + 2

// addSegment grows r to hold every pixel that a stroke from (x0, y0) to
// (x1, y1) can change, within the canvas.
func (r rect) addSegment(x0, y0, x1, y1 float64) rect {
	clamp := func(v float64) int { return int(math.Max(0, math.Min(padSize, v))) }
	s := rect{
		x0: clamp(math.Floor(math.Min(x0, x1) - inkReach)), y0: clamp(math.Floor(math.Min(y0, y1) - inkReach)),
		x1: clamp(math.Ceil(math.Max(x0, x1) + inkReach)), y1: clamp(math.Ceil(math.Max(y0, y1) + inkReach)),
	}
	switch {
	case s.empty() || math.IsNaN(x0+y0+x1+y1):
		return r
	case r.empty():
		return s
	}
	return rect{min(r.x0, s.x0), min(r.y0, s.y0), max(r.x1, s.x1), max(r.y1, s.y1)}
}
