package trace

import "math"

// Rasterize draws strokes with a round pen of the given width, white on
// black, into a size×size grey image without anti-aliasing: a pixel is 255
// when its centre is within pen/2 of a segment, else 0.
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
					if SegmentDistance(Point{float64(x) + 0.5, float64(y) + 0.5}, a, b) <= r {
						img[y*size+x] = 255
					}
				}
			}
		}
	}
	return img
}

// Paint draws strokes onto a fresh w×h canvas the way the page's drawing
// pad does with its 2D context: white on black, a round pen pen wide (round
// caps and joins), the first point of each stroke as a dot and then each
// segment stroked on its own (the pad strokes every pointer move as one
// moveTo/lineTo/stroke), anti-aliased. A pixel's coverage by a segment is
// approximated from its centre's distance d to the segment as
// clamp(pen/2 − d + 0.5, 0, 1), which gives a straight line its exact ink
// across, and each segment is composited source-over, v ← v + (255 − v)·c,
// so overlapping anti-aliased fringes add up as they do on a canvas.
func Paint(strokes []Stroke, w, h int, pen float64) []uint8 {
	img := make([]uint8, w*h)
	r := pen / 2
	seg := func(a, b Point) {
		y0 := max(0, int(math.Floor(min(a.Y, b.Y)-r-1)))
		y1 := min(h-1, int(math.Ceil(max(a.Y, b.Y)+r+1)))
		x0 := max(0, int(math.Floor(min(a.X, b.X)-r-1)))
		x1 := min(w-1, int(math.Ceil(max(a.X, b.X)+r+1)))
		for y := y0; y <= y1; y++ {
			for x := x0; x <= x1; x++ {
				d := SegmentDistance(Point{float64(x) + 0.5, float64(y) + 0.5}, a, b)
				c := min(1, max(0, r-d+0.5))
				if c > 0 {
					v := float64(img[y*w+x])
					img[y*w+x] = uint8(math.Round(v + (255-v)*c))
				}
			}
		}
	}
	for _, s := range strokes {
		for i := range s {
			if i == 0 {
				seg(s[0], s[0])
				continue
			}
			seg(s[i-1], s[i])
		}
	}
	return img
}
