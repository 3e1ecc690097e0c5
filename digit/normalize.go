package digit

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"math/bits"
)

const (
	// Size is the side of the output image in pixels.
	Size = 28
	// Pixels is the number of pixels in the output image, Size×Size.
	Pixels = Size * Size
	// Box is the side of the box the ink is scaled to fit, as in MNIST.
	Box = 20
	// Center is where the output's centre of mass is placed, in pixel-index
	// coordinates on both axes (see the package documentation).
	Center = 14
	// MaxSide is the largest accepted canvas width or height.
	MaxSide = 4096
	// InkThreshold is the grey level a pixel must exceed to count as ink
	// (1/8 coverage). Only ink pixels decide the bounding box and whether
	// the canvas is empty, so faint noise (a canvas not quite cleared, the
	// outer fringe of anti-aliasing) neither inflates the box nor becomes a
	// digit; fainter pixels inside the box are still resampled. Of 0, 8, 16,
	// 32, 64, 96 and 127, 32 gave the closest round trip of MNIST digits
	// upscaled onto a canvas (see TestRoundTrip).
	InkThreshold = 32
)

// ErrSize is wrapped by the errors Normalize returns for a bad canvas size.
var ErrSize = errors.New("bad canvas size")

// checkSize validates a w×h canvas held in n bytes of bpp bytes per pixel.
// It checks the sides before multiplying them so that w*h cannot overflow.
func checkSize(n, w, h, bpp int) error {
	if w <= 0 || h <= 0 {
		return fmt.Errorf("digit: canvas is %d×%d, want positive sides: %w", w, h, ErrSize)
	}
	if w > MaxSide || h > MaxSide {
		return fmt.Errorf("digit: canvas is %d×%d, larger than %d×%d: %w", w, h, MaxSide, MaxSide, ErrSize)
	}
	if n != w*h*bpp {
		return fmt.Errorf("digit: buffer has %d bytes, want %d for %d×%d: %w", n, w*h*bpp, w, h, ErrSize)
	}
	return nil
}

// Normalize returns the drawing gray (w×h grey levels, one byte per pixel,
// row-major, 0 = background) prepared as an MNIST digit: the ink's bounding
// box scaled with an area filter to fit 20×20 keeping its aspect ratio,
// placed in 28×28 with its centre of mass at (Center, Center) to within
// half a pixel, grey levels stretched so the brightest pixel is 255.
//
// ok is false, and img all zero, when no pixel exceeds InkThreshold (an
// empty canvas). err is non-nil, wrapping ErrSize, when w or h is not in
// 1..MaxSide or len(gray) != w*h. Normalize does not modify gray, does not
// allocate and does not panic.
//
// If the ink's mass is so lopsided that centring it would push ink out of
// the 28×28 field (on a 20-px side, a centre of mass some 4.5 px or more
// off the side's middle), the digit is moved only as far as keeps it all
// inside.
func Normalize(gray []uint8, w, h int) (img [Pixels]uint8, ok bool, err error) {
	ok, err = NormalizeInto(&img, gray, w, h)
	return img, ok, err
}

// NormalizeInto is Normalize writing into *dst, which it overwrites
// entirely (all zero when ok is false or err is non-nil). It returns an
// error if dst is nil.
func NormalizeInto(dst *[Pixels]uint8, gray []uint8, w, h int) (ok bool, err error) {
	if dst == nil {
		return false, errors.New("digit: nil destination")
	}
	*dst = [Pixels]uint8{}
	if err := checkSize(len(gray), w, h, 1); err != nil {
		return false, err
	}
	x0, y0, x1, y1, found := inkBounds(gray, w, h)
	if !found {
		return false, nil
	}

	// Fit the bounding box (bw×bh source pixels) to nw×nh output pixels,
	// the longer side exactly Box, the other rounded to keep the aspect.
	bw, bh := x1-x0, y1-y0
	long := max(bw, bh)
	nw := max(1, (bw*Box+long/2)/long)
	nh := max(1, (bh*Box+long/2)/long)

	var xs, ys [Box]span
	makeSpans(xs[:nw], bw, nw)
	makeSpans(ys[:nh], bh, nh)

	// Area resampling: each output pixel is the sum of the source pixels
	// under it, each weighted by the fraction of it covered; dividing by
	// the covered area gives the mean grey level under the output pixel.
	var box [Box * Box]float64
	for jy := range nh {
		sy := ys[jy]
		for y := sy.i0; y < sy.i1; y++ {
			wy := sy.weight(y)
			row := gray[(y0+y)*w+x0 : (y0+y)*w+x1]
			out := box[jy*Box : jy*Box+nw]
			for jx := range out {
				out[jx] += wy * xs[jx].sum(row)
			}
		}
	}

	// Stretch so the brightest pixel is 255 (the mean-to-grey factor
	// nw*nh/(bw*bh) cancels out), round, and take the centre of mass of
	// the rounded values, which are the ones placed.
	peak := 0.0
	for _, v := range box {
		peak = max(peak, v)
	}
	if !(peak > 0) {
		return false, nil // unreachable: the box holds at least one ink pixel
	}
	k := 255 / peak
	var q [Box * Box]uint8
	var mass, mx, my float64
	for jy := range nh {
		for jx := range nw {
			v := uint8(min(255, box[jy*Box+jx]*k+0.5))
			q[jy*Box+jx] = v
			mass += float64(v)
			mx += float64(v) * float64(jx)
			my += float64(v) * float64(jy)
		}
	}
	ox := place(mx/mass, nw)
	oy := place(my/mass, nh)
	for jy := range nh {
		copy(dst[(oy+jy)*Size+ox:(oy+jy)*Size+ox+nw], q[jy*Box:jy*Box+nw])
	}
	return true, nil
}

// place returns the whole-pixel offset that moves a box of n pixels whose
// centre of mass is at c (box coordinates) closest to Center, keeping the
// box inside the field.
func place(c float64, n int) int {
	o := int(math.Round(Center - c))
	return min(max(o, 0), Size-n)
}

// inkBounds returns the half-open bounding box [x0,x1)×[y0,y1) of the
// pixels above InkThreshold, and whether there are any.
func inkBounds(gray []uint8, w, h int) (x0, y0, x1, y1 int, found bool) {
	x0, y0 = w, h
	for y := range h {
		row := gray[y*w : y*w+w]
		first := firstInk(row)
		if first < 0 {
			continue
		}
		last := lastInk(row, first)
		if y1 == 0 {
			y0 = y
		}
		y1 = y + 1
		x0 = min(x0, first)
		x1 = max(x1, last+1)
	}
	return x0, y0, x1, y1, y1 > 0
}

// The row scans test eight pixels at a time: inkMask(x) has the high bit
// of each byte of x set where that byte exceeds InkThreshold. Below 128,
// (b & 0x7f) + (0x7f - InkThreshold) reaches 128 exactly when
// b > InkThreshold and cannot carry into the next byte (at most 0xfe); from
// 128 up, b's own high bit is set. This makes the scan of a blank canvas,
// the bulk of Normalize's work, several times faster, under js/wasm too.
const (
	low7s  = 0x7f7f7f7f7f7f7f7f
	high1s = 0x8080808080808080
	addInk = (0x7f - InkThreshold) * 0x0101010101010101
)

func inkMask(x uint64) uint64 {
	return ((x&low7s + addInk) | x) & high1s
}

// firstInk returns the index of the first pixel of row above
// InkThreshold, or -1.
func firstInk(row []uint8) int {
	i := 0
	for ; i+8 <= len(row); i += 8 {
		if m := inkMask(binary.LittleEndian.Uint64(row[i:])); m != 0 {
			return i + bits.TrailingZeros64(m)/8
		}
	}
	for ; i < len(row); i++ {
		if row[i] > InkThreshold {
			return i
		}
	}
	return -1
}

// lastInk returns the index of the last pixel of row above InkThreshold,
// given that row[first] is one.
func lastInk(row []uint8, first int) int {
	i := len(row)
	for ; i-8 >= first; i -= 8 {
		if m := inkMask(binary.LittleEndian.Uint64(row[i-8:])); m != 0 {
			return i - 1 - bits.LeadingZeros64(m)/8
		}
	}
	for i--; i > first; i-- {
		if row[i] > InkThreshold {
			return i
		}
	}
	return first
}

// A span is the run of source pixels [i0, i1) under one output pixel: the
// first is covered by w0 of its width, the last by w1, those between fully.
// When i1-i0 == 1 the one pixel is covered by w0.
type span struct {
	i0, i1 int
	w0, w1 float64
}

// makeSpans fills dst (len m) with the spans that map n source pixels onto
// m output pixels. Positions are counted in units of 1/m source pixel so
// they are exact integers: output pixel j covers [j*n, (j+1)*n).
func makeSpans(dst []span, n, m int) {
	for j := range dst {
		a, b := j*n, (j+1)*n
		i0, i1 := a/m, (b+m-1)/m
		dst[j] = span{
			i0: i0,
			i1: i1,
			w0: float64(min((i0+1)*m, b)-a) / float64(m),
			w1: float64(b-max((i1-1)*m, a)) / float64(m),
		}
	}
}

// weight returns how much of source pixel i (i0 <= i < i1) s covers.
func (s span) weight(i int) float64 {
	switch i {
	case s.i0:
		return s.w0
	case s.i1 - 1:
		return s.w1
	}
	return 1
}

// sum returns the coverage-weighted sum of the pixels of row under s.
func (s span) sum(row []uint8) float64 {
	if s.i1-s.i0 == 1 {
		return s.w0 * float64(row[s.i0])
	}
	mid := 0
	for _, v := range row[s.i0+1 : s.i1-1] {
		mid += int(v)
	}
	return s.w0*float64(row[s.i0]) + float64(mid) + s.w1*float64(row[s.i1-1])
}

// ToFloat returns img scaled to 0..1 (each grey level divided by 255), the
// network's input.
func ToFloat(img [Pixels]uint8) [Pixels]float64 {
	var x [Pixels]float64
	for i, v := range img {
		x[i] = float64(v) / 255
	}
	return x
}
