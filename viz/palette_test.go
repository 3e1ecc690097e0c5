package viz

import (
	"math"
	"testing"
)

var (
	centre   = RGB{0xf7, 0xf7, 0xf7}
	fullNeg  = RGB{0x67, 0x00, 0x1f}
	fullPos  = RGB{0x05, 0x30, 0x61}
	seqZero  = RGB{0xf7, 0xfb, 0xff}
	seqFull  = RGB{0x08, 0x30, 0x6b}
	infinity = math.Inf(1)
)

func TestDivergingFixedPoints(t *testing.T) {
	nan := math.NaN()
	for _, c := range []struct {
		name   string
		v, max float64
		want   RGB
	}{
		{"zero", 0, 1, centre},
		{"negative zero", math.Copysign(0, -1), 1, centre},
		{"+max", 0.25, 0.25, fullPos},
		{"-max", -0.25, 0.25, fullNeg},
		{"clipped above", 3, 0.25, fullPos},
		{"clipped below", -3, 0.25, fullNeg},
		{"+Inf", infinity, 0.25, fullPos},
		{"-Inf", -infinity, 0.25, fullNeg},
		{"NaN", nan, 0.25, NaNColor},
		{"zero max, positive", 1e-300, 0, fullPos},
		{"zero max, negative", -1e-300, 0, fullNeg},
		{"zero max, zero", 0, 0, centre},
		{"NaN max, negative", -2, nan, fullNeg},
		{"negative max", 0.5, -1, fullPos},
		{"infinite max", 1e300, infinity, centre},
		// Halfway between the stops #4393c3 (t=0.6) and #2166ac (t=0.8):
		// (0x43+0x21)/2 = 50, (0x93+0x66)/2 = 124.5 → 125, (0xc3+0xac)/2 = 183.5 → 184.
		{"interpolated", 0.7, 1, RGB{50, 125, 184}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rgbOf(Diverging(c.v, c.max)); got != c.want {
				t.Errorf("Diverging(%v, %v) = %v, want %v", c.v, c.max, got, c.want)
			}
		})
	}
}

func TestDivergingCentreIsNearWhite(t *testing.T) {
	r, g, b := Diverging(0, 1)
	// Near white and neutral: every channel ≥ 240 and equal.
	if r < 240 || r != g || g != b {
		t.Errorf("Diverging(0) = %v, want a neutral near-white", RGB{r, g, b})
	}
}

// TestDivergingMirror checks that v and -v get colours of equal lightness
// on opposite hues: negative red (R > B), positive blue (B > R).
func TestDivergingMirror(t *testing.T) {
	const scale = 0.3
	// ColorBrewer's RdBu pairs differ by at most 4.1 L* (38.4 vs 42.5 at
	// the second-darkest stops) and 4.6 in between (measured); an
	// asymmetric palette (e.g. red to green) differs by 10-30.
	const tol = 5.0
	for k := 1; k <= 100; k++ {
		a := float64(k) / 100
		neg := rgbOf(Diverging(-a*scale, scale))
		pos := rgbOf(Diverging(a*scale, scale))
		if d := math.Abs(lightness(neg.R, neg.G, neg.B) - lightness(pos.R, pos.G, pos.B)); d > tol {
			t.Errorf("|v|=%.2f·scale: L*(%v) and L*(%v) differ by %.1f, want ≤ %v", a, neg, pos, d, tol)
		}
		if a >= 0.05 && !(neg.R > neg.B && pos.B > pos.R) {
			t.Errorf("|v|=%.2f·scale: -v is %v and +v %v, want red for -v and blue for +v", a, neg, pos)
		}
	}
}

// TestPalettesMonotone checks that the colour gets darker (more saturated)
// as |v| grows, on both palettes.
func TestPalettesMonotone(t *testing.T) {
	for _, c := range []struct {
		name  string
		color func(a float64) RGB
		// drop is the least total L* fall from 0 to max: the data sheets'
		// end stops are 77-78 L* apart.
		drop float64
	}{
		{"diverging +", func(a float64) RGB { return rgbOf(Diverging(a, 1)) }, 75},
		{"diverging -", func(a float64) RGB { return rgbOf(Diverging(-a, 1)) }, 75},
		{"sequential", func(a float64) RGB { return rgbOf(Sequential(a, 1)) }, 75},
	} {
		t.Run(c.name, func(t *testing.T) {
			// Per step of 1/1000, 8-bit rounding moves L* the wrong way by
			// at most 0.09 (measured); a non-monotone palette would move
			// several units.
			const wiggle = 0.4
			c0 := c.color(0)
			first := lightness(c0.R, c0.G, c0.B)
			prev := first
			for k := 1; k <= 1000; k++ {
				col := c.color(float64(k) / 1000)
				l := lightness(col.R, col.G, col.B)
				if l > prev+wiggle {
					t.Fatalf("at %v: L* rises from %.2f to %.2f", float64(k)/1000, prev, l)
				}
				prev = min(prev, l)
			}
			if first-prev < c.drop {
				t.Errorf("L* falls by %.1f from 0 to max, want ≥ %v", first-prev, c.drop)
			}
		})
	}
}

func TestSequentialFixedPoints(t *testing.T) {
	for _, c := range []struct {
		name   string
		v, max float64
		want   RGB
	}{
		{"zero", 0, 5, seqZero},
		{"max", 5, 5, seqFull},
		{"clipped", 50, 5, seqFull},
		{"negative is clipped to 0", -1, 5, seqZero},
		{"NaN", math.NaN(), 5, NaNColor},
		{"zero max", 2, 0, seqFull},
		// Halfway between #4292c6 (t=5/8) and #2171b5 (t=6/8):
		// (0x42+0x21)/2 = 49.5 → 50, (0x92+0x71)/2 = 129.5 → 130, (0xc6+0xb5)/2 = 189.5 → 190.
		{"interpolated", 11.0 / 16, 1, RGB{50, 130, 190}},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := rgbOf(Sequential(c.v, c.max)); got != c.want {
				t.Errorf("Sequential(%v, %v) = %v, want %v", c.v, c.max, got, c.want)
			}
		})
	}
}

// TestNaNColorIsDistinct checks that no value gets the NaN grey or the gap
// colour, so that both stay recognisable.
func TestNaNColorIsDistinct(t *testing.T) {
	if NaNColor == GapColor {
		t.Fatal("NaNColor equals GapColor")
	}
	for k := -1000; k <= 1000; k++ {
		v := float64(k) / 1000
		for _, c := range []RGB{rgbOf(Diverging(v, 1)), rgbOf(Sequential(v, 1))} {
			if c == NaNColor || c == GapColor {
				t.Fatalf("value %v has colour %v, reserved for NaN or gaps", v, c)
			}
		}
	}
}

// TestLookupMatchesPalette checks the tables the drawing functions use
// against Diverging and Sequential, also for scales that are not positive
// and finite.
func TestLookupMatchesPalette(t *testing.T) {
	for _, scale := range []float64{0.7, 0, -1, math.NaN(), math.Inf(1)} {
		values := []float64{0, math.Copysign(0, -1), 0.7, -0.7, math.NaN(), math.Inf(1), math.Inf(-1), 5e-324, -5e-324}
		for k := -1500; k <= 1500; k++ {
			values = append(values, float64(k)/1000*0.7) // up to ±1.5·0.7
		}
		for _, diverging := range []bool{true, false} {
			p := newPainter(scale, diverging)
			for _, v := range values {
				got := p.at(v)
				want := rgbOf(Sequential(v, scale))
				if diverging {
					want = rgbOf(Diverging(v, scale))
				}
				// A table level is 1/512 of the scale; the steepest
				// channel (0xb2→0x67 over 1/5 of the range) changes 0.73
				// units per level, so a half level plus two roundings
				// stays within 2. Zero, the ends, NaN and the degenerate
				// scales hit table entries exactly.
				tol := 0
				if scale == 0.7 && v != 0 && math.Abs(v) < scale {
					tol = 2
				}
				if d := max(absDiff(got[0], want.R), absDiff(got[1], want.G), absDiff(got[2], want.B)); d > tol || got[3] != 255 {
					t.Fatalf("scale %v, diverging=%v: pixel of %v is %v, palette %v (off by %d, want ≤ %d)", scale, diverging, v, got, want, d, tol)
				}
			}
		}
	}
}

func TestRGBCSS(t *testing.T) {
	if got := (RGB{0x05, 0x30, 0xff}).CSS(); got != "#0530ff" {
		t.Errorf("CSS = %q, want #0530ff", got)
	}
}
