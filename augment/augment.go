// Package augment varies training images as handwriting varies: each
// image is moved, turned and scaled a little and its strokes thickened or
// thinned, by amounts drawn from a seeded generator, so that a net sees a
// slightly different digit at every visit and a run is still repeatable.
//
// Images are Side×Side grey levels in [0, 1], row-major, 0 the
// background, as package nn's Dataset gives them (MNIST's bytes over 255).
// Nothing here allocates after New.
package augment

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

const (
	// Side is the side of an image in pixels.
	Side = 28
	// Pixels is the number of values of an image, Side×Side.
	Pixels = Side * Side
	// center is the point turns and scaling keep fixed, in pixel-index
	// coordinates (pixel (x, y) at (x, y)): where MNIST puts a digit's
	// centre of mass, so the digit stays in place.
	center = 14
)

// stream is the PCG stream of the augmentation's draws, so that seeding it
// with the training's seed gives numbers unrelated to the batch sampling's.
const stream = 0x6175676d656e74 // "augment"

// Config bounds the changes. Each is drawn uniformly from its range for
// each image; zero turns a change off.
type Config struct {
	Shift  float64 // most pixels moved along each axis
	Rotate float64 // most degrees turned either way
	Scale  float64 // most relative change of size: a factor from 1−Scale to 1+Scale
	Width  float64 // most pixels each side of a stroke gains or loses
}

// Default returns the changes cmd/train -augment uses: moves, turns and
// scalings within what MNIST's writers vary by once MNIST has fitted and
// centred their digits, so an augmented digit still looks like one of
// MNIST's, and no change of stroke width, which MNIST varies enough by
// itself (with it, nets recognised drawn digits no better).
func Default() Config { return Config{Shift: 1.5, Rotate: 12, Scale: 0.1} }

// Validate reports the first change outside its range: every bound
// finite and ≥ 0, Scale below 1, Rotate at most 180 and Shift and Width at
// most Side.
func (c Config) Validate() error {
	for _, f := range []struct {
		name   string
		v, max float64
	}{{"shift", c.Shift, Side}, {"rotation", c.Rotate, 180}, {"scale", c.Scale, 1}, {"width", c.Width, Side}} {
		if !(f.v >= 0 && f.v <= f.max) {
			return fmt.Errorf("augment: %s %v is outside 0 to %v", f.name, f.v, f.max)
		}
	}
	if c.Scale == 1 {
		return fmt.Errorf("augment: scale 1 would shrink an image to nothing, want below 1")
	}
	return nil
}

// Change is one image's change.
type Change struct {
	DX, DY float64 // pixels moved, right and down
	Angle  float64 // radians turned, clockwise on the screen
	Scale  float64 // factor of size
	Width  float64 // pixels each side of a stroke gains (negative: loses)
}

// An Augmenter draws changes and applies them. It is not safe for
// concurrent use; give each goroutine its own.
type Augmenter struct {
	cfg Config
	rng *rand.Rand
	tmp [Pixels]float64
}

// New returns an Augmenter whose draws are seeded by seed: two with the
// same config and seed give the same changes in the same order.
func New(c Config, seed uint64) (*Augmenter, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &Augmenter{cfg: c, rng: rand.New(rand.NewPCG(seed, stream))}, nil
}

// Config returns the Augmenter's bounds.
func (a *Augmenter) Config() Config { return a.cfg }

// Next draws the next image's change: five numbers from the generator,
// whatever the config, so a change of bounds does not shift the stream.
func (a *Augmenter) Next() Change {
	u := func(bound float64) float64 { return bound * (2*a.rng.Float64() - 1) }
	c := a.cfg
	return Change{
		DX: u(c.Shift), DY: u(c.Shift),
		Angle: u(c.Rotate) * math.Pi / 180,
		Scale: 1 + u(c.Scale),
		Width: u(c.Width),
	}
}

// Image writes src changed by the next draw into dst (Pixels values each;
// they must not overlap). It panics if a length is wrong.
func (a *Augmenter) Image(dst, src []float64) {
	a.apply(dst, src, a.Next())
}

// Batch writes each row of src, changed by its own draw, into the same row
// of dst, in row order. It panics if the shapes differ or rows are not
// Pixels long.
func (a *Augmenter) Batch(dst, src *mat.Dense) {
	d, s := dst.RawMatrix(), src.RawMatrix()
	if d.Rows != s.Rows || d.Cols != Pixels || s.Cols != Pixels {
		panic(fmt.Sprintf("augment: Batch of %d×%d into %d×%d, want rows of %d", s.Rows, s.Cols, d.Rows, d.Cols, Pixels))
	}
	for i := range s.Rows {
		a.Image(d.Data[i*d.Stride:i*d.Stride+Pixels], s.Data[i*s.Stride:i*s.Stride+Pixels])
	}
}

// Apply writes src changed by c into dst (Pixels values each; they must
// not overlap): moved, turned and scaled about the field's centre with
// bilinear interpolation, then the strokes widened or narrowed (see
// widen). It panics if a length is wrong.
func Apply(dst, src []float64, c Change) {
	var tmp [Pixels]float64
	apply(dst, src, c, &tmp)
}

func (a *Augmenter) apply(dst, src []float64, c Change) { apply(dst, src, c, &a.tmp) }

func apply(dst, src []float64, c Change, tmp *[Pixels]float64) {
	if len(dst) != Pixels || len(src) != Pixels {
		panic(fmt.Sprintf("augment: images of %d and %d values, want %d", len(dst), len(src), Pixels))
	}
	warp(tmp, src, c)
	widen(dst, tmp, c.Width)
}

// warp writes into dst the image src moved by (c.DX, c.DY), turned by
// c.Angle and scaled by c.Scale about the centre: each output pixel is src
// bilinearly interpolated at the point that the inverse change maps it to,
// 0 beyond the edge.
func warp(dst *[Pixels]float64, src []float64, c Change) {
	src = src[:Pixels]
	sin, cos := math.Sincos(c.Angle)
	// The inverse undoes the shift, turns back by the angle and divides by
	// the scale; along a row it moves by a constant step.
	k := 1 / c.Scale
	ax, ay := k*cos, -k*sin // per output pixel to the right
	for y := range Side {
		u, v := -center-c.DX, float64(y)-center-c.DY
		sx := k*(cos*u+sin*v) + center
		sy := k*(-sin*u+cos*v) + center
		row := dst[y*Side : (y+1)*Side]
		for x := range row {
			row[x] = bilinear(src, sx+float64(x)*ax, sy+float64(x)*ay)
		}
	}
}

// bilinear returns src at (x, y), in pixel-index coordinates, interpolated
// from the four pixels around it; pixels beyond the edge are 0.
func bilinear(src []float64, x, y float64) float64 {
	if !(x > -1 && x < Side && y > -1 && y < Side) {
		return 0
	}
	fx, fy := math.Floor(x), math.Floor(y)
	x0, y0 := int(fx), int(fy)
	tx, ty := x-fx, y-fy
	var p00, p10, p01, p11 float64
	if x0 >= 0 && x0 < Side-1 && y0 >= 0 && y0 < Side-1 {
		i := y0*Side + x0
		p := src[i : i+Side+2]
		p00, p10, p01, p11 = p[0], p[1], p[Side], p[Side+1]
	} else {
		at := func(x, y int) float64 {
			if x < 0 || x >= Side || y < 0 || y >= Side {
				return 0
			}
			return src[y*Side+x]
		}
		p00, p10, p01, p11 = at(x0, y0), at(x0+1, y0), at(x0, y0+1), at(x0+1, y0+1)
	}
	top := p00 + tx*(p10-p00)
	bottom := p01 + tx*(p11-p01)
	return top + ty*(bottom-top)
}

// widen writes into dst the image img with each stroke's sides moved out
// by w pixels (in by −w), w within ±1: each pixel moves the fraction |w|
// of the way to the largest (smallest) of itself and its four neighbours,
// a grey-level dilation (erosion) by a pixel each side, so a stroke gains
// (loses) about |w| of a pixel of ink on each side. Narrowing is then
// stretched back to img's peak where it dimmed it: a stroke two pixels
// wide cannot lose a fraction of a pixel each side without turning grey,
// and MNIST's strokes are never grey throughout.
func widen(dst []float64, img *[Pixels]float64, w float64) {
	w = max(-1, min(1, w))
	if w == 0 {
		copy(dst, img[:])
		return
	}
	// The image with a border of background, so every pixel has four
	// neighbours.
	const side = Side + 2
	var pad [side * side]float64
	for y := range Side {
		copy(pad[(y+1)*side+1:], img[y*Side:(y+1)*Side])
	}
	f := math.Abs(w)
	peak := 0.0
	for y := range Side {
		for x := range Side {
			i := (y+1)*side + x + 1
			v := pad[i]
			var m float64
			if w > 0 {
				m = max(v, pad[i-1], pad[i+1], pad[i-side], pad[i+side])
			} else {
				m = min(v, pad[i-1], pad[i+1], pad[i-side], pad[i+side])
			}
			d := v + f*(m-v)
			dst[y*Side+x] = d
			peak = max(peak, d)
		}
	}
	if w > 0 || !(peak > 0) {
		return
	}
	want := 0.0
	for _, v := range img {
		want = max(want, v)
	}
	if peak < want {
		k := want / peak
		for i := range dst {
			dst[i] = min(want, dst[i]*k)
		}
	}
}
