package dom

import (
	"math"
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/internal/trace"
)

// draw feeds strokes to p as pointer events would: a start, moves, an end.
func draw(p *pen, strokes []trace.Stroke, pr float64) {
	for _, s := range strokes {
		for i, pt := range s {
			if i == 0 {
				p.start(pt.X, pt.Y, pr)
			} else {
				p.move(pt.X, pt.Y, pr)
			}
		}
		p.end()
	}
}

func l2(a, b *[digit.Pixels]uint8) float64 {
	var s float64
	for i := range a {
		d := (float64(a[i]) - float64(b[i])) / 255
		s += d * d
	}
	return math.Sqrt(s)
}

// The pad's input is digit.Render of the strokes the pen kept, so the same
// digit drawn small in a corner and large in the middle gives nearly the
// same input, and a pressure the device reports everywhere alike (a
// mouse's 0.5, a finger's 1) changes nothing. The bound is digit's
// (TestRenderSameDigitAnySize: what differs is where whole-pixel pointer
// events fall); the distance to another digit shows it is far from what
// tells digits apart.
func TestPenInputIndependentOfSize(t *testing.T) {
	set, err := assets.MNISTSubset()
	if err != nil {
		t.Fatal(err)
	}
	const maxEach = 1.5
	var worst, other float64
	var prev [digit.Pixels]uint8
	const n = 20
	for i := range n {
		ts := trace.Simplify(trace.Trace(set.Test.Images.Image(i), 28, 28), 0.7)
		x0, y0, x1, y1 := trace.Bounds(ts)
		span := max(x1-x0, y1-y0)
		var got [3][digit.Pixels]uint8
		for k, pl := range []struct{ frac, cx, cy, pr float64 }{{0.3, 70, 200, 0.5}, {0.5, 170, 100, 1}, {0.9, 140, 140, 0}} {
			placed, err := trace.Place(ts, pl.frac*padSize/span, pl.cx, pl.cy, 8, 12, padSize)
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range placed {
				for j := range s {
					s[j].X, s[j].Y = math.Round(s[j].X), math.Round(s[j].Y)
				}
			}
			var p pen
			draw(&p, placed, pl.pr)
			if !p.render(&got[k]) {
				t.Fatalf("digit %d at %.1f: nothing rendered", i, pl.frac)
			}
		}
		for a := range got {
			for b := a + 1; b < len(got); b++ {
				if d := l2(&got[a], &got[b]); d > maxEach {
					t.Errorf("digit %d: two sizes give inputs %.3f apart, want <= %.1f", i, d, maxEach)
				} else {
					worst = max(worst, d)
				}
			}
		}
		if i > 0 {
			other += l2(&got[2], &prev)
		}
		prev = got[2]
	}
	other /= n - 1
	t.Logf("worst distance between sizes %.3f; to the next digit %.3f on average", worst, other)
	if other < 4*maxEach {
		t.Errorf("different digits are only %.3f apart, not well above the bound %.1f", other, maxEach)
	}
}

// The pen keeps what a pointer gives and nothing Render would refuse.
func TestPenKeeps(t *testing.T) {
	var p pen
	if p.move(10, 10, 0) {
		t.Error("a move with no stroke under way was kept")
	}
	if !p.start(10, 10, 0.5) || !p.move(20, 10, 0.7) {
		t.Fatal("a stroke's points were not kept")
	}
	if p.move(20, 10, 0.9) {
		t.Error("a move to the same place was kept")
	}
	if p.move(math.NaN(), 10, 0.5) || p.move(digit.MaxCoord+1, 10, 0.5) {
		t.Error("a position Render refuses was kept")
	}
	p.move(-30, 400, 2) // off the pad (a captured pointer) and a pressure beyond 1
	p.end()
	if p.move(50, 50, 0) {
		t.Error("a move after the stroke ended was kept")
	}
	if got := p.strokes[0][len(p.strokes[0])-1]; got.Pressure != 0 || got.X != -30 {
		t.Errorf("the last point is %+v, want (-30, 400) with pressure 0 (none)", got)
	}
	var img [digit.Pixels]uint8
	if !p.render(&img) {
		t.Error("a drawing with a stroke on the pad rendered nothing")
	}
	want, _, _ := digit.Render(p.strokes, padSize, padSize)
	if img != want {
		t.Error("the pen's input is not digit.Render of its strokes")
	}

	p.clear()
	if p.render(&img) || img != ([digit.Pixels]uint8{}) {
		t.Error("a cleared pen rendered ink")
	}
	p.start(300, 300, 0) // a stroke entirely off the pad
	p.move(310, 320, 0)
	p.end()
	if p.render(&img) {
		t.Error("strokes entirely off the pad rendered ink")
	}

	// A drawing as long as Render takes is kept whole, and the points
	// after it are neither kept nor drawn: the input stays that drawing's.
	p.clear()
	p.start(0, 0, 0)
	for i := 1; p.move(float64(i%200+20), float64(i/200+20), 0); i++ {
	}
	if p.points != digit.MaxPoints || !p.full() {
		t.Fatalf("the pen kept %d points, want %d", p.points, digit.MaxPoints)
	}
	if p.start(5, 5, 0) {
		t.Error("a stroke was begun past MaxPoints")
	}
	if !p.render(&img) {
		t.Error("a drawing of MaxPoints points rendered nothing")
	}
}

// Drawing again after a clear reuses the strokes' memory: the pen adds no
// garbage per pointer event, which the page's GC policy counts on.
func TestPenReusesMemory(t *testing.T) {
	var p pen
	stroke := func() {
		for s := range 3 {
			p.start(10, float64(10+s*20), 0)
			for i := range 50 {
				p.move(float64(12+i*3), float64(10+s*20), 0)
			}
			p.end()
		}
	}
	stroke()
	allocs := testing.AllocsPerRun(20, func() {
		p.clear()
		stroke()
	})
	if allocs != 0 {
		t.Errorf("a drawing after a clear allocates %.0f times, want 0", allocs)
	}
}
