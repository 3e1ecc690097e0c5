package digit

import (
	"errors"
	"fmt"
	"math"
)

// Point is a position of the pen on the drawing pad, in pad pixels (x to
// the right, y down), and the pen's pressure there.
type Point struct {
	X, Y float64
	// Pressure is the pointer's pressure in [0, 1], as PointerEvent.pressure
	// reports it. 0 means none reported (a mouse or a touch screen may
	// send it) and counts as the drawing's mean pressure.
	Pressure float64
}

// Stroke is the pen's path from pen down to pen up: its points in order.
// A stroke of one point is a dot.
type Stroke []Point

const (
	// StrokeWidth is the width of Render's pen in output pixels, for a
	// digit fitted into the Box×Box box: MNIST's own stroke width. A
	// digit's stroke width taken as its ink area (grey levels summed,
	// over 255) divided by the length of its traced skeleton, MNIST's
	// 60,000 training digits re-traced and rendered with this pen have the
	// same median as the originals (go run ./internal/cmd/mnistpen
	// measures both). The measure counts round ends and crossings as width
	// too, so the pen is narrower than the median it matches.
	StrokeWidth = 2.3
	// PressureSpan bounds how much pressure changes the pen: a point
	// pressed harder than the drawing's mean pressure by Δ gets a pen
	// wider by the fraction Δ, at most PressureSpan wider or narrower.
	// Relative to the mean, so that a heavy hand and a light one give the
	// same digit.
	PressureSpan = 0.25
	// MaxPoints is the most points Render accepts in all strokes
	// together: a quick hand makes some 120 pointer events a second, so
	// this is over a minute of drawing, and it bounds Render's work.
	MaxPoints = 10000
	// MaxCoord bounds the coordinates Render accepts, in pad pixels either
	// side of 0: a captured pointer reports positions off the pad, but not
	// a million pixels off, and the bound keeps clipping's arithmetic far
	// from overflow.
	MaxCoord = 1 << 20
	// MinExtent is the smallest drawing Render scales up to fill the box,
	// as a fraction of the pad's shorter side: the centre lines of a
	// smaller one (a tap, a jitter of the pen) are scaled as if they
	// spanned that much, so a tap stays a dot instead of becoming a line
	// blown up from a pixel of jitter.
	MinExtent = 0.02
)

// ErrStroke is wrapped by the errors Render returns for strokes it cannot
// use: a coordinate that is not finite or beyond ±MaxCoord, a pressure
// outside [0, 1], more than MaxPoints points.
var ErrStroke = errors.New("bad stroke")

// Render returns the drawing strokes, made on a w×h pad, as an MNIST digit,
// drawn the way MNIST's digits were made rather than from the pad's pixels:
// the strokes' centre lines are scaled keeping their aspect ratio so that
// their ink (the centre lines widened by a round pen StrokeWidth wide,
// caps and joins round) fits the Box×Box box with its longer side exactly
// Box, then moved so that the centre of mass of the grey levels lies at
// (Center, Center), and anti-aliased: a pixel's grey level is the pen's
// coverage of it, from its centre's distance to the nearest stroke. The
// pen is the same for any drawing, so a small or large drawing, or one
// drawn with a thin or thick pen on the pad, gives the same image; only
// pressure varies it, within PressureSpan.
//
// Points outside the pad are clipped away with the parts of strokes that
// run there, as the pad's canvas clips them. If the strokes' centre lines
// span less than MinExtent of the pad's shorter side, they are scaled as
// if they spanned that much, so the image is smaller than Box. Unlike
// Normalize's, the centre of mass is placed to a fraction of a pixel; it
// is moved less only if centring would push ink out of the 28×28 field.
//
// ok is false, and img all zero, when there is nothing to draw: no points,
// or none within the pad. err is non-nil, and img all zero, when w or h is
// not a number from 1 to MaxSide (wrapping ErrSize), or when the strokes
// hold more than MaxPoints points, a coordinate that is NaN, infinite or
// beyond ±MaxCoord, or a pressure outside [0, 1] (wrapping ErrStroke). Render does
// not modify strokes, does not allocate but for an error, and does not
// panic.
func Render(strokes []Stroke, w, h float64) (img [Pixels]uint8, ok bool, err error) {
	ok, err = RenderInto(&img, strokes, w, h)
	return img, ok, err
}

// RenderInto is Render writing into *dst, which it overwrites entirely (all
// zero when ok is false or err is non-nil). It returns an error if dst is
// nil.
func RenderInto(dst *[Pixels]uint8, strokes []Stroke, w, h float64) (ok bool, err error) {
	if dst == nil {
		return false, errors.New("digit: nil destination")
	}
	*dst = [Pixels]uint8{}
	if !(w >= 1 && w <= MaxSide && h >= 1 && h <= MaxSide) {
		return false, fmt.Errorf("digit: pad is %v×%v, want sides from 1 to %d: %w", w, h, MaxSide, ErrSize)
	}
	d, err := newDrawing(strokes, w, h)
	if err != nil || !d.any {
		return false, err
	}
	d.fit()

	// Render once with the ink box centred, measure the centre of mass,
	// and render again moved by what it is off: the anti-aliased mass
	// moves with the drawing to a few hundredths of a pixel.
	var f field
	d.render(&f, 0, 0)
	cx, cy := f.centerOfMass()
	d.render(&f, d.shift(Center-cx, d.x0, d.x1), d.shift(Center-cy, d.y0, d.y1))
	f.quantize(dst)
	return true, nil
}

// A drawing holds what Render needs about strokes, computed without
// allocating: the pad, the mean pressure, the centre lines' box and the
// mapping to output pixels.
type drawing struct {
	strokes []Stroke
	w, h    float64
	meanP   float64 // mean of the reported pressures; 0 if none
	any     bool    // a segment or dot lies within the pad

	minX, minY, maxX, maxY float64 // centre lines' box, pad pixels
	s                      float64 // output pixels per pad pixel
	// The ink box in output pixels before the centring shift:
	// [x0, x1]×[y0, y1], centred on (Size/2, Size/2).
	x0, x1, y0, y1 float64
	ox, oy         float64 // output position of (minX, minY)
}

// A vertex is an end of a clipped segment: a position in pad pixels and
// the pen's radius there in output pixels.
type vertex struct{ x, y, r float64 }

// newDrawing validates strokes and measures them.
func newDrawing(strokes []Stroke, w, h float64) (drawing, error) {
	d := drawing{strokes: strokes, w: w, h: h}
	n := 0
	for _, s := range strokes {
		n += len(s)
	}
	if n > MaxPoints {
		return d, fmt.Errorf("digit: strokes have %d points, more than %d: %w", n, MaxPoints, ErrStroke)
	}
	var sumP float64
	var nP int
	for i, s := range strokes {
		for j, p := range s {
			if !(math.Abs(p.X) <= MaxCoord && math.Abs(p.Y) <= MaxCoord) {
				return d, fmt.Errorf("digit: stroke %d point %d is at (%v, %v), want finite coordinates within ±%d: %w",
					i, j, p.X, p.Y, MaxCoord, ErrStroke)
			}
			if !(p.Pressure >= 0 && p.Pressure <= 1) {
				return d, fmt.Errorf("digit: stroke %d point %d has pressure %v, want 0 to 1: %w", i, j, p.Pressure, ErrStroke)
			}
			if p.Pressure > 0 {
				sumP += p.Pressure
				nP++
			}
		}
	}
	if nP > 0 {
		d.meanP = sumP / float64(nP)
	}
	d.minX, d.minY = math.Inf(1), math.Inf(1)
	d.maxX, d.maxY = math.Inf(-1), math.Inf(-1)
	d.segments(func(a, b vertex) {
		d.any = true
		d.minX, d.maxX = min(d.minX, a.x, b.x), max(d.maxX, a.x, b.x)
		d.minY, d.maxY = min(d.minY, a.y, b.y), max(d.maxY, a.y, b.y)
	})
	return d, nil
}

// radius returns the pen's radius in output pixels at pressure p.
func (d *drawing) radius(p float64) float64 {
	f := 1.0
	if p > 0 {
		f += min(PressureSpan, max(-PressureSpan, p-d.meanP))
	}
	return StrokeWidth / 2 * f
}

// segments calls fn with each segment of the strokes clipped to the pad,
// and each dot (a one-point stroke, or a segment cut to a point) as a
// segment from a point to itself.
func (d *drawing) segments(fn func(a, b vertex)) {
	for _, s := range d.strokes {
		if len(s) == 1 {
			p := s[0]
			if p.X >= 0 && p.X <= d.w && p.Y >= 0 && p.Y <= d.h {
				v := vertex{p.X, p.Y, d.radius(p.Pressure)}
				fn(v, v)
			}
			continue
		}
		for j := 1; j < len(s); j++ {
			a, b := s[j-1], s[j]
			va := vertex{a.X, a.Y, d.radius(a.Pressure)}
			vb := vertex{b.X, b.Y, d.radius(b.Pressure)}
			if ca, cb, in := d.clip(va, vb); in {
				fn(ca, cb)
			}
		}
	}
}

// clip returns the part of the segment from a to b within the pad
// (Liang–Barsky), the radius interpolated along it, and whether any of it
// is within.
func (d *drawing) clip(a, b vertex) (vertex, vertex, bool) {
	t0, t1 := 0.0, 1.0
	dx, dy := b.x-a.x, b.y-a.y
	for _, e := range [4]struct{ p, q float64 }{{-dx, a.x}, {dx, d.w - a.x}, {-dy, a.y}, {dy, d.h - a.y}} {
		switch {
		case e.p == 0:
			if e.q < 0 {
				return a, b, false
			}
		case e.p < 0:
			t0 = max(t0, e.q/e.p)
		default:
			t1 = min(t1, e.q/e.p)
		}
	}
	if t0 > t1 {
		return a, b, false
	}
	at := func(t float64) vertex {
		switch t {
		case 0:
			return a
		case 1:
			return b
		}
		// Clamped, since rounding may leave a cut point a hair outside.
		return vertex{min(d.w, max(0, a.x+t*dx)), min(d.h, max(0, a.y+t*dy)), a.r + t*(b.r-a.r)}
	}
	return at(t0), at(t1), true
}

// inkBox returns the ink's box at scale s, in output pixels from the
// centre lines' top-left corner: the extremes of s·x ± r over the
// segments' ends.
func (d *drawing) inkBox(s float64) (lox, hix, loy, hiy float64) {
	lox, hix = math.Inf(1), math.Inf(-1)
	loy, hiy = math.Inf(1), math.Inf(-1)
	d.segments(func(a, b vertex) {
		for _, v := range [2]vertex{a, b} {
			lox, hix = min(lox, s*(v.x-d.minX)-v.r), max(hix, s*(v.x-d.minX)+v.r)
			loy, hiy = min(loy, s*(v.y-d.minY)-v.r), max(hiy, s*(v.y-d.minY)+v.r)
		}
	})
	return lox, hix, loy, hiy
}

// inkSpan returns the longer side of the ink's box at scale s.
func (d *drawing) inkSpan(s float64) float64 {
	lox, hix, loy, hiy := d.inkBox(s)
	return max(hix-lox, hiy-loy)
}

// fit sets the scale that makes the ink's longer side Box (or the scale of
// a drawing MinExtent of the pad across, if that is smaller) and the ink
// box's position, centred in the field.
func (d *drawing) fit() {
	span := max(d.maxX-d.minX, d.maxY-d.minY)
	limit := (Box - StrokeWidth) / (MinExtent * min(d.w, d.h))
	rmin, rmax := math.Inf(1), 0.0
	d.segments(func(a, b vertex) { rmin, rmax = min(rmin, a.r, b.r), max(rmax, a.r, b.r) })
	// The ink's span grows with s, by span per unit, from between 2·rmin
	// and 2·rmax at s = 0: bisect between the scales those bound.
	lo, hi := math.Inf(1), limit
	if span > 0 {
		lo, hi = (Box-2*rmax)/span, min(limit, (Box-2*rmin)/span)
	}
	if lo >= hi {
		d.s = hi
	} else if d.inkSpan(hi) <= Box {
		d.s = hi
	} else {
		for hi-lo > 1e-12*hi {
			mid := (lo + hi) / 2
			if d.inkSpan(mid) <= Box {
				lo = mid
			} else {
				hi = mid
			}
		}
		d.s = lo
	}
	// The ink box at that scale, placed with its centre at the field's.
	lox, hix, loy, hiy := d.inkBox(d.s)
	d.ox = Size/2 - (lox+hix)/2
	d.oy = Size/2 - (loy+hiy)/2
	d.x0, d.x1 = lox+d.ox, hix+d.ox
	d.y0, d.y1 = loy+d.oy, hiy+d.oy
}

// shift returns t, how far to move the ink box [a, b] to put its centre of
// mass where it should be, limited so that the box stays in the field.
func (d *drawing) shift(t, a, b float64) float64 {
	return min(max(t, -a), Size-b)
}

// A field holds, for each output pixel, the largest r − dist over the
// segments: how far inside the pen's edge the pixel's centre lies.
type field [Pixels]float64

// render fills f with the drawing moved by (tx, ty) output pixels.
func (d *drawing) render(f *field, tx, ty float64) {
	for i := range f {
		f[i] = -1 // beyond any coverage
	}
	ox, oy := d.ox+tx, d.oy+ty
	d.segments(func(a, b vertex) {
		ax, ay := ox+d.s*(a.x-d.minX), oy+d.s*(a.y-d.minY)
		bx, by := ox+d.s*(b.x-d.minX), oy+d.s*(b.y-d.minY)
		r := max(a.r, b.r) + 0.5
		// Pixels whose centres (x+0.5, y+0.5) are within r of the segment.
		px0 := max(0, int(math.Floor(min(ax, bx)-r-0.5)))
		px1 := min(Size-1, int(math.Ceil(max(ax, bx)+r-0.5)))
		py0 := max(0, int(math.Floor(min(ay, by)-r-0.5)))
		py1 := min(Size-1, int(math.Ceil(max(ay, by)+r-0.5)))
		dx, dy := bx-ax, by-ay
		l2 := dx*dx + dy*dy
		for y := py0; y <= py1; y++ {
			cy := float64(y) + 0.5
			for x := px0; x <= px1; x++ {
				cx := float64(x) + 0.5
				t := 0.0
				if l2 > 0 {
					t = min(1, max(0, ((cx-ax)*dx+(cy-ay)*dy)/l2))
				}
				ex, ey := cx-ax-t*dx, cy-ay-t*dy
				d2 := ex*ex + ey*ey
				if d2 >= r*r {
					continue // no coverage: skip the square root
				}
				m := a.r + t*(b.r-a.r) - math.Sqrt(d2)
				f[y*Size+x] = max(f[y*Size+x], m)
			}
		}
	})
}

// coverage is the fraction of a pixel the pen covers when the pixel's
// centre lies m inside the pen's edge: a one-pixel box filter across a
// straight edge, exact for a straight line (its ink across sums to its
// width).
func coverage(m float64) float64 { return min(1, max(0, m+0.5)) }

// centerOfMass returns the centre of mass of f's coverage in pixel-index
// coordinates (see the package documentation).
func (f *field) centerOfMass() (cx, cy float64) {
	var mass, mx, my float64
	for i, m := range f {
		c := coverage(m)
		mass += c
		mx += c * float64(i%Size)
		my += c * float64(i/Size)
	}
	if !(mass > 0) {
		return Center, Center
	}
	return mx / mass, my / mass
}

// quantize writes f's coverage as grey levels into dst, stretched so that
// the brightest pixel is 255 as in MNIST (a pen thinned by pressure may
// not cover any pixel fully).
func (f *field) quantize(dst *[Pixels]uint8) {
	peak := 0.0
	for _, m := range f {
		peak = max(peak, coverage(m))
	}
	if !(peak > 0) {
		return
	}
	k := 255 / peak
	for i, m := range f {
		dst[i] = uint8(min(255, coverage(m)*k+0.5))
	}
}
