package viz

import (
	"math"
	"testing"
)

func TestScaleAndClipped(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	for _, c := range []struct {
		name      string
		values    []float64
		want      float64
		clipAt    float64
		wantClips int
	}{
		{"empty", nil, 0, 1, 0},
		{"zeros", []float64{0, 0, 0}, 0, 0, 0},
		{"negative largest", []float64{0.1, -0.3, 0.2}, 0.3, 0.15, 2},
		{"NaN skipped", []float64{nan, 0.5, nan, -0.25}, 0.5, 0.3, 1},
		{"Inf skipped", []float64{inf, -inf, 2, -1}, 2, 1.5, 3},
		{"only NaN", []float64{nan}, 0, 1, 0},
		{"zero scale counts non-zeros", []float64{0, 1e-9, nan, -3}, 3, 0, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := Scale(c.values); got != c.want {
				t.Errorf("Scale = %v, want %v", got, c.want)
			}
			if got := Clipped(c.values, c.clipAt); got != c.wantClips {
				t.Errorf("Clipped(±%v) = %d, want %d", c.clipAt, got, c.wantClips)
			}
			if s := Scale(c.values); s > 0 {
				if n := Clipped(c.values, s); n != countInf(c.values) {
					t.Errorf("Clipped at Scale = %d, want only the %d infinities", n, countInf(c.values))
				}
			}
		})
	}
}

func countInf(v []float64) int {
	n := 0
	for _, x := range v {
		if math.IsInf(x, 0) {
			n++
		}
	}
	return n
}
