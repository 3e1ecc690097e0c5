package digit

import (
	"compress/gzip"
	"encoding/binary"
	"io"
	"math"
	"os"
	"sync"
	"testing"

	"github.com/backprop-lab/backprop-lab/internal/trace"
)

// mnistTestImages is the bundled MNIST test set, read directly (gzip'd
// IDX: a 16-byte big-endian header magic 0x803, n, 28, 28, then n*784
// bytes) rather than through the project's mnist package, so that only the
// stroke tests depend on another package of the tree (internal/trace, the
// tracer they draw MNIST digits with).
const mnistTestImages = "../assets/mnist-subset/test-images-idx3-ubyte.gz"

var mnist = sync.OnceValues(func() ([][Pixels]uint8, error) {
	f, err := os.Open(mnistTestImages)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return nil, err
	}
	var hdr [4]uint32
	if err := binary.Read(zr, binary.BigEndian, &hdr); err != nil {
		return nil, err
	}
	if hdr[0] != 0x803 || hdr[2] != Size || hdr[3] != Size {
		return nil, io.ErrUnexpectedEOF
	}
	imgs := make([][Pixels]uint8, hdr[1])
	for i := range imgs {
		if _, err := io.ReadFull(zr, imgs[i][:]); err != nil {
			return nil, err
		}
	}
	return imgs, nil
})

// loadMNIST returns the first n bundled MNIST test images.
func loadMNIST(t testing.TB, n int) [][Pixels]uint8 {
	t.Helper()
	imgs, err := mnist()
	if err != nil {
		t.Fatalf("reading %s: %v", mnistTestImages, err)
	}
	if len(imgs) < n {
		t.Fatalf("%s has %d images, want at least %d", mnistTestImages, len(imgs), n)
	}
	return imgs[:n]
}

// upscale draws img onto a fresh w×h canvas, stretched by sx horizontally
// and sy vertically with bilinear interpolation (zero outside img), its
// top-left corner at (ox, oy); what falls outside the canvas is cropped.
func upscale(img *[Pixels]uint8, w, h int, sx, sy float64, ox, oy int) []uint8 {
	canvas := make([]uint8, w*h)
	at := func(x, y int) float64 {
		if x < 0 || y < 0 || x >= Size || y >= Size {
			return 0
		}
		return float64(img[y*Size+x])
	}
	for Y := max(oy, 0); Y < min(h, oy+int(math.Ceil(Size*sy))); Y++ {
		v := (float64(Y-oy)+0.5)/sy - 0.5
		y0 := int(math.Floor(v))
		fy := v - float64(y0)
		for X := max(ox, 0); X < min(w, ox+int(math.Ceil(Size*sx))); X++ {
			u := (float64(X-ox)+0.5)/sx - 0.5
			x0 := int(math.Floor(u))
			fx := u - float64(x0)
			p := (1-fy)*((1-fx)*at(x0, y0)+fx*at(x0+1, y0)) +
				fy*((1-fx)*at(x0, y0+1)+fx*at(x0+1, y0+1))
			canvas[Y*w+X] = uint8(math.Round(p))
		}
	}
	return canvas
}

// cosine returns the cosine similarity of a and b as vectors, 0 if either
// is all zero.
func cosine(a, b *[Pixels]uint8) float64 {
	var ab, aa, bb float64
	for i := range a {
		x, y := float64(a[i]), float64(b[i])
		ab += x * y
		aa += x * x
		bb += y * y
	}
	if aa == 0 || bb == 0 {
		return 0
	}
	return ab / math.Sqrt(aa*bb)
}

// centerOfMass returns img's centre of mass in pixel-index coordinates
// (MNIST's convention), or NaNs for an all-zero image.
func centerOfMass(img *[Pixels]uint8) (cx, cy float64) {
	var m, mx, my float64
	for i, v := range img {
		m += float64(v)
		mx += float64(v) * float64(i%Size)
		my += float64(v) * float64(i/Size)
	}
	return mx / m, my / m
}

// bounds returns the width and height of the bounding box of img's
// non-zero pixels, as MNIST's 20-px fit counts them.
func bounds(img *[Pixels]uint8) (bw, bh int) {
	x0, y0, x1, y1 := Size, Size, -1, -1
	for i, v := range img {
		if v > 0 {
			x, y := i%Size, i/Size
			x0, y0, x1, y1 = min(x0, x), min(y0, y), max(x1, x), max(y1, y)
		}
	}
	if x1 < 0 {
		return 0, 0
	}
	return x1 - x0 + 1, y1 - y0 + 1
}

func peak(img *[Pixels]uint8) uint8 {
	var p uint8
	for _, v := range img {
		p = max(p, v)
	}
	return p
}

// alignedCosine is the best cosine similarity of a and b shifted against
// each other by at most one pixel on each axis.
func alignedCosine(a, b *[Pixels]uint8) float64 {
	best := 0.0
	for dy := -1; dy <= 1; dy++ {
		for dx := -1; dx <= 1; dx++ {
			var s [Pixels]uint8
			for y := range Size {
				for x := range Size {
					if sx, sy := x+dx, y+dy; sx >= 0 && sy >= 0 && sx < Size && sy < Size {
						s[y*Size+x] = b[sy*Size+sx]
					}
				}
			}
			best = max(best, cosine(a, &s))
		}
	}
	return best
}

// stroke draws an anti-aliased polyline through pts (x0, y0, x1, y1, ...)
// onto the w×h canvas, width px wide with round caps and joins, white on
// black the way a canvas 2D context does: each pixel's ink is the
// fraction of it the pen covers, approximated from its centre's distance
// to the path, and overlapping parts keep the larger value.
func stroke(canvas []uint8, w, h int, width float64, pts ...float64) {
	r := width / 2
	if len(pts) == 2 { // a dot
		pts = append(pts, pts...)
	}
	for k := 0; k+3 < len(pts); k += 2 {
		ax, ay, bx, by := pts[k], pts[k+1], pts[k+2], pts[k+3]
		for y := max(0, int(min(ay, by)-r-1)); y < min(h, int(max(ay, by)+r+2)); y++ {
			for x := max(0, int(min(ax, bx)-r-1)); x < min(w, int(max(ax, bx)+r+2)); x++ {
				d := segmentDistance(float64(x)+0.5, float64(y)+0.5, ax, ay, bx, by)
				c := min(1, max(0, r-d+0.5))
				canvas[y*w+x] = max(canvas[y*w+x], uint8(math.Round(255*c)))
			}
		}
	}
}

func segmentDistance(px, py, ax, ay, bx, by float64) float64 {
	dx, dy := bx-ax, by-ay
	t := 0.0
	if l := dx*dx + dy*dy; l > 0 {
		t = min(1, max(0, ((px-ax)*dx+(py-ay)*dy)/l))
	}
	return math.Hypot(px-ax-t*dx, py-ay-t*dy)
}

// inkBox returns the width and height of the bounding box of the canvas
// pixels above InkThreshold.
func inkBox(canvas []uint8, w, h int) (bw, bh int) {
	x0, y0, x1, y1, _ := inkBounds(canvas, w, h)
	return x1 - x0, y1 - y0
}

// ascii renders img with one character per pixel, darkest to brightest.
func ascii(img *[Pixels]uint8) string {
	const ramp = " .:-=+*#%@"
	b := make([]byte, 0, Pixels+Size)
	for y := range Size {
		for x := range Size {
			b = append(b, ramp[int(img[y*Size+x])*(len(ramp)-1)/255])
		}
		b = append(b, '\n')
	}
	return string(b)
}

// strokes converts traced strokes to Render's, optionally rounding every
// coordinate to a multiple of q pad pixels (as pointer events report whole
// CSS pixels); q = 0 keeps them.
func strokes(ts []trace.Stroke, q float64) []Stroke {
	out := make([]Stroke, len(ts))
	for i, s := range ts {
		out[i] = make(Stroke, len(s))
		for j, p := range s {
			if q > 0 {
				p.X, p.Y = math.Round(p.X/q)*q, math.Round(p.Y/q)*q
			}
			out[i][j] = Point{X: p.X, Y: p.Y}
		}
	}
	return out
}

// traced returns the strokes of MNIST image img as the e2e tests draw
// them: traced and simplified to straight segments.
func traced(img *[Pixels]uint8) []trace.Stroke {
	return trace.Simplify(trace.Trace(img[:], Size, Size), 0.7)
}

// l2 returns the Euclidean distance of a and b as the net's inputs (grey
// levels over 255).
func l2(a, b *[Pixels]uint8) float64 {
	var s float64
	for i := range a {
		d := (float64(a[i]) - float64(b[i])) / 255
		s += d * d
	}
	return math.Sqrt(s)
}

// mae returns the mean absolute difference of a and b in grey levels.
func mae(a, b *[Pixels]uint8) float64 {
	var s float64
	for i := range a {
		s += math.Abs(float64(a[i]) - float64(b[i]))
	}
	return s / Pixels
}
