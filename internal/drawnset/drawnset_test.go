package drawnset

import (
	"math"
	"testing"

	"github.com/backprop-lab/backprop-lab/internal/trace"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// split returns a test split of n images, image i a bar of digit i%10
// (a set made of MNIST itself is the measurement's business; this checks
// the selection and the placement).
func split(n int) mnist.Split {
	im := &mnist.Images{N: n, Rows: mnist.Rows, Cols: mnist.Cols, Pix: make([]uint8, n*mnist.Rows*mnist.Cols)}
	labels := make([]uint8, n)
	for i := range n {
		labels[i] = uint8(i % 10)
		img := im.Image(i)
		for y := 4; y < 24; y++ {
			for x := 12; x < 15+i%3; x++ {
				img[y*mnist.Cols+x] = 255
			}
		}
	}
	return mnist.Split{Images: im, Labels: labels}
}

func TestSet(t *testing.T) {
	test := split(10 * (BundledPerDigit + 3))
	set, err := Set(test, 25)
	if err != nil {
		t.Fatal(err)
	}
	if len(set) != 75 {
		t.Fatalf("%d drawings, want 75", len(set))
	}
	var perLabel, touch [10]int
	for k, d := range set {
		if d.Size != Sizes[k%3] || d.Index != set[k/3*3].Index {
			t.Errorf("drawing %d: test image %d at %v; want each digit at the three sizes in a row", k, d.Index, d.Size)
		}
		if d.Index < 10*BundledPerDigit || int(test.Labels[d.Index]) != d.Label {
			t.Errorf("drawing %d: test image %d, label %d; want one past the bundled images, with its label", k, d.Index, d.Label)
		}
		if k%3 == 0 {
			perLabel[d.Label]++
			if d.Touch {
				touch[d.Label]++
			}
		}
		x0, y0, x1, y1 := trace.Bounds(d.Strokes)
		if x0 < margin-1e-9 || y0 < margin-1e-9 || x1 > Pad-margin+1e-9 || y1 > Pad-margin+1e-9 {
			t.Errorf("drawing %d spans (%.1f, %.1f)-(%.1f, %.1f), want within the margin", k, x0, y0, x1, y1)
		}
		if long := max(x1-x0, y1-y0); math.Abs(long-d.Size.Frac()*Pad) > 1 {
			t.Errorf("drawing %d at %v is %.1f px long, want %.1f", k, d.Size, long, d.Size.Frac()*Pad)
		}
		for _, s := range d.Strokes {
			for _, p := range s {
				if !d.Touch && (p.X != math.Round(p.X) || p.Y != math.Round(p.Y)) {
					t.Fatalf("drawing %d by mouse has a point at (%v, %v), want whole pixels", k, p.X, p.Y)
				}
			}
		}
	}
	for l, c := range perLabel {
		if c < 2 || c > 3 {
			t.Errorf("%d digits of label %d, want 2 or 3 of each of 25", c, l)
		}
	}
	// Of each label the second image is drawn by finger.
	if want := [10]int{1, 1, 1, 1, 1, 1, 1, 1, 1, 1}; touch != want {
		t.Errorf("digits drawn by finger, per label: %v, want %v", touch, want)
	}
	if _, err := Set(test, 31); err == nil {
		t.Error("Set asked for more digits than the split holds past the bundled ones: no error")
	}
}
