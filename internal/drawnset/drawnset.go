// Package drawnset is the set of drawn digits that measure how well the
// page recognises handwriting: MNIST test digits that are not in the
// bundled subset, traced into pen strokes (package trace) and placed on
// the 280-px drawing pad at three sizes and in different places, each as
// a mouse or a finger reports it. The native measurement
// (internal/cmd/drawn) and the end-to-end tests draw the same set, so
// their figures compare.
package drawnset

import (
	"fmt"
	"math"

	"github.com/backprop-lab/backprop-lab/internal/trace"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// Pad is the side of the drawing pad in pad (canvas) pixels.
const Pad = 280

// BundledPerDigit is how many of each digit's first test images the
// bundled subset holds (mnist.Subset(official, 1000, BundledPerDigit)):
// the set starts after them, so that it measures digits the page has
// never shown.
const BundledPerDigit = 200

// A Size is how large a digit is drawn.
type Size int

const (
	Small  Size = iota // the longer side 0.3 of the pad
	Medium             // 0.5 of the pad
	Large              // 0.9 of the pad, as large as the pad's margin allows
)

// Sizes are the three sizes, in order.
var Sizes = [...]Size{Small, Medium, Large}

// Frac returns the longer side of a drawing of size s, as a fraction of
// the pad.
func (s Size) Frac() float64 { return [...]float64{0.3, 0.5, 0.9}[s] }

func (s Size) String() string { return [...]string{"small", "medium", "large"}[s] }

// places are the centres of the drawings of each size, in pad pixels,
// taken in turn: a small digit anywhere on the pad, a medium one off its
// centre, a large one where it fits.
var places = [...][]struct{ x, y float64 }{
	Small:  {{80, 200}, {200, 80}, {90, 90}, {190, 190}, {140, 140}, {70, 140}, {210, 150}},
	Medium: {{170, 90}, {110, 170}, {140, 140}, {120, 115}, {165, 165}},
	Large:  {{140, 140}},
}

const (
	margin = 12 // pad pixels kept clear at the edge, as a hand does
	// Pointer events: a mouse reports whole CSS pixels (the pad is shown
	// at its own size), a finger fractional ones; neither more often than
	// every few pixels of a quick stroke.
	mouseStep = 8
	touchStep = 12
	// tolerance of trace.Simplify in MNIST pixels: the skeleton's pixel
	// staircase becomes straight segments, as the e2e tests draw them.
	tolerance = 0.7
)

// A Drawing is one digit of the set drawn on the pad.
type Drawing struct {
	Index   int // of the image in the official test set
	Label   int
	Size    Size
	Touch   bool           // drawn with a finger rather than a mouse
	Strokes []trace.Stroke // in pad pixels
}

// Draw traces img (an MNIST image, 28×28) and places its strokes on the
// pad at size s, centred at the place-th place of that size, with the
// pointer events of a mouse or, if touch, of a finger.
func Draw(img []uint8, s Size, place int, touch bool) ([]trace.Stroke, error) {
	ts := trace.Simplify(trace.Trace(img, mnist.Cols, mnist.Rows), tolerance)
	x0, y0, x1, y1 := trace.Bounds(ts)
	span := max(x1-x0, y1-y0)
	if !(span > 0) {
		return nil, fmt.Errorf("drawnset: the image traces to no stroke")
	}
	pl := places[s][place%len(places[s])]
	step := float64(mouseStep)
	if touch {
		step = touchStep
	}
	out, err := trace.Place(ts, s.Frac()*Pad/span, pl.x, pl.y, step, margin, Pad)
	if err != nil || touch {
		return out, err
	}
	for _, st := range out {
		for i := range st {
			st[i].X, st[i].Y = math.Round(st[i].X), math.Round(st[i].Y)
		}
	}
	return out, nil
}

// Set returns n digits of the official test split, each drawn at the
// three sizes (3n drawings, the sizes of a digit in a row): the
// (BundledPerDigit+k)-th image of each digit for k = 0, 1, …, taking
// digits 0 to 9 in turn, so the labels are balanced and none is in the
// bundled subset. The images of each digit alternate between mouse and
// finger.
func Set(test mnist.Split, n int) ([]Drawing, error) {
	if test.Images == nil || test.Images.N != len(test.Labels) {
		return nil, fmt.Errorf("drawnset: the test split's images and labels do not match")
	}
	// byDigit[d] lists the test images of digit d past the bundled ones.
	var byDigit [mnist.NumClasses][]int
	var seen [mnist.NumClasses]int
	for i, l := range test.Labels {
		if int(l) >= mnist.NumClasses {
			return nil, fmt.Errorf("drawnset: test label %d at %d is not a digit", l, i)
		}
		if seen[l]++; seen[l] > BundledPerDigit {
			byDigit[l] = append(byDigit[l], i)
		}
	}
	var out []Drawing
	for k := 0; len(out) < 3*n; k++ {
		d, j := k%mnist.NumClasses, k/mnist.NumClasses
		if j >= len(byDigit[d]) {
			return nil, fmt.Errorf("drawnset: the test split has %d images of digit %d past the bundled %d, too few for %d digits",
				len(byDigit[d]), d, BundledPerDigit, n)
		}
		i := byDigit[d][j]
		touch := j%2 == 1 // each digit by both, neither tied to a label
		for _, s := range Sizes {
			ts, err := Draw(test.Images.Image(i), s, k, touch)
			if err != nil {
				return nil, fmt.Errorf("drawnset: test image %d: %w", i, err)
			}
			out = append(out, Drawing{Index: i, Label: d, Size: s, Touch: touch, Strokes: ts})
		}
	}
	return out, nil
}
