// Package icon draws Backprop Lab's app icon, as SVG and as PNG of any
// size, from one description: a two-layer net (3 inputs, 4 hidden units, 2
// outputs) in white on the page's blue, with one connection in orange, the
// gradient flowing back. mkdist writes the files the web app manifest names.
package icon

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math"
	"strings"
)

// The geometry, in a 512×512 box.
const box = 512

// ThemeColor is the page's blue (web/style.css --blue), the icon's
// background and the manifest's theme colour.
const ThemeColor = "#0072B2"

var (
	bg     = color.NRGBA{0x00, 0x72, 0xB2, 0xff}
	white  = color.NRGBA{0xff, 0xff, 0xff, 0xff}
	orange = color.NRGBA{0xE6, 0x9F, 0x00, 0xff} // Okabe-Ito orange: bright on the blue
	faint  = color.NRGBA{0xff, 0xff, 0xff, 0x8c}
)

type pt struct{ x, y float64 }

// layers are the nodes' centres, column by column.
var layers = [][]pt{
	{{120, 166}, {120, 256}, {120, 346}},
	{{256, 121}, {256, 211}, {256, 301}, {256, 391}},
	{{392, 211}, {392, 301}},
}

const (
	radius = 30
	stroke = 11
	corner = 96 // of the rounded background
)

// backward is the orange connection: from output 0 back to hidden unit 1.
var backward = [2]pt{layers[2][0], layers[1][1]}

type seg struct {
	a, b pt
	c    color.NRGBA
}

func segments() []seg {
	var s []seg
	for l := 0; l+1 < len(layers); l++ {
		for _, a := range layers[l] {
			for _, b := range layers[l+1] {
				if (b == backward[0] && a == backward[1]) || (a == backward[0] && b == backward[1]) {
					continue
				}
				s = append(s, seg{a, b, faint})
			}
		}
	}
	return append(s, seg{backward[1], backward[0], orange})
}

// SVG returns the icon as an SVG document.
func SVG() []byte {
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d">`, box, box)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" rx="%d" fill="%s"/>`, box, box, corner, ThemeColor)
	for _, s := range segments() {
		fmt.Fprintf(&b, `<line x1="%g" y1="%g" x2="%g" y2="%g" stroke="%s" stroke-width="%d" stroke-linecap="round"/>`,
			s.a.x, s.a.y, s.b.x, s.b.y, hex(s.c), stroke)
	}
	for _, l := range layers {
		for _, p := range l {
			fmt.Fprintf(&b, `<circle cx="%g" cy="%g" r="%d" fill="#fff"/>`, p.x, p.y, radius)
		}
	}
	b.WriteString("</svg>\n")
	return []byte(b.String())
}

func hex(c color.NRGBA) string {
	if c.A == 0xff {
		return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B)
	}
	return fmt.Sprintf("rgba(%d,%d,%d,%.2f)", c.R, c.G, c.B, float64(c.A)/255)
}

// PNG returns the icon as a size×size PNG, each pixel the mean of 4×4
// samples of the same drawing as SVG's.
func PNG(size int) ([]byte, error) {
	img := image.NewNRGBA(image.Rect(0, 0, size, size))
	segs := segments()
	const n = 4
	scale := float64(box) / float64(size)
	for y := range size {
		for x := range size {
			var r, g, bl, a float64
			for sy := range n {
				for sx := range n {
					p := pt{(float64(x) + (float64(sx)+0.5)/n) * scale, (float64(y) + (float64(sy)+0.5)/n) * scale}
					c := sample(p, segs)
					al := float64(c.A) / 255
					r += float64(c.R) * al
					g += float64(c.G) * al
					bl += float64(c.B) * al
					a += al
				}
			}
			if a == 0 {
				continue
			}
			img.SetNRGBA(x, y, color.NRGBA{uint8(math.Round(r / a)), uint8(math.Round(g / a)), uint8(math.Round(bl / a)), uint8(math.Round(255 * a / (n * n)))})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// sample is the drawing's colour at p: transparent outside the rounded
// square, else what is painted last there.
func sample(p pt, segs []seg) color.NRGBA {
	if !inRounded(p) {
		return color.NRGBA{}
	}
	c := bg
	for _, s := range segs {
		if distSeg(p, s.a, s.b) <= stroke/2.0 {
			c = over(s.c, c)
		}
	}
	for _, l := range layers {
		for _, q := range l {
			if math.Hypot(p.x-q.x, p.y-q.y) <= radius {
				c = white
			}
		}
	}
	return c
}

func inRounded(p pt) bool {
	cx := math.Min(math.Max(p.x, corner), box-corner)
	cy := math.Min(math.Max(p.y, corner), box-corner)
	return p.x >= 0 && p.y >= 0 && p.x <= box && p.y <= box && math.Hypot(p.x-cx, p.y-cy) <= corner
}

func distSeg(p, a, b pt) float64 {
	dx, dy := b.x-a.x, b.y-a.y
	t := ((p.x-a.x)*dx + (p.y-a.y)*dy) / (dx*dx + dy*dy)
	t = math.Min(math.Max(t, 0), 1)
	return math.Hypot(p.x-(a.x+t*dx), p.y-(a.y+t*dy))
}

// over paints src (with its alpha) over the opaque dst.
func over(src, dst color.NRGBA) color.NRGBA {
	a := float64(src.A) / 255
	mix := func(s, d uint8) uint8 { return uint8(math.Round(float64(s)*a + float64(d)*(1-a))) }
	return color.NRGBA{mix(src.R, dst.R), mix(src.G, dst.G), mix(src.B, dst.B), 0xff}
}
