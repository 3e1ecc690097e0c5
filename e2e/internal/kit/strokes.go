//go:build e2e

package kit

import (
	"fmt"
	"math"
	"os"
	"path/filepath"

	"github.com/backprop-lab/backprop-lab/mnist"
)

// Point is a position in pixels.
type Point struct{ X, Y float64 }

// Stroke is a polyline drawn in one go, from pen down to pen up.
type Stroke []Point

// LoadMNISTTest decodes the bundled MNIST test images and labels from dir
// (assets/mnist-subset).
func LoadMNISTTest(dir string) (*mnist.Images, []uint8, error) {
	f, err := os.Open(filepath.Join(dir, "test-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, nil, err
	}
	defer f.Close()
	im, err := mnist.DecodeImages(f)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", f.Name(), err)
	}
	g, err := os.Open(filepath.Join(dir, "test-labels-idx1-ubyte.gz"))
	if err != nil {
		return nil, nil, err
	}
	defer g.Close()
	lbl, err := mnist.DecodeLabels(g)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %w", g.Name(), err)
	}
	if len(lbl) != im.N {
		return nil, nil, fmt.Errorf("%d test images but %d labels", im.N, len(lbl))
	}
	return im, lbl, nil
}

// Trace turns a w×h grey image (0 background, 255 ink, as MNIST) into pen
// strokes that follow the middle of its lines, in pixel coordinates (the
// centre of pixel (x, y) is (x+0.5, y+0.5)): it thresholds the image, thins
// the ink to a one-pixel skeleton (Zhang and Suen, 1984) and walks the
// skeleton's 8-connected pixel graph into polylines, starting at line ends,
// so that a "1" becomes one stroke and an "8" one or two.
func Trace(img []uint8, w, h int) []Stroke {
	const threshold = 100
	// Ink with a one-pixel empty border, so that neighbours always exist.
	W, H := w+2, h+2
	ink := make([]bool, W*H)
	for y := range h {
		for x := range w {
			ink[(y+1)*W+x+1] = img[y*w+x] >= threshold
		}
	}
	thin(ink, W, H)

	at := func(x, y int) bool { return ink[y*W+x] }
	// Neighbours in the skeleton graph: the 8 neighbours, except a diagonal
	// one that is also reachable through a common orthogonal neighbour
	// (that would make a triangle and a needless tiny stroke).
	nbrs := func(x, y int) [][2]int {
		var out [][2]int
		for _, d := range [][2]int{{0, -1}, {1, 0}, {0, 1}, {-1, 0}} {
			if at(x+d[0], y+d[1]) {
				out = append(out, [2]int{x + d[0], y + d[1]})
			}
		}
		for _, d := range [][2]int{{1, -1}, {1, 1}, {-1, 1}, {-1, -1}} {
			if at(x+d[0], y+d[1]) && !at(x+d[0], y) && !at(x, y+d[1]) {
				out = append(out, [2]int{x + d[0], y + d[1]})
			}
		}
		return out
	}
	type edge struct{ a, b int }
	key := func(a, b int) edge {
		if a > b {
			a, b = b, a
		}
		return edge{a, b}
	}
	used := map[edge]bool{}
	unused := func(x, y int) [][2]int {
		var out [][2]int
		for _, n := range nbrs(x, y) {
			if !used[key(y*W+x, n[1]*W+n[0])] {
				out = append(out, n)
			}
		}
		return out
	}
	pt := func(x, y int) Point { return Point{float64(x-1) + 0.5, float64(y-1) + 0.5} }

	var strokes []Stroke
	walk := func(x, y int) {
		s := Stroke{pt(x, y)}
		dx, dy := 0, 0
		for {
			next := unused(x, y)
			if len(next) == 0 {
				break
			}
			// Go on as straight as possible.
			best, bestScore := next[0], math.Inf(-1)
			for _, n := range next {
				ex, ey := n[0]-x, n[1]-y
				score := float64(ex*dx+ey*dy) / math.Hypot(float64(ex), float64(ey))
				if score > bestScore {
					best, bestScore = n, score
				}
			}
			used[key(y*W+x, best[1]*W+best[0])] = true
			dx, dy = best[0]-x, best[1]-y
			x, y = best[0], best[1]
			s = append(s, pt(x, y))
		}
		if len(s) > 1 {
			strokes = append(strokes, s)
		}
	}
	// Start at line ends (one neighbour), then at junctions, then anywhere
	// (closed loops such as a "0").
	for pass := 0; pass < 3; pass++ {
		for y := 1; y < H-1; y++ {
			for x := 1; x < W-1; x++ {
				if !at(x, y) {
					continue
				}
				n := len(nbrs(x, y))
				if (pass == 0 && n == 1) || (pass == 1 && n >= 3) || pass == 2 {
					for len(unused(x, y)) > 0 {
						walk(x, y)
					}
				}
			}
		}
	}
	// Drop strokes of one or two pixel steps whose points all lie next to a
	// longer stroke: they are the thinning's spurs, drawn anyway by the pen.
	var out []Stroke
	for i, s := range strokes {
		if len(s) <= 3 && covered(s, strokes, i) {
			continue
		}
		out = append(out, s)
	}
	return out
}

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

// thin thins ink (W×H, empty border) to a skeleton in place, by the
// Zhang-Suen algorithm.
func thin(ink []bool, W, H int) {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	for {
		changed := false
		for step := 0; step < 2; step++ {
			var del []int
			for y := 1; y < H-1; y++ {
				for x := 1; x < W-1; x++ {
					i := y*W + x
					if !ink[i] {
						continue
					}
					// P2..P9 clockwise from north.
					p := [8]int{
						b(ink[i-W]), b(ink[i-W+1]), b(ink[i+1]), b(ink[i+W+1]),
						b(ink[i+W]), b(ink[i+W-1]), b(ink[i-1]), b(ink[i-W-1]),
					}
					n, a := 0, 0
					for k := range 8 {
						n += p[k]
						if p[k] == 0 && p[(k+1)%8] == 1 {
							a++
						}
					}
					if n < 2 || n > 6 || a != 1 {
						continue
					}
					p2, p4, p6, p8 := p[0], p[2], p[4], p[6]
					if step == 0 && p2*p4*p6 == 0 && p4*p6*p8 == 0 ||
						step == 1 && p2*p4*p8 == 0 && p2*p6*p8 == 0 {
						del = append(del, i)
					}
				}
			}
			for _, i := range del {
				ink[i] = false
			}
			changed = changed || len(del) > 0
		}
		if !changed {
			return
		}
	}
}

// Simplify drops the points of each stroke that lie within tol of the
// straight line through their neighbours (Ramer-Douglas-Peucker), so that a
// traced stroke's pixel staircase becomes a few straight segments, as a
// fast-moving pointer reports it.
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
				if d := segDist(s[k], s[i], s[j]); d > best {
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

// Bounds returns the bounding box of the strokes' points.
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
// fails if it does not fit).
func Place(strokes []Stroke, scale, cx, cy, step, margin, size float64) ([]Stroke, error) {
	x0, y0, x1, y1 := Bounds(strokes)
	w, h := (x1-x0)*scale, (y1-y0)*scale
	if w > size-2*margin || h > size-2*margin {
		return nil, fmt.Errorf("a %.0f×%.0f drawing does not fit a %.0f canvas with margin %.0f", w, h, size, margin)
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

// Rasterize draws strokes with a round pen of the given width, white on
// black, into a size×size grey image, as the page's canvas does (without
// anti-aliasing). Native checks of Trace use it.
func Rasterize(strokes []Stroke, size int, pen float64) []uint8 {
	img := make([]uint8, size*size)
	r := pen / 2
	for _, s := range strokes {
		for i := range s {
			a, b := s[i], s[i]
			if i > 0 {
				a = s[i-1]
			}
			for y := max(0, int(min(a.Y, b.Y)-r)); y <= min(size-1, int(max(a.Y, b.Y)+r)); y++ {
				for x := max(0, int(min(a.X, b.X)-r)); x <= min(size-1, int(max(a.X, b.X)+r)); x++ {
					if segDist(Point{float64(x) + 0.5, float64(y) + 0.5}, a, b) <= r {
						img[y*size+x] = 255
					}
				}
			}
		}
	}
	return img
}

func segDist(p, a, b Point) float64 {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := dx*dx + dy*dy
	t := 0.0
	if l > 0 {
		t = min(max(((p.X-a.X)*dx+(p.Y-a.Y)*dy)/l, 0), 1)
	}
	return math.Hypot(p.X-(a.X+t*dx), p.Y-(a.Y+t*dy))
}
