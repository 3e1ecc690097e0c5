package viz

import (
	"fmt"
	"math"
)

// RGB is a colour with 8-bit sRGB channels.
type RGB struct{ R, G, B uint8 }

// CSS returns the colour as "#rrggbb".
func (c RGB) CSS() string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// NaNColor is drawn for NaN values: a neutral mid grey (L* ≈ 54) that
// neither palette contains (every palette colour except the near-white
// centre is tinted).
var NaNColor = RGB{0x80, 0x80, 0x80}

// GapColor fills the gaps between tiles and any unused tile slots: a light
// neutral grey, darker than the palettes' near-white 0 so that a tile of
// zeros still shows its edge.
var GapColor = RGB{0xd0, 0xd0, 0xd0}

// The diverging palette is ColorBrewer RdBu (11 classes, Cynthia Brewer,
// colorbrewer2.org), split at its centre into the two halves, each listed
// from the centre outwards so that magnitude a ∈ [0, 1] picks the same
// position on either side. The pairs have nearly the same CIE lightness
// (L* 97.2; 89.7/89.8; 74.7/76.9; 55.3/58.0; 38.4/42.5; 20.0/20.1).
var (
	divNeg = [...]RGB{{0xf7, 0xf7, 0xf7}, {0xfd, 0xdb, 0xc7}, {0xf4, 0xa5, 0x82}, {0xd6, 0x60, 0x4d}, {0xb2, 0x18, 0x2b}, {0x67, 0x00, 0x1f}}
	divPos = [...]RGB{{0xf7, 0xf7, 0xf7}, {0xd1, 0xe5, 0xf0}, {0x92, 0xc5, 0xde}, {0x43, 0x93, 0xc3}, {0x21, 0x66, 0xac}, {0x05, 0x30, 0x61}}
	// seq is ColorBrewer Blues (9 classes), light to dark, L* 98 to 21.
	seq = [...]RGB{{0xf7, 0xfb, 0xff}, {0xde, 0xeb, 0xf7}, {0xc6, 0xdb, 0xef}, {0x9e, 0xca, 0xe1}, {0x6b, 0xae, 0xd6}, {0x42, 0x92, 0xc6}, {0x21, 0x71, 0xb5}, {0x08, 0x51, 0x9c}, {0x08, 0x30, 0x6b}}
)

// DivergingStops and SequentialStops are the numbers of colour stops of the
// two palettes over their full range (-max..max and 0..max): an SVG or CSS
// linear gradient through LegendStops(scale, DivergingStops) or
// SequentialLegendStops(max, SequentialStops) reproduces the palette
// exactly, because both interpolate linearly in sRGB between the same
// colours.
const (
	DivergingStops  = 2*(len(divNeg)-1) + 1
	SequentialStops = len(seq)
)

// ratio returns v/max clipped to [-1, 1], or NaN for a NaN v. A max that is
// not positive (0, negative or NaN) puts every non-zero value beyond ±max,
// so it gets a full colour by its sign and 0 stays 0; for max = +Inf every
// finite value maps to 0 (and ±Inf to NaN, as Inf/Inf).
func ratio(v, max float64) float64 {
	if !(max > 0) {
		switch {
		case v > 0:
			return 1
		case v < 0:
			return -1
		}
		return v // 0 or NaN
	}
	t := v / max
	switch {
	case t > 1:
		return 1
	case t < -1:
		return -1
	}
	return t
}

// lerp interpolates linearly in sRGB along stops (evenly spaced over
// [0, 1]) at a ∈ [0, 1], rounding to the nearest 8-bit value.
func lerp(stops []RGB, a float64) RGB {
	pos := a * float64(len(stops)-1)
	k := int(pos)
	if k >= len(stops)-1 {
		return stops[len(stops)-1]
	}
	f := pos - float64(k)
	c0, c1 := stops[k], stops[k+1]
	mix := func(x, y uint8) uint8 { return uint8(float64(x) + f*(float64(y)-float64(x)) + 0.5) }
	return RGB{mix(c0.R, c1.R), mix(c0.G, c1.G), mix(c0.B, c1.B)}
}

// Diverging returns the colour of v on the diverging palette symmetric
// around 0: near-white (#f7f7f7) at 0, red for negative and blue for
// positive values, fully saturated at -max and +max. v and -v get the
// paired colours of the two halves, which have about the same lightness.
// Values beyond ±max are clipped to the end colours; NaN is NaNColor. A max
// that is not positive gives every non-zero value its sign's full colour;
// max = +Inf maps every finite value to 0.
func Diverging(v, max float64) (r, g, b uint8) {
	c := divergingRGB(ratio(v, max))
	return c.R, c.G, c.B
}

// divergingRGB returns the diverging colour of t ∈ [-1, 1] or NaN.
func divergingRGB(t float64) RGB {
	switch {
	case t != t:
		return NaNColor
	case t < 0:
		return lerp(divNeg[:], -t)
	}
	return lerp(divPos[:], t)
}

// Sequential returns the colour of v on the sequential palette for
// non-negative data: near-white (#f7fbff) at 0 to dark blue (#08306b) at
// max and beyond. Negative values are clipped to 0's colour; NaN is
// NaNColor. A max that is not positive gives every positive value the full
// colour.
func Sequential(v, max float64) (r, g, b uint8) {
	c := sequentialRGB(ratio(v, max))
	return c.R, c.G, c.B
}

// sequentialRGB returns the sequential colour of t ∈ [-1, 1] or NaN.
func sequentialRGB(t float64) RGB {
	if t != t {
		return NaNColor
	}
	return lerp(seq[:], math.Max(t, 0))
}

// The drawing functions look colours up in tables instead of interpolating
// per pixel: lutHalf+1 levels for magnitudes 0..1, so a pixel's colour is
// that of v rounded to the nearest 1/lutHalf of the scale. Adjacent levels
// differ by at most one unit per channel, so the rounding is invisible, and
// an exact 0 and ±scale get exactly Diverging's colours.
const lutHalf = 512

// pixel is an RGBA pixel as stored in the buffers.
type pixel = [4]byte

var (
	// divLUT[lutHalf+k] is the diverging colour of k/lutHalf, k ∈ [-lutHalf, lutHalf].
	divLUT [2*lutHalf + 1]pixel
	// seqLUT[k] is the sequential colour of k/lutHalf, k ∈ [0, lutHalf].
	seqLUT   [lutHalf + 1]pixel
	nanPixel = pixelOf(NaNColor)
	gapPixel = pixelOf(GapColor)
)

func init() {
	for k := -lutHalf; k <= lutHalf; k++ {
		divLUT[lutHalf+k] = pixelOf(divergingRGB(float64(k) / lutHalf))
	}
	for k := range seqLUT {
		seqLUT[k] = pixelOf(sequentialRGB(float64(k) / lutHalf))
	}
}

func pixelOf(c RGB) pixel { return pixel{c.R, c.G, c.B, 255} }

// painter maps values to pixels through one of the tables for one scale.
type painter struct {
	lut []pixel
	off int     // index of 0 in lut
	lo  float64 // smallest level: -lutHalf, or 0 for the sequential table
	inv float64 // lutHalf/scale
}

func newPainter(scale float64, diverging bool) painter {
	p := painter{lut: seqLUT[:]}
	if diverging {
		p = painter{lut: divLUT[:], off: lutHalf, lo: -lutHalf}
	}
	p.inv = lutHalf / scale
	if !(scale > 0) {
		// ratio's rule: every non-zero value is beyond ±scale (v·Inf is
		// ±Inf, clipped below), 0 stays 0 (0·Inf is NaN, caught in at).
		p.inv = math.Inf(1)
	}
	return p
}

// at returns the pixel of v: the table level nearest to v/scale, clipped.
func (p *painter) at(v float64) pixel {
	t := v * p.inv // in table levels
	if t != t {
		if v == 0 { // 0·Inf for a non-positive scale
			return p.lut[p.off]
		}
		return nanPixel
	}
	if t > lutHalf {
		t = lutHalf
	} else if t < p.lo {
		t = p.lo
	}
	// Rounding half away from zero keeps the diverging table symmetric: -v
	// gets the mirror level of v.
	return p.lut[p.off+int(t+math.Copysign(0.5, t))]
}
