package trace

import (
	"math"
	"testing"
)

// TestSimplify checks on traced MNIST digits that simplifying keeps every
// original point within the tolerance of the simplified polyline, keeps
// both ends, and leaves the input alone.
func TestSimplify(t *testing.T) {
	im := loadImages(t)
	const tol = 0.7
	var before, after int
	for i := range 200 {
		strokes := Trace(im.Image(i), 28, 28)
		orig := make([]Stroke, len(strokes))
		for k, s := range strokes {
			orig[k] = append(Stroke(nil), s...)
		}
		simple := Simplify(strokes, tol)
		if len(simple) != len(strokes) {
			t.Fatalf("image %d: %d strokes became %d", i, len(strokes), len(simple))
		}
		for k, s := range strokes {
			if len(s) != len(orig[k]) || s[0] != orig[k][0] {
				t.Fatalf("image %d: Simplify modified its input", i)
			}
			o := simple[k]
			if o[0] != s[0] || o[len(o)-1] != s[len(s)-1] {
				t.Errorf("image %d stroke %d: ends moved", i, k)
			}
			for _, p := range s {
				d := math.Inf(1)
				for j := 1; j < len(o); j++ {
					d = min(d, SegmentDistance(p, o[j-1], o[j]))
				}
				if len(o) == 1 {
					d = math.Hypot(p.X-o[0].X, p.Y-o[0].Y)
				}
				// 1e-9: the distance is computed in float64 from
				// coordinates of a few tens.
				if d > tol+1e-9 {
					t.Errorf("image %d stroke %d: point %v is %.3f from the simplified line, want <= %.1f", i, k, p, d, tol)
				}
			}
			before += len(s)
			after += len(o)
		}
	}
	t.Logf("%d points became %d", before, after)
	if after*2 > before {
		t.Errorf("simplifying kept %d of %d points, want at most half", after, before)
	}
}
