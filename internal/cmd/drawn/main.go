// Command drawn measures how well nets recognise drawn digits: the
// drawnset (MNIST test digits not in the bundled subset, traced and drawn
// on the pad at three sizes, by mouse and by finger), each drawing turned
// into the net's input both ways the page can:
//
//   - pixels: the strokes painted on the 280-px canvas with the pad's
//     fixed 20-px pen, then digit.Normalize (the page before its pad kept
//     the strokes);
//   - strokes: digit.Render of the strokes themselves.
//
// For each weights file it prints the recognised drawings per size and
// input, and the net's accuracy on the full MNIST test set and on the
// bundled test subset.
//
//	go run ./internal/cmd/drawn                       # web/pretrained.bplw, 1,000 digits
//	go run ./internal/cmd/drawn -n 300 a.bplw b.bplw
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/internal/drawnset"
	"github.com/backprop-lab/backprop-lab/internal/gomnist"
	"github.com/backprop-lab/backprop-lab/internal/trace"
	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
)

// penWidth is the pen the page's canvas shows strokes with (ui/dom/pen.go).
const penWidth = 20

func main() {
	n := flag.Int("n", 1000, "digits to draw, each at the three sizes")
	confusions := flag.Bool("confusions", false, "also print the most frequent confusions")
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: drawn [-n digits] [-confusions] [weights.bplw ...]")
		flag.PrintDefaults()
	}
	flag.Parse()
	files := flag.Args()
	if len(files) == 0 {
		files = []string{"web/pretrained.bplw"}
	}
	if err := run(os.Stdout, files, *n, *confusions); err != nil {
		fmt.Fprintln(os.Stderr, "drawn:", err)
		os.Exit(2)
	}
}

// Inputs are the two ways from strokes to the net's input.
var inputs = [...]string{"pixels", "strokes"}

func run(w io.Writer, files []string, n int, confusions bool) error {
	full, err := gomnist.Load()
	if err != nil {
		return err
	}
	bundled, err := assets.MNISTSubset()
	if err != nil {
		return err
	}
	set, err := drawnset.Set(full.Test, n)
	if err != nil {
		return err
	}
	x, err := render(set)
	if err != nil {
		return err
	}
	fullTest, err := dataset(full.Test)
	if err != nil {
		return err
	}
	bundledTest, err := dataset(bundled.Test)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "%d drawings: %d MNIST test digits past the bundled %d of each, each small (%.1f of the pad), medium (%.1f) and large (%.1f), half by mouse, half by finger\n",
		len(set), len(set)/3, drawnset.BundledPerDigit, drawnset.Small.Frac(), drawnset.Medium.Frac(), drawnset.Large.Frac())
	for _, f := range files {
		net, err := load(f)
		if err != nil {
			return err
		}
		fullAcc, _ := nn.Evaluate(net, fullTest, 1000)
		bundledAcc, _ := nn.Evaluate(net, bundledTest, 1000)
		fmt.Fprintf(w, "\n%s: test accuracy %.4f on the full MNIST test set (%d), %.4f on the bundled test subset (%d)\n",
			f, fullAcc, fullTest.Len(), bundledAcc, bundledTest.Len())
		for k, name := range inputs {
			pred := predict(net, x[k])
			report(w, name, set, pred, confusions)
		}
	}
	return nil
}

// render returns the drawings as the net's inputs, one matrix per way.
func render(set []drawnset.Drawing) ([2]*mat.Dense, error) {
	var x [2]*mat.Dense
	for k := range x {
		x[k] = mat.NewDense(len(set), digit.Pixels, nil)
	}
	for i, d := range set {
		old, ok, err := digit.Normalize(trace.Paint(d.Strokes, drawnset.Pad, drawnset.Pad, penWidth), drawnset.Pad, drawnset.Pad)
		if err != nil || !ok {
			return x, fmt.Errorf("test image %d at %v, pixels: ok=%v err=%v", d.Index, d.Size, ok, err)
		}
		img, ok, err := digit.Render(strokes(d.Strokes), drawnset.Pad, drawnset.Pad)
		if err != nil || !ok {
			return x, fmt.Errorf("test image %d at %v, strokes: ok=%v err=%v", d.Index, d.Size, ok, err)
		}
		for k, in := range [2]*[digit.Pixels]uint8{&old, &img} {
			row := x[k].RawRowView(i)
			for j, v := range in {
				row[j] = float64(v) / 255
			}
		}
	}
	return x, nil
}

// strokes converts traced strokes to digit's, without pressure (a mouse
// reports none, a finger on most screens a constant, which Render treats
// alike).
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

func dataset(s mnist.Split) (nn.Dataset, error) {
	return nn.NewDataset(s.Images.Pix, s.Labels, s.Images.N, s.Images.Rows*s.Images.Cols)
}

// load reads a weights file into a net.
func load(name string) (*nn.TwoLayerNet, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	ck, err := checkpoint.Read(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	m := ck.Meta
	c := nn.Config{Input: m.Input, Hidden: m.Hidden, Output: m.Output, WeightStd: m.WeightStd, Seed: m.Seed}
	if c.Activation, err = nn.ParseActivation(m.Activation); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if c.Init, err = nn.ParseInit(m.Init); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if c.Input != digit.Pixels || c.Output != mnist.NumClasses {
		return nil, fmt.Errorf("%s: a %d-%d-%d net, want %d inputs and %d classes", name, c.Input, c.Hidden, c.Output, digit.Pixels, mnist.NumClasses)
	}
	net, err := nn.NewTwoLayerNet(c)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := net.SetParams(ck.W1, ck.B1, ck.W2, ck.B2); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return net, nil
}

// predict returns the net's digit for each row of x (the first highest
// score, as the page shows it).
func predict(net *nn.TwoLayerNet, x *mat.Dense) []int {
	s := net.Predict(x)
	r, _ := s.Dims()
	out := make([]int, r)
	for i := range out {
		row := s.RawRowView(i)
		out[i] = slices.Index(row, slices.Max(row))
	}
	return out
}

// report prints the drawings recognised, overall, per size and per
// pointer, and optionally the commonest confusions.
func report(w io.Writer, input string, set []drawnset.Drawing, pred []int, confusions bool) {
	var right, total [len(drawnset.Sizes)][2]int // [size][touch]
	var confused [mnist.NumClasses][mnist.NumClasses]int
	for i, d := range set {
		t := 0
		if d.Touch {
			t = 1
		}
		total[d.Size][t]++
		if pred[i] == d.Label {
			right[d.Size][t]++
		} else {
			confused[d.Label][pred[i]]++
		}
	}
	sum := func(a [len(drawnset.Sizes)][2]int, size int, touch int) int {
		n := 0
		for s := range a {
			for t := range a[s] {
				if (size < 0 || s == size) && (touch < 0 || t == touch) {
					n += a[s][t]
				}
			}
		}
		return n
	}
	pct := func(r, n int) string {
		if n == 0 {
			return "0/0"
		}
		return fmt.Sprintf("%d/%d (%.1f%%)", r, n, 100*float64(r)/float64(n))
	}
	fmt.Fprintf(w, "  %-7s recognised %s;", input, pct(sum(right, -1, -1), sum(total, -1, -1)))
	for _, s := range drawnset.Sizes {
		fmt.Fprintf(w, " %s %s", s, pct(sum(right, int(s), -1), sum(total, int(s), -1)))
	}
	fmt.Fprintf(w, "; mouse %s, finger %s\n", pct(sum(right, -1, 0), sum(total, -1, 0)), pct(sum(right, -1, 1), sum(total, -1, 1)))
	if !confusions {
		return
	}
	type pair struct{ label, pred, n int }
	var pairs []pair
	for l := range confused {
		for p, n := range confused[l] {
			if n > 0 {
				pairs = append(pairs, pair{l, p, n})
			}
		}
	}
	slices.SortFunc(pairs, func(a, b pair) int { return b.n - a.n })
	fmt.Fprint(w, "          confusions:")
	for _, p := range pairs[:min(8, len(pairs))] {
		fmt.Fprintf(w, " %d→%d ×%d", p.label, p.pred, p.n)
	}
	fmt.Fprintln(w)
}
