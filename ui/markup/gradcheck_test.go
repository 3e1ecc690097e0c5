package markup

import (
	"math"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
	"github.com/backprop-lab/backprop-lab/wire"
)

// fixtureMaps are a check's maps of a net of h units with the forgotten
// ReLU mask's fingerprint: unit 1's column of W1 and b1 is off by 1e-2,
// the rest by rounding; W2 has a NaN.
func fixtureMaps(h int) model.CheckMaps {
	maps := func(f func(p string, q int) float64) *wire.GradMaps {
		g := &wire.GradMaps{W1: make([]float64, 784*h), B1: make([]float64, h), W2: make([]float64, h*10), B2: make([]float64, 10)}
		for _, p := range []struct {
			name string
			v    []float64
		}{{"W1", g.W1}, {"b1", g.B1}, {"W2", g.W2}, {"b2", g.B2}} {
			for q := range p.v {
				p.v[q] = f(p.name, q)
			}
		}
		return g
	}
	lit := func(p string, q int) bool { return p == "W1" && q%h == 1 || p == "b1" && q == 1 }
	num := maps(func(p string, q int) float64 {
		if lit(p, q) {
			return 0
		}
		return 1e-3 * float64(q%7)
	})
	diff := maps(func(p string, q int) float64 {
		switch {
		case lit(p, q):
			return 1e-2
		case p == "W2" && q == 13:
			return math.NaN()
		}
		return 1e-9 * float64(q%5)
	})
	bp := maps(func(p string, q int) float64 {
		if lit(p, q) {
			return 1e-2
		}
		return 1e-3 * float64(q%7)
	})
	return model.CheckMaps{Diff: diff, Numerical: num, Backprop: bp, Images: 3}
}

func pixelAt(img []byte, w, x, y int) viz.RGB {
	o := 4 * (y*w + x)
	return viz.RGB{R: img[o], G: img[o+1], B: img[o+2]}
}

func seqColor(t float64) viz.RGB {
	r, g, b := viz.Sequential(t, 1)
	return viz.RGB{R: r, G: g, B: b}
}

// TestMapsShowTheFingerprint: the painted maps light up where the
// differences are (unit 1's tile and cell), on the log scale, and read
// back each element.
func TestMapsShowTheFingerprint(t *testing.T) {
	m := fixture(i18n.English)
	m.Inside.Unit = -1
	var sc Scratch
	img, w, h := gcW1.Paint(m, nil, &sc)
	if w == 0 {
		t.Fatal("no W1 map")
	}
	l, _ := tiles(6)
	want := func(v float64) viz.RGB { return seqColor(viz.LogOffset(v, MapLo, MapHi)) }
	for j := range 6 {
		x, y := l.Origin(j)
		got := pixelAt(img, w, x+3, y+5) // element 5·28+3 of unit j: 1e-2 at unit 1, else ≤ 4e-9
		wantC := want(1e-9 * float64(((5*28+3)*6+j)%5))
		if j == 1 {
			wantC = want(1e-2)
		}
		if got != wantC {
			t.Errorf("tile %d: colour %v, want %v", j, got, wantC)
		}
	}
	if d := gcW1.Describe(m, 3+29*1, 5); !strings.Contains(d, "W1[143, 1]") || !strings.Contains(d, "0.01") {
		t.Errorf("W1 readout %q", d)
	}
	img, w, h = gcB1.Paint(m, nil, &sc)
	if w != 6*w2Cell || h != w2Cell || pixelAt(img, w, w2Cell+1, 1) != want(1e-2) || pixelAt(img, w, 1, 1) != want(0) {
		t.Errorf("b1 map %d×%d, unit 1 %v", w, h, pixelAt(img, w, w2Cell+1, 1))
	}
	img, w, h = gcW2.Paint(m, nil, &sc)
	// W2[1, 3] (element 13) is NaN: digit row 3, unit column 1.
	if w != 6*w2Cell || h != 10*w2Cell || pixelAt(img, w, w2Cell+1, 3*w2Cell+1) != viz.NaNColor {
		t.Errorf("W2 map %d×%d, NaN cell %v", w, h, pixelAt(img, w, w2Cell+1, 3*w2Cell+1))
	}
	if d := gcW2.Describe(m, w2Cell+1, 3*w2Cell+1); !strings.Contains(d, "W2[1, 3]") || !strings.Contains(d, "NaN") {
		t.Errorf("W2 readout %q", d)
	}
	if _, w, h = gcB2.Paint(m, nil, &sc); w != w2Cell || h != 10*w2Cell {
		t.Errorf("b2 map %d×%d", w, h)
	}
	if got := MapMax(m, "W2"); !strings.Contains(got, "NaN at W2[1, 3]") {
		t.Errorf("W2's largest: %q", got)
	}
	if got := MapMax(m, "b1"); got != "largest: 1.00e-02 at b1[1]" {
		t.Errorf("b1's largest: %q", got)
	}
}

// TestMapsBeforeARun: before a check, and while one runs, no map is
// painted and the line under each says why.
func TestMapsBeforeARun(t *testing.T) {
	m := model.New(model.Config{})
	var sc Scratch
	for _, p := range []*Picture{&gcW1, &gcB1, &gcW2, &gcB2} {
		if _, w, _ := p.Paint(m, nil, &sc); w != 0 {
			t.Error("a map before the check")
		}
	}
	if got := MapMax(m, "W1"); got != m.Words().GCMapNotRun {
		t.Errorf("before a run: %q", got)
	}
	m.Check.Running = true
	if got := MapMax(m, "b2"); got != m.Words().GCMapRunning {
		t.Errorf("while running: %q", got)
	}
}
