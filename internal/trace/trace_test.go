package trace

import (
	"math"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/backprop-lab/backprop-lab/mnist"
)

// testImages are the bundled MNIST test images.
var testImages = sync.OnceValues(func() (*mnist.Images, error) {
	f, err := os.Open(filepath.Join("..", "..", "assets", "mnist-subset", "test-images-idx3-ubyte.gz"))
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return mnist.DecodeImages(f)
})

func loadImages(t *testing.T) *mnist.Images {
	t.Helper()
	im, err := testImages()
	if err != nil {
		t.Fatal(err)
	}
	return im
}

// canvas returns a w×h image with the given pixels set to 255.
func canvas(w, h int, ink func(x, y int) bool) []uint8 {
	img := make([]uint8, w*h)
	for y := range h {
		for x := range w {
			if ink(x, y) {
				img[y*w+x] = 255
			}
		}
	}
	return img
}

func TestSkeletonIsThin(t *testing.T) {
	for _, c := range []struct {
		name string
		w, h int
		ink  func(x, y int) bool
	}{
		{"bar 20×4", 28, 28, func(x, y int) bool { return x >= 4 && x < 24 && y >= 12 && y < 16 }},
		{"ring", 28, 28, func(x, y int) bool {
			r := math.Hypot(float64(x)-13.5, float64(y)-13.5)
			return r >= 6 && r < 9
		}},
		{"cross", 28, 28, func(x, y int) bool { return x >= 12 && x < 15 || y >= 12 && y < 15 }},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := canvas(c.w, c.h, c.ink)
			sk := Skeleton(img, c.w, c.h, Threshold)
			n := 0
			for i, v := range sk {
				if !v {
					continue
				}
				n++
				if img[i] < Threshold {
					t.Errorf("skeleton pixel %d,%d is not ink", i%c.w, i/c.w)
				}
				// One pixel wide: no 2×2 block is all skeleton.
				x, y := i%c.w, i/c.w
				if x+1 < c.w && y+1 < c.h && sk[i+1] && sk[i+c.w] && sk[i+c.w+1] {
					t.Errorf("a 2×2 block of skeleton at %d,%d", x, y)
				}
			}
			if n == 0 {
				t.Fatal("empty skeleton")
			}
		})
	}
}

// TestTraceShapes checks the strokes of simple shapes: a bar is one stroke
// along its middle, a ring one closed stroke, a plus sign the strokes from
// its centre.
func TestTraceShapes(t *testing.T) {
	bar := canvas(28, 28, func(x, y int) bool { return x >= 4 && x < 24 && y >= 12 && y < 15 })
	s := Trace(bar, 28, 28)
	if len(s) != 1 {
		t.Fatalf("a bar gives %d strokes, want 1: %v", len(s), s)
	}
	// The middle row is y = 13, whose centre line is 13.5; thinning may
	// keep the ends up to a pixel short of the bar's.
	for _, p := range s[0] {
		if p.Y != 13.5 && math.Abs(p.Y-13.5) > 1 {
			t.Errorf("bar stroke point %v is off the middle row", p)
		}
	}
	if l := Length(s); l < 16 || l > 20 {
		t.Errorf("bar stroke is %.1f px long, want 16..20 (the bar is 20 px)", l)
	}

	ring := canvas(28, 28, func(x, y int) bool {
		r := math.Hypot(float64(x)-13.5, float64(y)-13.5)
		return r >= 6 && r < 9
	})
	s = Trace(ring, 28, 28)
	if len(s) != 1 {
		t.Fatalf("a ring gives %d strokes, want 1", len(s))
	}
	if first, last := s[0][0], s[0][len(s[0])-1]; first != last {
		t.Errorf("the ring's stroke is not closed: from %v to %v", first, last)
	}
	// The skeleton runs near radius 7.5, circumference 47; a staircase of
	// pixel steps is up to 8 % longer than the circle it follows.
	if l := Length(s); l < 44 || l > 56 {
		t.Errorf("ring stroke is %.1f px long, want 44..56", l)
	}

	plus := canvas(28, 28, func(x, y int) bool {
		return x >= 13 && x < 15 && y >= 4 && y < 24 || y >= 13 && y < 15 && x >= 4 && x < 24
	})
	if s = Trace(plus, 28, 28); len(s) < 2 || len(s) > 4 {
		t.Errorf("a plus sign gives %d strokes, want 2 to 4", len(s))
	}

	if s := Trace(make([]uint8, 28*28), 28, 28); s != nil {
		t.Errorf("a blank image gives strokes %v", s)
	}
	if s := Trace(make([]uint8, 5), 28, 28); s != nil {
		t.Errorf("a short buffer gives strokes %v", s)
	}
}

// TestWalkUsesSkeletonEdges checks on MNIST digits that every step of a
// traced stroke joins two skeleton pixels that are neighbours, and that no
// step is walked twice.
func TestWalkUsesSkeletonEdges(t *testing.T) {
	im := loadImages(t)
	for i := range 200 {
		sk := Skeleton(im.Image(i), 28, 28, Threshold)
		seen := map[[4]int]bool{}
		for _, s := range Walk(sk, 28, 28) {
			for k, p := range s {
				x, y := int(p.X), int(p.Y)
				if !sk[y*28+x] {
					t.Fatalf("image %d: point %v is not on the skeleton", i, p)
				}
				if k == 0 {
					continue
				}
				px, py := int(s[k-1].X), int(s[k-1].Y)
				if abs(x-px) > 1 || abs(y-py) > 1 || x == px && y == py {
					t.Fatalf("image %d: step %v→%v does not join neighbours", i, s[k-1], p)
				}
				var e [4]int
				if px*28+py > x*28+y {
					e = [4]int{x, y, px, py}
				} else {
					e = [4]int{px, py, x, y}
				}
				if seen[e] {
					t.Fatalf("image %d: step %v→%v walked twice", i, s[k-1], p)
				}
				seen[e] = true
			}
		}
	}
}

func abs(v int) int {
	if v < 0 {
		return -v
	}
	return v
}

// TestTraceCoversDigits checks that traced MNIST digits, painted back at
// their own scale with a pen as wide as MNIST's strokes, cover the
// original's ink: the tracer is what the digit renderer's tests and the
// committed stroke set stand on.
func TestTraceCoversDigits(t *testing.T) {
	im := loadImages(t)
	const n = 500
	var sum float64
	worst := 1.0
	for i := range n {
		orig := im.Image(i)
		painted := Paint(Trace(orig, 28, 28), 28, 28, 2.5)
		var dot, a, b float64
		for k := range orig {
			x, y := float64(orig[k]), float64(painted[k])
			dot, a, b = dot+x*y, a+x*x, b+y*y
		}
		c := dot / math.Sqrt(a*b)
		sum += c
		worst = min(worst, c)
	}
	mean := sum / n
	t.Logf("%d digits: cosine similarity of the painted trace to the original: mean %.3f, worst %.3f", n, mean, worst)
	// Measured: mean 0.878, worst 0.670. A trace that loses a stroke
	// or runs along an edge scores far lower; 0.8 leaves room for the
	// painting's uniform pen against MNIST's varying one.
	if mean < 0.8 {
		t.Errorf("mean cosine similarity %.3f, want >= 0.8", mean)
	}
}

// TestInkWidth checks InkWidth on bars of known width: thinning eats the
// ends, so the skeleton of a bar d wide and L long is L − d − 1 long or a
// little more, and the measure lies from d to d·L/(L − d − 1); and it is
// not ok without ink.
func TestInkWidth(t *testing.T) {
	for _, d := range []int{1, 2, 3, 4} {
		const length = 20
		img := canvas(28, 28, func(x, y int) bool { return x >= 4 && x < 4+length && y >= 12 && y < 12+d })
		got, ok := InkWidth(img, 28, 28)
		if !ok || got < float64(d) || got > float64(d)*length/(length-float64(d)-1) {
			t.Errorf("a %d-px bar: InkWidth = %.3f, %v; want %d to %.3f", d, got, ok,
				d, float64(d)*length/(length-float64(d)-1))
		}
	}
	if w, ok := InkWidth(make([]uint8, 28*28), 28, 28); ok || w != 0 {
		t.Errorf("a blank image: InkWidth = %v, %v; want 0, false", w, ok)
	}
}
