package trace

// Threshold is the grey level from which Trace counts a pixel as ink: on
// MNIST's anti-aliased edges (0 background, 255 ink) it keeps pixels at
// least about 40 % covered, so the skeleton runs along the middle of the
// stroke rather than along one of its fringes.
const Threshold = 100

// Skeleton returns the pixels of the w×h grey image img (row-major, one
// byte per pixel) at or above threshold, thinned to an 8-connected skeleton
// one pixel wide by the Zhang–Suen algorithm, as a w×h mask. It returns an
// all-false mask if len(img) != w*h.
func Skeleton(img []uint8, w, h int, threshold uint8) []bool {
	out := make([]bool, max(w*h, 0))
	if w <= 0 || h <= 0 || len(img) != w*h {
		return out
	}
	W, H := w+2, h+2 // a one-pixel empty border, so every pixel has 8 neighbours
	ink := make([]bool, W*H)
	for y := range h {
		for x := range w {
			ink[(y+1)*W+x+1] = img[y*w+x] >= threshold
		}
	}
	thin(ink, W, H)
	for y := range h {
		copy(out[y*w:(y+1)*w], ink[(y+1)*W+1:(y+1)*W+1+w])
	}
	return out
}

// thin thins ink (W×H with an empty border) to a skeleton in place.
func thin(ink []bool, W, H int) {
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	var del []int
	for {
		changed := false
		for step := range 2 {
			del = del[:0]
			for y := 1; y < H-1; y++ {
				for x := 1; x < W-1; x++ {
					i := y*W + x
					if !ink[i] {
						continue
					}
					// P2..P9 clockwise from north, as in the paper.
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
