// Command mnistpen measures how wide MNIST's pen strokes are, the figure
// behind digit.StrokeWidth. For each image of the official training file
// (60,000 digits, already fitted into 20×20 and centred in 28×28) it takes
// trace.InkWidth: the ink area (sum of grey levels / 255) divided by the
// length of the image's traced skeleton. It prints the distribution, and
// the same figure for the digits re-traced and rendered by digit.Render,
// whose pen should match.
//
//	go run ./internal/cmd/mnistpen
package main

import (
	"fmt"
	"os"
	"slices"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/internal/gomnist"
	"github.com/backprop-lab/backprop-lab/internal/trace"
	"github.com/backprop-lab/backprop-lab/mnist"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "mnistpen:", err)
		os.Exit(2)
	}
}

func run() error {
	set, err := gomnist.Load()
	if err != nil {
		return err
	}
	im := set.Train.Images
	fmt.Printf("MNIST training images (%d): ", im.N)
	report(widths(im, func(img []uint8) []uint8 { return img }))
	fmt.Printf("the same digits traced and rendered by digit.Render (StrokeWidth %g): ", digit.StrokeWidth)
	report(widths(im, func(img []uint8) []uint8 {
		got, _, _ := digit.Render(strokes(trace.Trace(img, mnist.Cols, mnist.Rows)), mnist.Cols, mnist.Rows)
		return got[:]
	}))
	return nil
}

// strokes converts traced strokes to digit's, without pressure.
func strokes(ts []trace.Stroke) []digit.Stroke {
	out := make([]digit.Stroke, len(ts))
	for i, s := range ts {
		out[i] = make(digit.Stroke, len(s))
		for j, p := range s {
			out[i][j] = digit.Point{X: p.X, Y: p.Y}
		}
	}
	return out
}

// widths returns InkWidth of each image after prepare.
func widths(im *mnist.Images, prepare func([]uint8) []uint8) []float64 {
	var ws []float64
	for i := range im.N {
		if w, ok := trace.InkWidth(prepare(im.Image(i)), mnist.Cols, mnist.Rows); ok {
			ws = append(ws, w)
		}
	}
	return ws
}

func report(ws []float64) {
	slices.Sort(ws)
	q := func(p float64) float64 { return ws[int(p*float64(len(ws)-1))] }
	var sum float64
	for _, w := range ws {
		sum += w
	}
	fmt.Printf("%d measured, ink width mean %.3f px, median %.3f, quartiles %.3f %.3f, 5%%-95%% %.3f %.3f\n",
		len(ws), sum/float64(len(ws)), q(0.5), q(0.25), q(0.75), q(0.05), q(0.95))
}
