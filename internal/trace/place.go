package trace

import (
	"fmt"
	"math"
)

// Bounds returns the bounding box of the strokes' points (+Inf, +Inf,
// -Inf, -Inf when there are none).
func Bounds(strokes []Stroke) (minX, minY, maxX, maxY float64) {
	minX, minY = math.Inf(1), math.Inf(1)
	maxX, maxY = math.Inf(-1), math.Inf(-1)
	for _, s := range strokes {
		for _, p := range s {
			minX, minY = min(minX, p.X), min(minY, p.Y)
			maxX, maxY = max(maxX, p.X), max(maxY, p.Y)
		}
	}
	return
}

// Place scales strokes by scale and moves the centre of their bounding box
// to (cx, cy), then adds points so that no two consecutive ones are more
// than step apart (as a real pointer reports a stroke), keeping every point
// at least margin inside a size×size canvas (it shifts the drawing, and
// fails if it does not fit). strokes is not modified.
func Place(strokes []Stroke, scale, cx, cy, step, margin, size float64) ([]Stroke, error) {
	x0, y0, x1, y1 := Bounds(strokes)
	w, h := (x1-x0)*scale, (y1-y0)*scale
	if !(w <= size-2*margin && h <= size-2*margin) {
		return nil, fmt.Errorf("trace: a %.0f×%.0f drawing does not fit a %.0f canvas with margin %.0f", w, h, size, margin)
	}
	cx = min(max(cx, margin+w/2), size-margin-w/2)
	cy = min(max(cy, margin+h/2), size-margin-h/2)
	mx, my := (x0+x1)/2, (y0+y1)/2
	var out []Stroke
	for _, s := range strokes {
		var o Stroke
		for i, p := range s {
			q := Point{cx + (p.X-mx)*scale, cy + (p.Y-my)*scale}
			if i > 0 {
				prev := o[len(o)-1]
				d := math.Hypot(q.X-prev.X, q.Y-prev.Y)
				for k := 1.0; k*step < d; k++ {
					t := k * step / d
					o = append(o, Point{prev.X + t*(q.X-prev.X), prev.Y + t*(q.Y-prev.Y)})
				}
			}
			o = append(o, q)
		}
		out = append(out, o)
	}
	return out, nil
}
