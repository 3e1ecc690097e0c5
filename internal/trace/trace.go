package trace

import "math"

// Trace turns a w×h grey image (0 background, 255 ink, as MNIST) into pen
// strokes that follow the middle of its lines: Walk of the Skeleton of the
// pixels at or above Threshold. A "1" becomes one stroke, an "8" one or two.
// It returns nil for an image without ink or with len(img) != w*h.
func Trace(img []uint8, w, h int) []Stroke {
	return Walk(Skeleton(img, w, h, Threshold), w, h)
}

// The eight neighbour directions: the four orthogonal ones first, so that a
// walk with no direction yet prefers them.
var dirs = [8][2]int{{0, -1}, {1, 0}, {0, 1}, {-1, 0}, {1, -1}, {1, 1}, {-1, 1}, {-1, -1}}

// opposite[k] is the direction back along dirs[k].
var opposite = [8]int{2, 3, 0, 1, 6, 7, 4, 5}

// Walk turns a w×h skeleton mask (as Skeleton returns) into polylines
// through its pixels' centres, each edge of the skeleton's pixel graph
// drawn once. Two pixels are joined if they are 8-neighbours, except
// diagonal neighbours that also share an orthogonal neighbour (that would
// make a triangle and a needless tiny stroke). Walks start at line ends (a
// pixel with one neighbour), then at junctions (three or more), then
// anywhere (closed loops such as a "0"), and go on as straight as possible.
// Strokes of at most two steps whose points all lie next to a longer stroke
// are dropped: they are the thinning's spurs, covered by the pen anyway.
// Walk returns nil if len(skel) != w*h.
func Walk(skel []bool, w, h int) []Stroke {
	if w <= 0 || h <= 0 || len(skel) != w*h {
		return nil
	}
	W, H := w+2, h+2
	at := make([]bool, W*H)
	for y := range h {
		copy(at[(y+1)*W+1:(y+1)*W+1+w], skel[y*w:(y+1)*w])
	}
	// nb[i] has bit k set when the pixel graph joins i to its neighbour in
	// direction k; used[i] marks the edges already walked.
	nb := make([]uint8, W*H)
	used := make([]uint8, W*H)
	for y := 1; y < H-1; y++ {
		for x := 1; x < W-1; x++ {
			i := y*W + x
			if !at[i] {
				continue
			}
			for k, d := range dirs {
				j := i + d[1]*W + d[0]
				if !at[j] {
					continue
				}
				if k >= 4 && (at[y*W+x+d[0]] || at[(y+d[1])*W+x]) {
					continue
				}
				nb[i] |= 1 << k
			}
		}
	}
	pt := func(i int) Point { return Point{float64(i%W-1) + 0.5, float64(i/W-1) + 0.5} }
	degree := func(i int) int {
		n := 0
		for k := range 8 {
			n += int(nb[i] >> k & 1)
		}
		return n
	}

	var strokes []Stroke
	walk := func(i int) {
		s := Stroke{pt(i)}
		dx, dy := 0, 0
		for {
			free := nb[i] &^ used[i]
			if free == 0 {
				break
			}
			best, bestScore := -1, math.Inf(-1)
			for k, d := range dirs {
				if free>>k&1 == 0 {
					continue
				}
				score := float64(d[0]*dx+d[1]*dy) / math.Hypot(float64(d[0]), float64(d[1]))
				if score > bestScore {
					best, bestScore = k, score
				}
			}
			d := dirs[best]
			j := i + d[1]*W + d[0]
			used[i] |= 1 << best
			used[j] |= 1 << opposite[best]
			dx, dy = d[0], d[1]
			i = j
			s = append(s, pt(i))
		}
		if len(s) > 1 {
			strokes = append(strokes, s)
		}
	}
	for pass := range 3 {
		for i := range at {
			if !at[i] {
				continue
			}
			if n := degree(i); pass == 0 && n == 1 || pass == 1 && n >= 3 || pass == 2 {
				for nb[i]&^used[i] != 0 {
					walk(i)
				}
			}
		}
	}
	var out []Stroke
	for i, s := range strokes {
		if len(s) <= 3 && covered(s, strokes, i) {
			continue
		}
		out = append(out, s)
	}
	return out
}

// covered reports whether every point of s lies within 1.5 px on both axes
// of a point of a longer stroke than s.
func covered(s Stroke, all []Stroke, self int) bool {
	for _, p := range s {
		near := false
		for j, o := range all {
			if j == self || len(o) <= len(s) {
				continue
			}
			for _, q := range o {
				if math.Abs(p.X-q.X) <= 1.5 && math.Abs(p.Y-q.Y) <= 1.5 {
					near = true
					break
				}
			}
			if near {
				break
			}
		}
		if !near {
			return false
		}
	}
	return true
}

// Length returns the total length of the strokes' polylines.
func Length(strokes []Stroke) float64 {
	var l float64
	for _, s := range strokes {
		for i := 1; i < len(s); i++ {
			l += math.Hypot(s[i].X-s[i-1].X, s[i].Y-s[i-1].Y)
		}
	}
	return l
}

// InkWidth returns the mean width of the strokes of a w×h grey image (0
// background, 255 ink): its ink area, the sum of its grey levels over 255,
// divided by the length of its traced skeleton (Length of Trace). For a
// straight line of width d and length L traced end to end that is d; round
// ends and crossings make it a little more. ok is false when there is no
// skeleton to measure (a blank image, or one without a pixel at Threshold).
func InkWidth(img []uint8, w, h int) (width float64, ok bool) {
	l := Length(Trace(img, w, h))
	if !(l > 0) {
		return 0, false
	}
	var area float64
	for _, v := range img {
		area += float64(v)
	}
	return area / 255 / l, true
}
