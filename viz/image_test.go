package viz

import (
	"math"
	"testing"
)

func TestImage28(t *testing.T) {
	for _, c := range []struct {
		name      string
		i         int
		v, scale  float64
		diverging bool
		zero      RGB
	}{
		{"input pixel", 28*3 + 27, 1, 1, false, seqZero},
		{"product", 28*27 + 0, -0.004, 0.01, true, centre},
		{"NaN", 400, math.NaN(), 1, true, centre},
	} {
		t.Run(c.name, func(t *testing.T) {
			x := make([]float64, 784)
			x[c.i] = c.v
			img, err := Image28(nil, x, c.scale, c.diverging)
			if err != nil {
				t.Fatal(err)
			}
			want := rgbOf(Sequential(c.v, c.scale))
			if c.diverging {
				want = rgbOf(Diverging(c.v, c.scale))
			}
			for y := range 28 {
				for xx := range 28 {
					px, a := pixelAt(img, 28, xx, y)
					exp := c.zero
					if y == c.i/28 && xx == c.i%28 {
						exp = want
					}
					if px != exp || a != 255 {
						t.Fatalf("pixel (%d, %d) is %v alpha %d, want %v", xx, y, px, a, exp)
					}
				}
			}
		})
	}
}

func TestImageErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		n    int
		w, h int
	}{
		{"short", 783, 28, 28},
		{"long", 785, 28, 28},
		{"zero width", 0, 0, 28},
		{"negative height", 0, 28, -1},
		{"huge", 0, 1 << 20, 1 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := []byte{1, 2}
			img, err := Image(dst, make([]float64, c.n), c.w, c.h, 1, true)
			if err == nil || len(img) != 2 {
				t.Errorf("Image(%d values, %d×%d) = %d bytes, %v; want dst back and an error", c.n, c.w, c.h, len(img), err)
			}
		})
	}
	buf := make([]byte, 0, 4*784)
	x := make([]float64, 784)
	if a := testing.AllocsPerRun(10, func() { Image28(buf, x, 1, false) }); a != 0 {
		t.Errorf("Image28 allocates %v times with a large enough buffer, want 0", a)
	}
}
