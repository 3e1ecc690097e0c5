package digit

import (
	"bytes"
	"errors"
	"math"
	"math/rand/v2"
	"testing"
)

const canvasSide = 280 // the page's drawing canvas

// checkMNISTLike asserts the properties every MNIST digit has (measured on
// the bundled test set, see the package documentation): the centre of mass
// within half a pixel of (Center, Center), since the digit is moved by
// whole pixels, and the ink's bounding box within Box×Box. It returns the
// box's sides.
func checkMNISTLike(t *testing.T, img *[Pixels]uint8) (bw, bh int) {
	t.Helper()
	// 1e-9: the centre of mass is a ratio of sums of at most 784×255×27,
	// exact in float64 up to rounding far below that.
	const tol = 0.5 + 1e-9
	if cx, cy := centerOfMass(img); math.Abs(cx-Center) > tol || math.Abs(cy-Center) > tol {
		t.Errorf("centre of mass (%.3f, %.3f), want within %.1f px of (%d, %d)", cx, cy, 0.5, Center, Center)
	}
	bw, bh = bounds(img)
	if bw > Box || bh > Box {
		t.Errorf("ink spans %d×%d px, want at most %d×%d", bw, bh, Box, Box)
	}
	return bw, bh
}

// TestRoundTrip draws the first 50 MNIST test digits large and off-centre
// on a 280×280 canvas, as a user would, and checks that Normalize brings
// each back to (nearly) the MNIST original: MNIST digits are themselves
// fitted to 20×20 and centred by their centre of mass, so normalising an
// enlarged copy should undo the enlargement.
func TestRoundTrip(t *testing.T) {
	imgs := loadMNIST(t, 50)
	// Similarity is measured with alignedCosine, the best cosine over
	// shifts of at most one pixel: MNIST and Normalize both move a digit by
	// whole pixels, and when its centre of mass falls near a half pixel the
	// two can round opposite ways, the same shape one pixel apart.
	//
	// Bounds: measured over these 50 digits and the cases below, the mean
	// similarity per case is 0.971..0.976 and the worst single digit 0.892
	// (an enlarged digit is blurred twice, by the bilinear enlargement and
	// by the area filter, and its box edges land a fraction of a pixel
	// off). 0.95 and 0.85 leave room for that, while a digit scaled to the
	// wrong size, off by one in its fit, or squashed scores far lower (see
	// TestRoundTripDetectsDistortion).
	const minMean, minEach = 0.95, 0.85
	for _, c := range []struct {
		name   string
		s      float64 // enlargement
		ox, oy int     // top-left corner of the enlarged 28×28 on the canvas
	}{
		{"x8 top-left", 8, 0, 0},
		{"x8 bottom-right", 8, 56, 56},
		{"x8 off-centre", 8, 41, 3},
		{"x10 whole canvas", 10, 0, 0},
		{"x5 right", 5, 140, 70},
		{"x3 small corner", 3, 190, 196},
		{"x11 cropped margins", 11, -19, -17},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sum float64
			worst, worstAt := 1.0, -1
			for i := range imgs {
				canvas := upscale(&imgs[i], canvasSide, canvasSide, c.s, c.s, c.ox, c.oy)
				before := bytes.Clone(canvas)
				got, ok, err := Normalize(canvas, canvasSide, canvasSide)
				if err != nil || !ok {
					t.Fatalf("digit %d: Normalize returned ok=%v, err=%v, want ok", i, ok, err)
				}
				if !bytes.Equal(canvas, before) {
					t.Fatalf("digit %d: Normalize modified its input", i)
				}
				bw, bh := checkMNISTLike(t, &got)
				if max(bw, bh) != Box {
					t.Errorf("digit %d: ink spans %d×%d px, want the longer side %d like MNIST's", i, bw, bh, Box)
				}
				cs := alignedCosine(&imgs[i], &got)
				sum += cs
				if cs < worst {
					worst, worstAt = cs, i
				}
				if cs < minEach {
					t.Errorf("digit %d: similarity %.3f, want >= %.2f\noriginal:\n%s\nnormalised:\n%s", i, cs, minEach, ascii(&imgs[i]), ascii(&got))
				}
			}
			mean := sum / float64(len(imgs))
			t.Logf("similarity mean %.4f, worst %.4f (digit %d)", mean, worst, worstAt)
			if mean < minMean {
				t.Errorf("mean similarity %.4f, want >= %.2f", mean, minMean)
			}
		})
	}
}

// TestRoundTripAspect draws MNIST digits stretched unevenly (wider or
// taller than drawn) and checks that Normalize keeps the drawing's aspect
// ratio rather than restoring the original's: the output's ink box must be
// the stretched ink box fitted to 20 px on its longer side.
func TestRoundTripAspect(t *testing.T) {
	imgs := loadMNIST(t, 50)
	for _, c := range []struct {
		name   string
		sx, sy float64
		ox, oy int
	}{
		{"x6 wide x9 tall", 6, 9, 100, 10},
		{"x9 wide x6 tall", 9, 6, 10, 100},
		{"x7 wide x11 tall cropped", 7, 11, 20, -20},
	} {
		t.Run(c.name, func(t *testing.T) {
			var dev, sum float64
			for i := range imgs {
				canvas := upscale(&imgs[i], canvasSide, canvasSide, c.sx, c.sy, c.ox, c.oy)
				got, ok, err := Normalize(canvas, canvasSide, canvasSide)
				if err != nil || !ok {
					t.Fatalf("digit %d: Normalize returned ok=%v, err=%v, want ok", i, ok, err)
				}
				bw, bh := checkMNISTLike(t, &got)
				// The expected box is the canvas's own ink box fitted to
				// Box. Its shorter side is rounded to whole pixels, so the
				// output may differ by up to half a pixel (measured: at most
				// 0.49); a distorted fit is off by several.
				cw, ch := inkBox(canvas, canvasSide, canvasSide)
				long := float64(max(cw, ch))
				ew, eh := float64(cw)*Box/long, float64(ch)*Box/long
				if math.Abs(float64(bw)-ew) > 0.5 || math.Abs(float64(bh)-eh) > 0.5 {
					t.Errorf("digit %d: ink spans %d×%d px, want %.1f×%.1f (canvas ink %d×%d)", i, bw, bh, ew, eh, cw, ch)
				}
				dev = max(dev, math.Abs(float64(bw)-ew), math.Abs(float64(bh)-eh))
				sum += alignedCosine(&imgs[i], &got)
			}
			// The similarity is not a bound: a digit stretched 3:2 is a
			// different image, and its similarity to the original says
			// only how much.
			t.Logf("box off by at most %.3f px; similarity to the unstretched original: mean %.3f",
				dev, sum/float64(len(imgs)))
		})
	}
}

// TestRoundTripDetectsDistortion shows that the round-trip bounds bite: a
// normalisation that fits the digit to 16 px instead of 20, or squashes it
// vertically, scores below them.
func TestRoundTripDetectsDistortion(t *testing.T) {
	imgs := loadMNIST(t, 50)
	for _, c := range []struct {
		name   string
		sx, sy float64 // applied to the 28×28 normalised image
	}{
		{"fitted to 16 px", 0.8, 0.8},
		{"squashed to 15 px tall", 1, 0.75},
	} {
		t.Run(c.name, func(t *testing.T) {
			var sum float64
			for i := range imgs {
				canvas := upscale(&imgs[i], canvasSide, canvasSide, 8, 8, 20, 20)
				good, _, _ := Normalize(canvas, canvasSide, canvasSide)
				// Shrink about the centre and re-round to uint8.
				bad := upscale(&good, Size, Size, c.sx, c.sy,
					int(math.Round(Size*(1-c.sx)/2)), int(math.Round(Size*(1-c.sy)/2)))
				sum += alignedCosine(&imgs[i], (*[Pixels]uint8)(bad))
			}
			mean := sum / float64(len(imgs))
			t.Logf("similarity mean %.4f", mean)
			if mean >= 0.95 {
				t.Errorf("distorted digits score %.4f on average, want below TestRoundTrip's 0.95", mean)
			}
		})
	}
}

// TestDrawnDigits checks MNIST's centring and fit on digits drawn the way
// the page draws them: anti-aliased strokes 20 px wide on a 280×280
// canvas, placed anywhere.
func TestDrawnDigits(t *testing.T) {
	for _, c := range []struct {
		name string
		pts  []float64 // the stroke's polyline
	}{
		{"one", []float64{150, 40, 140, 240}},
		{"seven", []float64{60, 50, 220, 50, 120, 250}},
		{"four", []float64{170, 250, 170, 30, 40, 180, 230, 180}},
		{"zero", circle(140, 140, 70, 100, 32)},
		{"small two in a corner", []float64{10, 20, 40, 5, 70, 20, 10, 90, 80, 90}},
		{"L, mass far from the box centre", []float64{40, 30, 40, 250, 250, 250}},
	} {
		t.Run(c.name, func(t *testing.T) {
			canvas := make([]uint8, canvasSide*canvasSide)
			stroke(canvas, canvasSide, canvasSide, 20, c.pts...)
			got, ok, err := Normalize(canvas, canvasSide, canvasSide)
			if err != nil || !ok {
				t.Fatalf("Normalize returned ok=%v, err=%v, want ok", ok, err)
			}
			bw, bh := checkMNISTLike(t, &got)
			if max(bw, bh) != Box {
				t.Errorf("ink spans %d×%d px, want the longer side %d", bw, bh, Box)
			}
			if p := peak(&got); p != 255 {
				t.Errorf("brightest pixel %d, want 255", p)
			}
			if t.Failed() {
				t.Logf("normalised:\n%s", ascii(&got))
			}
		})
	}
}

// circle returns the polyline of an ellipse with n segments.
func circle(cx, cy, rx, ry float64, n int) []float64 {
	var pts []float64
	for i := range n + 1 {
		a := 2 * math.Pi * float64(i) / float64(n)
		pts = append(pts, cx+rx*math.Cos(a), cy+ry*math.Sin(a))
	}
	return pts
}

// TestStrokeWidth checks that a pen 20 px wide on the 280-px canvas comes
// out 2-3 px wide, as MNIST's strokes are, for a digit drawn large.
func TestStrokeWidth(t *testing.T) {
	canvas := make([]uint8, canvasSide*canvasSide)
	stroke(canvas, canvasSide, canvasSide, 20, 40, 40, 40, 240, 240, 240) // an L
	got, _, _ := Normalize(canvas, canvasSide, canvasSide)
	// The vertical bar's width: ink pixels across the middle row.
	n := 0
	for x := range Size {
		if got[Center*Size+x] > InkThreshold {
			n++
		}
	}
	if n < 2 || n > 3 {
		t.Errorf("a 20-px stroke is %d px wide after normalising, want 2..3\n%s", n, ascii(&got))
	}
}

// TestLopsided checks the one case where the centre of mass cannot be
// centred: nearly all the mass at one end of a long box. The digit must
// then stay whole inside the field, as close to centred as that allows.
func TestLopsided(t *testing.T) {
	const w, h = 200, 20
	canvas := make([]uint8, w*h)
	for y := range h {
		for x := w - 10; x < w; x++ {
			canvas[y*w+x] = 255 // a solid block at the right end
		}
	}
	canvas[h/2*w] = 255 // and a single pixel at the far left
	got, ok, err := Normalize(canvas, w, h)
	if err != nil || !ok {
		t.Fatalf("Normalize returned ok=%v, err=%v, want ok", ok, err)
	}
	// The 200-px box becomes 20 px, the block 1 px wide at its right end,
	// so the centre of mass is at x ≈ 19 of the box. Moving it to 14 would
	// push the box's left end to x = -5, so the box stays at x = 0: the
	// lone pixel's faint trace in column 0, the block in column 19.
	if bw, _ := bounds(&got); bw != Box {
		t.Errorf("ink spans %d px, want %d", bw, Box)
	}
	var left, block int
	for y := range Size {
		left += int(got[y*Size])
		block += int(got[y*Size+Box-1])
	}
	if left == 0 || block == 0 {
		t.Errorf("column 0 holds %d, column %d holds %d, want ink in both\n%s", left, Box-1, block, ascii(&got))
	}
}

// TestEmpty checks that blank and nearly blank canvases are not digits.
func TestEmpty(t *testing.T) {
	faint := make([]uint8, canvasSide*canvasSide)
	for i := range faint {
		faint[i] = uint8(i*7919) % (InkThreshold + 1) // noise up to the threshold
	}
	for _, c := range []struct {
		name string
		gray []uint8
		w, h int
	}{
		{"blank 280×280", make([]uint8, canvasSide*canvasSide), canvasSide, canvasSide},
		{"blank 1×1", []uint8{0}, 1, 1},
		{"all at the threshold", bytes.Repeat([]uint8{InkThreshold}, 100*50), 100, 50},
		{"faint noise", faint, canvasSide, canvasSide},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := Normalize(c.gray, c.w, c.h)
			if err != nil || ok {
				t.Errorf("Normalize returned ok=%v, err=%v, want ok=false and no error", ok, err)
			}
			if got != ([Pixels]uint8{}) {
				t.Errorf("image is not blank:\n%s", ascii(&got))
			}
		})
	}
}

// TestEdgeCases checks unusual but valid drawings: each must come out as
// an MNIST-like image of the given ink box, grey levels reaching 255.
func TestEdgeCases(t *testing.T) {
	const s = canvasSide
	canvas := func(draw func(c []uint8)) []uint8 {
		c := make([]uint8, s*s)
		draw(c)
		return c
	}
	for _, c := range []struct {
		name   string
		gray   []uint8
		w, h   int
		bw, bh int // the output's ink box
	}{
		// A lone pixel is fitted like any ink: it fills the 20×20 box.
		{"single pixel", canvas(func(c []uint8) { c[100*s+37] = 255 }), s, s, Box, Box},
		{"single pen dot", canvas(func(c []uint8) { stroke(c, s, s, 20, 200, 60) }), s, s, Box, Box},
		{"1×1 canvas", []uint8{255}, 1, 1, Box, Box},
		{"full canvas", bytes.Repeat([]uint8{255}, s*s), s, s, Box, Box},
		{"1-px vertical line", canvas(func(c []uint8) {
			for y := 20; y < 260; y++ {
				c[y*s+140] = 255
			}
		}), s, s, 1, Box},
		// A long thin stroke keeps its proportions: 280:1 becomes 20:1.
		{"1-px horizontal line, full width", canvas(func(c []uint8) {
			for x := range s {
				c[7*s+x] = 200
			}
		}), s, s, Box, 1},
		// A 20-px pen drawn 240 px across (260×20 with the round caps)
		// becomes 20×round(20·20/260) = 20×2, not a 20×20 smear.
		{"horizontal pen stroke", canvas(func(c []uint8) { stroke(c, s, s, 20, 30, 200, 250, 200) }), s, s, Box, 2},
		{"vertical pen stroke", canvas(func(c []uint8) { stroke(c, s, s, 20, 140, 30, 140, 250) }), s, s, 2, Box},
		{"wide canvas", func() []uint8 {
			c := make([]uint8, 600*100)
			stroke(c, 600, 100, 10, 20, 50, 580, 50)
			return c
		}(), 600, 100, Box, 1},
		{"largest canvas", func() []uint8 {
			c := make([]uint8, MaxSide*MaxSide)
			stroke(c, MaxSide, MaxSide, 300, 2000, 500, 2000, 3500)
			return c
		}(), MaxSide, MaxSide, 2, Box},
	} {
		t.Run(c.name, func(t *testing.T) {
			before := bytes.Clone(c.gray)
			got, ok, err := Normalize(c.gray, c.w, c.h)
			if err != nil || !ok {
				t.Fatalf("Normalize returned ok=%v, err=%v, want ok", ok, err)
			}
			if !bytes.Equal(c.gray, before) {
				t.Errorf("Normalize modified its input")
			}
			if bw, bh := checkMNISTLike(t, &got); bw != c.bw || bh != c.bh {
				t.Errorf("ink spans %d×%d px, want %d×%d\n%s", bw, bh, c.bw, c.bh, ascii(&got))
			}
			if p := peak(&got); p != 255 {
				t.Errorf("brightest pixel %d, want 255", p)
			}
		})
	}
}

// TestBadSize checks that malformed canvases give an error wrapping ErrSize
// and a blank image, without panicking.
func TestBadSize(t *testing.T) {
	for _, c := range []struct {
		name string
		gray []uint8
		w, h int
	}{
		{"zero width", nil, 0, 10},
		{"zero height", nil, 10, 0},
		{"negative", make([]uint8, 4), -2, -2},
		{"too wide", make([]uint8, MaxSide+1), MaxSide + 1, 1},
		{"too tall", make([]uint8, MaxSide+1), 1, MaxSide + 1},
		{"w*h overflows to 0", nil, 1 << 32, 1 << 32},
		{"short buffer", make([]uint8, 99), 10, 10},
		{"long buffer", make([]uint8, 101), 10, 10},
		{"nil buffer", nil, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, ok, err := Normalize(c.gray, c.w, c.h)
			if !errors.Is(err, ErrSize) || ok {
				t.Errorf("Normalize returned ok=%v, err=%v, want an error wrapping ErrSize", ok, err)
			}
			if got != ([Pixels]uint8{}) {
				t.Errorf("image is not blank")
			}
		})
	}
	if _, err := NormalizeInto(nil, []uint8{255}, 1, 1); err == nil {
		t.Errorf("NormalizeInto(nil, ...) returned no error")
	}
}

// TestNormalizeIntoOverwrites checks that NormalizeInto clears what dst
// held before, for a digit and for a blank canvas.
func TestNormalizeIntoOverwrites(t *testing.T) {
	canvas := make([]uint8, canvasSide*canvasSide)
	stroke(canvas, canvasSide, canvasSide, 20, 140, 30, 140, 250)
	want, _, _ := Normalize(canvas, canvasSide, canvasSide)
	var dst [Pixels]uint8
	for i := range dst {
		dst[i] = 99
	}
	if ok, err := NormalizeInto(&dst, canvas, canvasSide, canvasSide); !ok || err != nil || dst != want {
		t.Errorf("NormalizeInto over a dirty dst returned ok=%v, err=%v, and an image differing from Normalize's", ok, err)
	}
	if ok, err := NormalizeInto(&dst, make([]uint8, 4), 2, 2); ok || err != nil || dst != ([Pixels]uint8{}) {
		t.Errorf("NormalizeInto of a blank canvas returned ok=%v, err=%v and left ink in dst", ok, err)
	}
}

func TestNormalizeAllocs(t *testing.T) {
	canvas := make([]uint8, canvasSide*canvasSide)
	stroke(canvas, canvasSide, canvasSide, 20, 60, 50, 220, 50, 120, 250)
	if n := testing.AllocsPerRun(20, func() { _, _, _ = Normalize(canvas, canvasSide, canvasSide) }); n != 0 {
		t.Errorf("Normalize allocates %v times per call, want 0", n)
	}
}

func TestToFloat(t *testing.T) {
	var img [Pixels]uint8
	img[0], img[1], img[783] = 255, 51, 128
	x := ToFloat(img)
	// 1e-15: one rounding of a division by 255 in float64.
	const tol = 1e-15
	for i, want := range map[int]float64{0: 1, 1: 0.2, 2: 0, 783: 128.0 / 255} {
		if math.Abs(x[i]-want) > tol {
			t.Errorf("ToFloat(img)[%d] = %v, want %v", i, x[i], want)
		}
	}
}

// TestInkBounds checks the eight-pixels-at-a-time row scans against a
// plain loop, for every row length up to 41 (the word loop, the tail and
// both) and grey levels around the threshold.
func TestInkBounds(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	levels := []uint8{0, 1, InkThreshold - 1, InkThreshold, InkThreshold + 1, 127, 128, 129, 200, 255}
	for w := 1; w <= 41; w++ {
		for range 200 {
			h := 1 + rng.IntN(4)
			gray := make([]uint8, w*h)
			for i := range gray {
				if rng.IntN(6) == 0 {
					gray[i] = levels[rng.IntN(len(levels))]
				} else {
					gray[i] = uint8(rng.IntN(InkThreshold + 1)) // not ink
				}
			}
			x0, y0, x1, y1, found := inkBounds(gray, w, h)
			wx0, wy0, wx1, wy1, wfound := w, h, 0, 0, false
			for i, v := range gray {
				if v > InkThreshold {
					x, y := i%w, i/w
					wx0, wy0, wx1, wy1, wfound = min(wx0, x), min(wy0, y), max(wx1, x+1), max(wy1, y+1), true
				}
			}
			if found != wfound || found && (x0 != wx0 || y0 != wy0 || x1 != wx1 || y1 != wy1) {
				t.Fatalf("%d×%d %v: inkBounds = [%d,%d)×[%d,%d) %v, want [%d,%d)×[%d,%d) %v",
					w, h, gray, x0, x1, y0, y1, found, wx0, wx1, wy0, wy1, wfound)
			}
		}
	}
}
