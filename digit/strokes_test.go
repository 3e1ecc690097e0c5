package digit

import (
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/backprop-lab/backprop-lab/internal/trace"
)

// onPad places traced strokes on the 280-px pad with their longer side
// frac of the pad, centred near (cx, cy), with a pointer event at least
// every 6 pad pixels and every coordinate rounded to a whole pad pixel, as
// a mouse reports them.
func onPad(t testing.TB, ts []trace.Stroke, frac, cx, cy float64) []trace.Stroke {
	t.Helper()
	x0, y0, x1, y1 := trace.Bounds(ts)
	p, err := trace.Place(ts, frac*canvasSide/max(x1-x0, y1-y0), cx, cy, 6, 14, canvasSide)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRenderSameDigitAnySize draws each of the first 100 bundled test
// digits at 0.3, 0.5 and 0.9 of the pad, in different places, and checks
// that Render gives nearly the same input for all three. The pad's pen
// does not reach Render at all: the strokes are the pen's centre lines,
// the same whatever width the pad paints them, so the pen widths 8 to 40
// px change only the old pipeline's input (the strokes painted on the
// 280-px canvas, then Normalize), measured alongside on the first 20
// digits to show what Render removes.
//
// The bounds are L2 distances of the inputs as the net sees them (grey
// levels over 255): at most 0.6 on average and 1.5 for any pair. What
// still differs between the three drawings is where the pointer events
// fall, on whole pad pixels, which on the small drawing is a quarter of
// an output pixel. The bounds are checked to be far from what matters to
// the net: under a quarter of the distance of the same input moved by one
// pixel, and of the old pipeline's mean distance.
func TestRenderSameDigitAnySize(t *testing.T) {
	const maxMean, maxEach = 0.6, 1.5
	const oldDigits = 20 // painting 280×280 canvases is slow under js/wasm
	imgs := loadMNIST(t, 100)
	places := []struct{ frac, cx, cy float64 }{{0.3, 80, 200}, {0.5, 170, 90}, {0.9, 140, 140}}
	pens := []float64{8, 14, 20, 30, 40}
	var sum, worst, oldSum, oldWorst, shifted, other float64
	var n, oldN int
	for i := range imgs {
		ts := traced(&imgs[i])
		var got, old [][Pixels]uint8
		for _, pl := range places {
			d := onPad(t, ts, pl.frac, pl.cx, pl.cy)
			img, ok, err := Render(strokes(d, 1), canvasSide, canvasSide)
			if !ok || err != nil {
				t.Fatalf("digit %d at %.1f: ok=%v err=%v", i, pl.frac, ok, err)
			}
			got = append(got, img)
			for _, pen := range pens {
				if i >= oldDigits {
					break
				}
				o, _, _ := Normalize(trace.Paint(d, canvasSide, canvasSide, pen), canvasSide, canvasSide)
				old = append(old, o)
			}
		}
		for a := range got {
			for b := a + 1; b < len(got); b++ {
				d := l2(&got[a], &got[b])
				sum += d
				n++
				if d > worst {
					worst = d
				}
				if d > maxEach {
					t.Errorf("digit %d: drawn at %.1f and %.1f of the pad the inputs are %.3f apart, want <= %.1f\n%s\n%s",
						i, places[a].frac, places[b].frac, d, maxEach, ascii(&got[a]), ascii(&got[b]))
				}
			}
		}
		for a := range old {
			for b := a + 1; b < len(old); b++ {
				d := l2(&old[a], &old[b])
				oldSum += d
				oldN++
				oldWorst = max(oldWorst, d)
			}
		}
		var moved [Pixels]uint8
		copy(moved[1:], got[2][:])
		shifted += l2(&got[2], &moved)
		next := traced(&imgs[(i+1)%len(imgs)])
		o, _, _ := Render(strokes(next, 0), Size, Size)
		other += l2(&got[2], &o)
	}
	mean := sum / float64(n)
	t.Logf("Render: distance mean %.3f, worst %.3f; old pipeline (pens %v): mean %.3f, worst %.3f; moved one pixel: %.3f; another digit: %.3f",
		mean, worst, pens, oldSum/float64(oldN), oldWorst, shifted/float64(len(imgs)), other/float64(len(imgs)))
	if mean > maxMean {
		t.Errorf("mean distance %.3f, want <= %.1f", mean, maxMean)
	}
	if oldSum/float64(oldN) < 4*maxMean {
		t.Errorf("the old pipeline's mean distance %.3f is not well above the bound %.1f: the test does not show a difference", oldSum/float64(oldN), maxMean)
	}
	if s := shifted / float64(len(imgs)); s < 4*maxMean {
		t.Errorf("moved by one pixel the inputs are %.3f apart, not well above the bound %.1f", s, maxMean)
	}
}

// TestRenderRetracedMNIST re-traces MNIST digits from their skeletons and
// checks that Render draws them back close to the originals, and as MNIST
// digits are laid out.
//
// The bound is a mean absolute error of 18 grey levels per pixel (of 255),
// over the first 500 bundled test digits. It cannot be near 0: most of the
// error is the pen, since MNIST's writers' strokes vary in width (see
// StrokeWidth) and Render draws them all alike; the rest is the skeleton,
// which cuts corners. The test checks that the error is below half of that
// against the next digit, and below that of the same strokes through the
// old pipeline (drawn at 0.9 of the pad, the size where its 20-px pen is
// nearly MNIST's, then Normalize).
func TestRenderRetracedMNIST(t *testing.T) {
	const maxMAE = 18
	imgs := loadMNIST(t, 500)
	var sum, old, other, worstCoM float64
	for i := range imgs {
		ts := traced(&imgs[i])
		got, ok, err := Render(strokes(ts, 0), Size, Size)
		if !ok || err != nil {
			t.Fatalf("digit %d: ok=%v err=%v", i, ok, err)
		}
		sum += mae(&got, &imgs[i])
		other += mae(&got, &imgs[(i+1)%len(imgs)])
		o, _, _ := Normalize(trace.Paint(onPad(t, ts, 0.9, 140, 140), canvasSide, canvasSide, 20), canvasSide, canvasSide)
		old += mae(&o, &imgs[i])

		// MNIST's layout (see checkMNISTLike), with Render's placement to
		// a fraction of a pixel, not whole pixels.
		cx, cy := centerOfMass(&got)
		worstCoM = max(worstCoM, math.Abs(cx-Center), math.Abs(cy-Center))
		if math.Abs(cx-Center) > 0.25 || math.Abs(cy-Center) > 0.25 {
			t.Errorf("digit %d: centre of mass (%.3f, %.3f), want within 0.25 px of (%d, %d)", i, cx, cy, Center, Center)
		}
		// The ink's longer side is Box output pixels long; placed to a
		// fraction of a pixel, it can touch Box+1 of them.
		if bw, bh := bounds(&got); max(bw, bh) < Box || max(bw, bh) > Box+1 {
			t.Errorf("digit %d: ink spans %d×%d px, want the longer side %d or %d", i, bw, bh, Box, Box+1)
		}
		if p := peak(&got); p != 255 {
			t.Errorf("digit %d: brightest pixel %d, want 255", i, p)
		}
	}
	n := float64(len(imgs))
	t.Logf("mean absolute error %.2f grey levels (old pipeline %.2f, another digit %.2f); centre of mass at most %.3f px off",
		sum/n, old/n, other/n, worstCoM)
	if sum/n > maxMAE {
		t.Errorf("mean absolute error %.2f, want <= %d", sum/n, maxMAE)
	}
	if sum > other/2 || sum > old {
		t.Errorf("mean absolute error %.2f is not below half of another digit's %.2f and below the old pipeline's %.2f", sum/n, other/n, old/n)
	}
}

// inkAcross returns the ink (grey levels over 255) summed across row y, or
// down column x if y < 0.
func inkAcross(img *[Pixels]uint8, x, y int) float64 {
	var s float64
	for k := range Size {
		if y >= 0 {
			s += float64(img[y*Size+k]) / 255
		} else {
			s += float64(img[k*Size+x]) / 255
		}
	}
	return s
}

// TestRenderShapes checks the fit on simple drawings: the pen is
// StrokeWidth wide whatever the drawing's size and aspect, and the ink's
// longer side fills the box.
func TestRenderShapes(t *testing.T) {
	for _, c := range []struct {
		name   string
		s      []Stroke
		row    int // a row (or, if negative, a column -row) crossed by one stroke
		bw, bh int // the ink box in whole pixels touched, 0 for either of Box, Box+1
	}{
		{"vertical line", []Stroke{{{X: 140, Y: 40}, {X: 140, Y: 240}}}, Center, 3, 0},
		{"small vertical line", []Stroke{{{X: 20, Y: 20}, {X: 20, Y: 60}}}, Center, 3, 0},
		{"horizontal line", []Stroke{{{X: 30, Y: 100}, {X: 250, Y: 100}}}, -Center, 0, 3},
		{"L", []Stroke{{{X: 40, Y: 30}, {X: 40, Y: 250}, {X: 250, Y: 250}}}, 8, 0, 0},
		{"wide box", []Stroke{{{X: 20, Y: 100}, {X: 260, Y: 100}, {X: 260, Y: 220}, {X: 20, Y: 220}, {X: 20, Y: 100}}}, -Center, 0, 12},
	} {
		t.Run(c.name, func(t *testing.T) {
			img, ok, err := Render(c.s, canvasSide, canvasSide)
			if !ok || err != nil {
				t.Fatalf("ok=%v err=%v", ok, err)
			}
			var across float64
			if c.row >= 0 {
				across = inkAcross(&img, 0, c.row)
			} else {
				across = inkAcross(&img, -c.row, -1)
			}
			// 0.02: grey levels are rounded to 1/255 on each of the 3
			// or 4 pixels across, and the pen covers a pixel to the
			// box filter's approximation of a round pen, exact across a
			// straight line.
			if c.name != "wide box" && math.Abs(across-StrokeWidth) > 0.02 {
				t.Errorf("the line's ink across is %.3f px, want StrokeWidth %v\n%s", across, StrokeWidth, ascii(&img))
			}
			if c.name == "wide box" && math.Abs(across-2*StrokeWidth) > 0.04 {
				t.Errorf("the box's two sides hold %.3f px of ink across, want 2·StrokeWidth\n%s", across, ascii(&img))
			}
			bw, bh := bounds(&img)
			if want := func(got, w int) bool { return w == 0 && (got == Box || got == Box+1) || got == w || got == w+1 }; !want(bw, c.bw) || !want(bh, c.bh) {
				t.Errorf("ink spans %d×%d px, want %d×%d (0: Box or Box+1, else that or one more)\n%s", bw, bh, c.bw, c.bh, ascii(&img))
			}
		})
	}
}

// TestRenderSmallDrawings checks MinExtent: a tap is a dot of the pen's
// width at the centre, a drawing shorter than MinExtent of the pad is
// scaled as if it were that long, and one that long fills the box.
func TestRenderSmallDrawings(t *testing.T) {
	dot, ok, err := Render([]Stroke{{{X: 100, Y: 100}}}, canvasSide, canvasSide)
	if !ok || err != nil {
		t.Fatalf("a tap: ok=%v err=%v", ok, err)
	}
	// The dot's ink is the pen's disc; 0.5 because the coverage from the
	// distance to the centre, exact across a straight edge, overestimates
	// a disc a few pixels across.
	var ink float64
	for _, v := range dot {
		ink += float64(v) / 255
	}
	if disc := math.Pi * StrokeWidth * StrokeWidth / 4; math.Abs(ink-disc) > 0.5 {
		t.Errorf("a tap has %.2f px of ink, want the pen's disc %.2f\n%s", ink, disc, ascii(&dot))
	}
	if cx, cy := centerOfMass(&dot); math.Abs(cx-Center) > 0.05 || math.Abs(cy-Center) > 0.05 {
		t.Errorf("a tap's centre of mass is (%.3f, %.3f), want (%d, %d)", cx, cy, Center, Center)
	}
	same, _, _ := Render([]Stroke{{{X: 10, Y: 250}, {X: 10, Y: 250}}}, canvasSide, canvasSide)
	if same != dot {
		t.Error("a stroke of two equal points differs from a one-point stroke elsewhere on the pad")
	}
	// Below MinExtent the scale stays that of a line MinExtent long, so
	// the ink spans s·length + StrokeWidth output pixels; it touches one
	// or two pixels more, placed to a fraction of a pixel, and the pen's
	// fringe may stay below a grey level at either end.
	full := MinExtent * canvasSide
	s := (Box - StrokeWidth) / full
	for _, length := range []float64{0, full / 5, full / 2, full, 2 * full} {
		img, _, _ := Render([]Stroke{{{X: 50, Y: 50}, {X: 50, Y: 50 + length}}}, canvasSide, canvasSide)
		want := min(Box, s*length+StrokeWidth)
		if _, bh := bounds(&img); float64(bh) < want-1 || float64(bh) > want+2 {
			t.Errorf("a %.2f-px line spans %d px, want %.1f to %.1f\n%s", length, bh, want-1, want+2, ascii(&img))
		}
	}
}

// TestRenderPressure checks that pressure is relative to the drawing's
// mean and bounded by PressureSpan.
func TestRenderPressure(t *testing.T) {
	line := func(p0, p1 float64) []Stroke {
		var s Stroke
		for x := 30.0; x <= 250; x += 10 {
			p := p0
			if x > 140 {
				p = p1
			}
			s = append(s, Point{X: x, Y: 140, Pressure: p})
		}
		return []Stroke{s}
	}
	plain, _, _ := Render(line(0, 0), canvasSide, canvasSide)
	for _, p := range []float64{0.05, 0.5, 1} {
		if img, _, _ := Render(line(p, p), canvasSide, canvasSide); img != plain {
			t.Errorf("a line drawn all at pressure %v differs from one without pressure", p)
		}
	}
	// Left half light, right half heavy: 0.3 and 0.7 around a mean of
	// 0.5 are a pen 20 % narrower and wider; 0 and 1 would be 50 %, held
	// to PressureSpan.
	for _, c := range []struct {
		p0, p1, f float64
	}{{0.3, 0.7, 0.2}, {0.01, 1, PressureSpan}} {
		img, _, _ := Render(line(c.p0, c.p1), canvasSide, canvasSide)
		left, right := inkAcross(&img, 6, -1), inkAcross(&img, 21, -1)
		// 0.03: rounding over 3 or 4 pixels, and the pen's width varies
		// along the segment that joins the halves, away from these
		// columns.
		if math.Abs(left-StrokeWidth*(1-c.f)) > 0.03 || math.Abs(right-StrokeWidth*(1+c.f)) > 0.03 {
			t.Errorf("pressure %v then %v: ink across %.3f and %.3f px, want %.3f and %.3f\n%s",
				c.p0, c.p1, left, right, StrokeWidth*(1-c.f), StrokeWidth*(1+c.f), ascii(&img))
		}
		if bw, _ := bounds(&img); bw < Box || bw > Box+1 {
			t.Errorf("pressure %v then %v: ink spans %d px, want %d or %d", c.p0, c.p1, bw, Box, Box+1)
		}
	}
}

// TestRenderClips checks that points outside the pad are cut away with
// the parts of strokes that run there, as the canvas cuts them.
func TestRenderClips(t *testing.T) {
	out, _, _ := Render([]Stroke{{{X: 100, Y: 60}, {X: 100, Y: 200}, {X: 100, Y: 400}}, {{X: -50, Y: -50}},
		{{X: -MaxCoord, Y: -MaxCoord}, {X: MaxCoord, Y: -MaxCoord}}}, canvasSide, canvasSide)
	in, _, _ := Render([]Stroke{{{X: 100, Y: 60}, {X: 100, Y: 200}, {X: 100, Y: 280}}}, canvasSide, canvasSide)
	if out != in {
		t.Errorf("a stroke leaving the pad differs from the same stroke cut at the pad's edge\n%s\n%s", ascii(&out), ascii(&in))
	}
}

func TestRenderEmpty(t *testing.T) {
	for _, c := range []struct {
		name string
		s    []Stroke
	}{
		{"nil", nil},
		{"no strokes", []Stroke{}},
		{"empty strokes", []Stroke{{}, {}}},
		{"outside the pad", []Stroke{{{X: -5, Y: 10}}, {{X: 300, Y: 10}, {X: 400, Y: 20}}, {{X: 10, Y: -1}, {X: 20, Y: -30}}}},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := [Pixels]uint8{1, 2, 3}
			ok, err := RenderInto(&dst, c.s, canvasSide, canvasSide)
			if ok || err != nil || dst != ([Pixels]uint8{}) {
				t.Errorf("ok=%v err=%v, blank %v; want false, nil, blank", ok, err, dst == [Pixels]uint8{})
			}
		})
	}
}

func TestRenderErrors(t *testing.T) {
	dot := []Stroke{{{X: 1, Y: 1}}}
	many := []Stroke{make(Stroke, MaxPoints/2), make(Stroke, MaxPoints/2+1)}
	for _, c := range []struct {
		name string
		s    []Stroke
		w, h float64
		kind error
	}{
		{"NaN x", []Stroke{{{X: 1, Y: 1}}, {{X: 2, Y: 2}, {X: math.NaN(), Y: 3}}}, 280, 280, ErrStroke},
		{"Inf y", []Stroke{{{X: 1, Y: math.Inf(-1)}}}, 280, 280, ErrStroke},
		{"Inf x far outside", []Stroke{{{X: math.Inf(1), Y: 1}}}, 280, 280, ErrStroke},
		{"beyond MaxCoord", []Stroke{{{X: 1, Y: 1}, {X: 1, Y: -MaxCoord - 1}}}, 280, 280, ErrStroke},
		{"negative pressure", []Stroke{{{X: 1, Y: 1, Pressure: -0.1}}}, 280, 280, ErrStroke},
		{"pressure above 1", []Stroke{{{X: 1, Y: 1, Pressure: 1.5}}}, 280, 280, ErrStroke},
		{"NaN pressure", []Stroke{{{X: 1, Y: 1, Pressure: math.NaN()}}}, 280, 280, ErrStroke},
		{"too many points", many, 280, 280, ErrStroke},
		{"zero pad", dot, 0, 280, ErrSize},
		{"pad below a pixel", dot, 280, 0.5, ErrSize},
		{"negative pad", dot, 280, -1, ErrSize},
		{"NaN pad", dot, math.NaN(), 280, ErrSize},
		{"Inf pad", dot, 280, math.Inf(1), ErrSize},
		{"pad too large", dot, MaxSide + 1, 280, ErrSize},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := [Pixels]uint8{9}
			ok, err := RenderInto(&dst, c.s, c.w, c.h)
			if ok || !errors.Is(err, c.kind) || dst != ([Pixels]uint8{}) {
				t.Errorf("ok=%v err=%v, blank %v; want an error wrapping %v and a blank image", ok, err, dst == [Pixels]uint8{}, c.kind)
			}
		})
	}
	if _, err := RenderInto(nil, dot, 280, 280); err == nil {
		t.Error("RenderInto(nil, ...) returned no error")
	}
	at := make([]Stroke, 1)
	at[0] = make(Stroke, MaxPoints)
	if _, _, err := Render(at, 280, 280); err != nil {
		t.Errorf("MaxPoints points: %v, want no error", err)
	}
}

func TestRenderDoesNotModifyOrAllocate(t *testing.T) {
	imgs := loadMNIST(t, 1)
	s := strokes(onPad(t, traced(&imgs[0]), 0.6, 140, 140), 0)
	for i := range s {
		for j := range s[i] {
			s[i][j].Pressure = 0.3 + 0.4*float64(j%3)/2
		}
	}
	before := make([]Stroke, len(s))
	for i := range s {
		before[i] = slices.Clone(s[i])
	}
	var dst [Pixels]uint8
	if n := testing.AllocsPerRun(20, func() { _, _ = RenderInto(&dst, s, canvasSide, canvasSide) }); n != 0 {
		t.Errorf("RenderInto allocates %v times per call, want 0", n)
	}
	for i := range s {
		if !slices.Equal(s[i], before[i]) {
			t.Fatal("Render modified its strokes")
		}
	}
}
