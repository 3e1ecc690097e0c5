package viz

import (
	"math"
	"math/rand/v2"
)

// lightness returns the CIE L* (0 black .. 100 white) of an sRGB colour.
func lightness(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	y := 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
	if y > 216.0/24389 {
		return 116*math.Cbrt(y) - 16
	}
	return 24389.0 / 27 * y
}

// pixelAt returns the RGB of pixel (x, y) of a w-wide RGBA image and fails
// on a non-opaque pixel by returning alpha too.
func pixelAt(img []byte, w, x, y int) (c RGB, a uint8) {
	o := 4 * (y*w + x)
	return RGB{img[o], img[o+1], img[o+2]}, img[o+3]
}

func rgbOf(r, g, b uint8) RGB { return RGB{r, g, b} }

// randValues returns n values uniform in [lo, hi).
func randValues(rng *rand.Rand, n int, lo, hi float64) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*rng.Float64()
	}
	return v
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}
