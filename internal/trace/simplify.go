package trace

import "math"

// Simplify drops the points of each stroke that lie within tol of the
// straight line through their neighbours (Ramer–Douglas–Peucker), so that a
// traced stroke's pixel staircase becomes a few straight segments, as a
// fast-moving pointer reports it. It returns new strokes; strokes is not
// modified.
func Simplify(strokes []Stroke, tol float64) []Stroke {
	out := make([]Stroke, 0, len(strokes))
	for _, s := range strokes {
		if len(s) <= 2 {
			out = append(out, append(Stroke(nil), s...))
			continue
		}
		keep := make([]bool, len(s))
		keep[0], keep[len(s)-1] = true, true
		var rdp func(i, j int)
		rdp = func(i, j int) {
			best, at := 0.0, -1
			for k := i + 1; k < j; k++ {
				if d := SegmentDistance(s[k], s[i], s[j]); d > best {
					best, at = d, k
				}
			}
			if at >= 0 && best > tol {
				keep[at] = true
				rdp(i, at)
				rdp(at, j)
			}
		}
		rdp(0, len(s)-1)
		var o Stroke
		for k, p := range s {
			if keep[k] {
				o = append(o, p)
			}
		}
		out = append(out, o)
	}
	return out
}

// SegmentDistance returns the distance from p to the segment from a to b
// (to a if a == b).
func SegmentDistance(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = min(max(((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l, 0), 1)
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}
