//go:build e2e

package kit

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/internal/drawnset"
	"github.com/backprop-lab/backprop-lab/internal/gomnist"
	"github.com/backprop-lab/backprop-lab/internal/trace"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// Point is a position in pixels.
type Point = trace.Point

// Stroke is a polyline drawn in one go, from pen down to pen up.
type Stroke = trace.Stroke

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
// centre of pixel (x, y) is (x+0.5, y+0.5)); see trace.Trace.
func Trace(img []uint8, w, h int) []Stroke { return trace.Trace(img, w, h) }

// Simplify drops the points of each stroke that lie within tol of the
// straight line through their neighbours; see trace.Simplify.
func Simplify(strokes []Stroke, tol float64) []Stroke { return trace.Simplify(strokes, tol) }

// Bounds returns the bounding box of the strokes' points.
func Bounds(strokes []Stroke) (minX, minY, maxX, maxY float64) { return trace.Bounds(strokes) }

// Place scales strokes by scale and moves the centre of their bounding box
// to (cx, cy), then adds points so that no two consecutive ones are more
// than step apart, keeping every point at least margin inside a size×size
// canvas; see trace.Place.
func Place(strokes []Stroke, scale, cx, cy, step, margin, size float64) ([]Stroke, error) {
	return trace.Place(strokes, scale, cx, cy, step, margin, size)
}

// Rasterize draws strokes with a round pen of the given width, white on
// black, into a size×size grey image without anti-aliasing. Native checks
// of Trace use it.
func Rasterize(strokes []Stroke, size int, pen float64) []uint8 {
	return trace.Rasterize(strokes, size, pen)
}

// DrawnSet returns n MNIST test digits that are not in the bundled subset,
// each traced and placed on the pad small, medium and large, by mouse or
// by finger (drawnset.Set), from the official test files
// (internal/gomnist): the set internal/cmd/drawn measures natively.
func DrawnSet(n int) ([]drawnset.Drawing, error) {
	set, err := gomnist.Load()
	if err != nil {
		return nil, err
	}
	return drawnset.Set(set.Test, n)
}

// DigitStrokes converts strokes to digit's, without pressure (a mouse
// reports none that varies, nor does a finger on most screens, which
// digit.Render treats alike), to render them as the page does.
func DigitStrokes(ts []Stroke) []digit.Stroke {
	out := make([]digit.Stroke, len(ts))
	for i, s := range ts {
		out[i] = make(digit.Stroke, len(s))
		for j, p := range s {
			out[i][j] = digit.Point{X: p.X, Y: p.Y}
		}
	}
	return out
}
