package trace

import (
	"math"
	"testing"
)

func TestBoundsAndPlace(t *testing.T) {
	strokes := []Stroke{{{1, 2}, {5, 2}}, {{3, 10}}}
	if x0, y0, x1, y1 := Bounds(strokes); x0 != 1 || y0 != 2 || x1 != 5 || y1 != 10 {
		t.Errorf("Bounds = %v %v %v %v, want 1 2 5 10", x0, y0, x1, y1)
	}
	if x0, _, x1, _ := Bounds(nil); !math.IsInf(x0, 1) || !math.IsInf(x1, -1) {
		t.Errorf("Bounds(nil) = %v..%v, want +Inf..-Inf", x0, x1)
	}
	placed, err := Place(strokes, 10, 140, 140, 6, 14, 280)
	if err != nil {
		t.Fatal(err)
	}
	x0, y0, x1, y1 := Bounds(placed)
	// 1e-9: one multiply and add of numbers below 300.
	const eps = 1e-9
	if math.Abs(x0-120) > eps || math.Abs(x1-160) > eps || math.Abs(y0-100) > eps || math.Abs(y1-180) > eps {
		t.Errorf("placed bounds %v %v %v %v, want 120 100 160 180", x0, y0, x1, y1)
	}
	for _, s := range placed {
		for i := 1; i < len(s); i++ {
			if d := math.Hypot(s[i].X-s[i-1].X, s[i].Y-s[i-1].Y); d > 6+eps {
				t.Errorf("consecutive points %.2f apart, want at most 6", d)
			}
		}
	}
	if len(placed[0]) != 8 { // 40 px in steps of at most 6: 7 steps
		t.Errorf("a 40-px segment in steps of 6 has %d points, want 8", len(placed[0]))
	}
	// Pushed inside the margin.
	placed, _ = Place(strokes, 10, 0, 0, 100, 14, 280)
	if x0, y0, _, _ := Bounds(placed); math.Abs(x0-14) > eps || math.Abs(y0-14) > eps {
		t.Errorf("a drawing placed at the corner starts at %v,%v, want 14,14", x0, y0)
	}
	if _, err := Place(strokes, 40, 140, 140, 6, 14, 280); err == nil {
		t.Error("a 320-px tall drawing fits a 280 canvas")
	}
}
