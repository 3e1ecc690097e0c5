package worker

import (
	"math"
	"slices"
	"testing"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// sameFloats reports whether a and b hold the same numbers, NaN equal to
// NaN.
func sameFloats(a, b []float64) bool {
	return slices.EqualFunc(a, b, func(x, y float64) bool { return x == y || math.IsNaN(x) && math.IsNaN(y) })
}

// TestGradResultCarriesMaps: the result carries, through the wire format,
// every element of nn.GradCheckElements on the check's images, and
// affine-square in a net of at most broken.MaxSquare units is checked on a
// square batch, where it shows.
func TestGradResultCarriesMaps(t *testing.T) {
	s, r := newSession(t)
	set := small()
	set.Hidden = 8
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Step{Steps: 5})
	for _, c := range []struct {
		kind   string
		images int
	}{{broken.None, 3}, {broken.ReluMask, 3}, {broken.AffineSquare, 8}} {
		s.Handle(wire.GradCheck{Break: c.kind})
		m, ok := last[wire.GradResult](r)
		if !ok || m.Break != c.kind {
			t.Fatalf("%s: no result", c.kind)
		}
		if m.Images != c.images {
			t.Errorf("%s: checked on %d images, want %d", c.kind, m.Images, c.images)
		}
		net, err := broken.Apply(s.net, c.kind)
		if err != nil {
			t.Fatal(err)
		}
		want := nn.GradCheckElements(net, s.train.Rows(0, c.images), s.train.Labels[:c.images], nil)
		for _, p := range []struct {
			name string
			got  wire.GradMaps
			want *nn.Grads
		}{{"diff", m.Diff, want.Diff}, {"numerical", m.Numerical, want.Numerical}, {"backprop", m.Backprop, want.Backprop}} {
			if !p.got.Shaped(784, 10) {
				t.Fatalf("%s: the %s maps do not fit a 784-8-10 net", c.kind, p.name)
			}
			w := gradMaps(p.want)
			if !sameFloats(p.got.W1, w.W1) || !sameFloats(p.got.B1, w.B1) || !sameFloats(p.got.W2, w.W2) || !sameFloats(p.got.B2, w.B2) {
				t.Errorf("%s: the %s maps are not GradCheckElements'", c.kind, p.name)
			}
		}
		d := want.Mean
		if !sameFloats(m.Diffs, []float64{d.W1, d.B1, d.W2, d.B2}) {
			t.Errorf("%s: means %v, want %v", c.kind, m.Diffs, d)
		}
		if shows := broken.ShowsInCheck(c.kind, s.net.Config()); shows != (d.Max() > 1e-3) {
			t.Errorf("%s: shows %v, but the largest mean is %g", c.kind, shows, d.Max())
		}
	}
}
