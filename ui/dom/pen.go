package dom

import (
	"math"

	"github.com/backprop-lab/backprop-lab/digit"
)

// Drawing pad geometry: a 280×280 canvas (ten canvas pixels per MNIST
// pixel). The canvas shows the strokes with a pen about two MNIST pixels
// wide when the digit fills the pad; the net's input does not depend on
// it, since it is rendered from the strokes (digit.Render).
const (
	padSize  = 280
	penWidth = 20
)

// pen keeps the strokes drawn on the pad, in canvas pixels, and renders
// them as the net's input. It holds no browser state, so that what the
// net gets from a drawing is tested natively.
type pen struct {
	strokes []digit.Stroke
	points  int
	down    bool
}

// pressure returns a PointerEvent's pressure as digit.Point wants it: in
// [0, 1], 0 (none) for anything else.
func pressure(p float64) float64 {
	if !(p >= 0 && p <= 1) {
		return 0
	}
	return p
}

// full reports whether the strokes hold as many points as digit.Render
// takes: later points are not kept, nor shown.
func (p *pen) full() bool { return p.points >= digit.MaxPoints }

// usable reports whether (x, y) can be kept: finite and within Render's
// coordinate bound (a captured pointer reports positions off the pad).
func usable(x, y float64) bool {
	return math.Abs(x) <= digit.MaxCoord && math.Abs(y) <= digit.MaxCoord
}

// start begins a stroke at (x, y); it reports whether the point was kept.
func (p *pen) start(x, y, pr float64) bool {
	p.down = false
	if p.full() || !usable(x, y) {
		return false
	}
	p.down = true
	pt := digit.Point{X: x, Y: y, Pressure: pressure(pr)}
	if n := len(p.strokes); n < cap(p.strokes) {
		p.strokes = p.strokes[:n+1]
		p.strokes[n] = append(p.strokes[n][:0], pt)
	} else {
		p.strokes = append(p.strokes, digit.Stroke{pt})
	}
	p.points++
	return true
}

// move extends the stroke under way to (x, y); it reports whether the
// point was kept (not when no stroke is under way, the pen has not moved,
// or the strokes are full).
func (p *pen) move(x, y, pr float64) bool {
	if !p.down || p.full() || !usable(x, y) {
		return false
	}
	s := &p.strokes[len(p.strokes)-1]
	if last := (*s)[len(*s)-1]; last.X == x && last.Y == y {
		return false
	}
	*s = append(*s, digit.Point{X: x, Y: y, Pressure: pressure(pr)})
	p.points++
	return true
}

// end ends the stroke under way.
func (p *pen) end() { p.down = false }

// clear forgets the strokes, keeping their memory for the next drawing.
func (p *pen) clear() {
	p.strokes, p.points, p.down = p.strokes[:0], 0, false
}

// render writes the net's input into dst: the strokes drawn as MNIST's
// digits were made. ok is false for a pad with nothing on it.
func (p *pen) render(dst *[digit.Pixels]uint8) bool {
	ok, err := digit.RenderInto(dst, p.strokes, padSize, padSize)
	return ok && err == nil
}
