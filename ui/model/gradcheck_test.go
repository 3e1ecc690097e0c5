package model

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/wire"
)

func names(kinds []broken.Kind) []string {
	var out []string
	for _, k := range kinds {
		out = append(out, k.Name)
	}
	return out
}

// TestShownKinds: the select offers the kinds the check can catch; the
// others are listed so that the page can say why.
func TestShownKinds(t *testing.T) {
	for _, c := range []struct {
		act         string
		hidden      int
		shown, left []string
	}{
		{"relu", 50, []string{"none", "relu-mask", "softmax-batch", "affine-transpose", "softmax-stale", "bias-no-sum"},
			[]string{"relu-inplace", "affine-square"}},
		{"relu", 8, []string{"none", "relu-mask", "softmax-batch", "affine-transpose", "softmax-stale", "bias-no-sum", "affine-square"},
			[]string{"relu-inplace"}},
		{"sigmoid", 50, []string{"none", "sigmoid-derivative", "softmax-batch", "affine-transpose", "softmax-stale", "sigmoid-from-x", "bias-no-sum"},
			[]string{"affine-square"}},
	} {
		m := New(Config{})
		m.Run.Applied.Activation, m.Run.Applied.Hidden = c.act, c.hidden
		if got := names(m.ShownKinds()); !slices.Equal(got, c.shown) {
			t.Errorf("%s %d: shown %v, want %v", c.act, c.hidden, got, c.shown)
		}
		if got := names(m.HiddenKinds()); !slices.Equal(got, c.left) {
			t.Errorf("%s %d: left out %v, want %v", c.act, c.hidden, got, c.left)
		}
		if ch := m.Do(SetBreak{Kind: "relu-inplace"}); ch != 0 || m.Check.Break != "none" {
			t.Errorf("%s %d: relu-inplace was taken", c.act, c.hidden)
		}
	}
	m := New(Config{})
	m.Run.Applied.Hidden = 8
	m.Do(SetBreak{Kind: "affine-square"})
	if m.ChosenBreak() != "affine-square" || m.CheckImages() != 8 {
		t.Errorf("8 units: chose %s on %d images", m.ChosenBreak(), m.CheckImages())
	}
	m.Run.Applied.Hidden = 50 // the net changed shape: the choice no longer shows
	if m.ChosenBreak() != "none" || m.CheckImages() != broken.CheckImages {
		t.Errorf("50 units: chose %s on %d images", m.ChosenBreak(), m.CheckImages())
	}
}

// TestHunt plays bug hunts against the real trainer: the bug is one that
// shows, nothing the page shows names it before the guess, and the guess
// reveals it.
func TestHunt(t *testing.T) {
	l := started(t)
	if ch := l.do(SubmitGuess{}); ch != 0 || l.m.Hunt.Done {
		t.Fatal("a guess without a hunt was taken")
	}
	seen := map[string]bool{}
	for round := range 12 {
		l.do(StartHunt{})
		h, g := &l.m.Hunt, &l.m.Check
		if !h.On || !offered(l.m.HuntKinds(), h.Bug) {
			t.Fatalf("round %d: hunt %+v", round, h)
		}
		seen[h.Bug] = true
		if g.Running || g.Diffs == nil || g.Maps.Diff == nil || g.DiffsBreak != h.Bug {
			t.Fatalf("round %d: the check of %s did not come back: %+v", round, h.Bug, g)
		}
		if g.Break != "none" || l.m.ResultsBreak() != HuntBreak {
			t.Errorf("round %d: the select shows %q and the results %q during the hunt", round, g.Break, l.m.ResultsBreak())
		}
		if last, _ := lastSent[wire.GradCheck](l); last.Break != h.Bug {
			t.Errorf("round %d: checked %q, the bug is %q", round, last.Break, h.Bug)
		}
		if ch := l.do(RunGradCheck{}); ch != 0 {
			t.Errorf("round %d: a check during the hunt replaced its results", round)
		}
		if ch := l.do(SubmitGuess{}); ch != 0 {
			t.Errorf("round %d: a guess of nothing was taken", round)
		}
		if ch := l.do(SetGuess{Kind: "relu-inplace"}); ch != 0 {
			t.Errorf("round %d: a guess of a kind that does not show was taken", round)
		}
		guess := "softmax-stale"
		if round%2 == 0 {
			guess = h.Bug
		}
		l.do(SetGuess{Kind: guess})
		l.do(SubmitGuess{})
		if h.On || !h.Done || h.Correct != (guess == h.Bug) || l.m.ResultsBreak() != h.Bug {
			t.Errorf("round %d: after guessing %s of %s: %+v, results %q", round, guess, h.Bug, h, l.m.ResultsBreak())
		}
	}
	if len(seen) < 3 {
		t.Errorf("12 hunts planted only %v", seen)
	}
	if h := l.m.Hunt; h.Rounds != 12 || h.Right < 6 {
		t.Errorf("rounds %d, right %d", h.Rounds, h.Right)
	}
	// A new net ends a hunt: its maps are gone.
	l.do(StartHunt{})
	l.do(Reset{})
	if l.m.Hunt.On || l.m.Check.Maps.Diff != nil || l.m.ResultsBreak() != "" {
		t.Errorf("after a reset: hunt %+v, maps %v", l.m.Hunt, l.m.Check.Maps.Diff != nil)
	}
}

// TestFingerprints: each kind the check shows leaves, in the maps the
// page receives, the fingerprint its broken.Kind documents: the maps it
// names light up (an element differs by more than 1e-4), the others stay
// at rounding (below Limit), with the kinds' particular signs.
func TestFingerprints(t *testing.T) {
	lit := map[string][]string{
		"relu-mask":        {"W1", "b1"},
		"softmax-batch":    {"W1", "b1", "W2", "b2"},
		"affine-transpose": {"W2"},
		"softmax-stale":    {"W1", "b1", "W2", "b2"},
		"bias-no-sum":      {"b1", "b2"},
		"affine-square":    {"W2"},
	}
	l := started(t)
	l.do(Step{})
	shown := names(l.m.HuntKinds())
	if !slices.Equal(shown, []string{"relu-mask", "softmax-batch", "affine-transpose", "softmax-stale", "bias-no-sum", "affine-square"}) {
		t.Fatalf("a 3-unit ReLU net shows %v", shown)
	}
	maps := func(g *wire.GradMaps) map[string][]float64 {
		return map[string][]float64{"W1": g.W1, "b1": g.B1, "W2": g.W2, "b2": g.B2}
	}
	for _, kind := range shown {
		t.Run(kind, func(t *testing.T) {
			l.do(SetBreak{Kind: kind})
			l.do(RunGradCheck{})
			c := l.m.Check.Maps
			if c.Diff == nil || c.Images != 3 {
				t.Fatalf("no maps (%d images)", c.Images)
			}
			var k broken.Kind
			for _, b := range broken.Kinds() {
				if b.Name == kind {
					k = b
				}
			}
			diff, num, bp := maps(c.Diff), maps(c.Numerical), maps(c.Backprop)
			for _, p := range []string{"W1", "b1", "W2", "b2"} {
				worst := slices.Max(diff[p])
				want := slices.Contains(lit[kind], p)
				if want && !(worst > 1e-4) || !want && !(worst < Limit) {
					t.Errorf("%s: largest difference %.2e, want lit %v", p, worst, want)
				}
				if want && !strings.Contains(k.Fingerprint, p) && !strings.Contains(k.Fingerprint, "All four") {
					t.Errorf("%s lights up, but the fingerprint does not say so: %q", p, k.Fingerprint)
				}
			}
			switch kind {
			case "relu-mask":
				// The columns of the units on for all three images stay
				// dark, those of the others light up.
				x := l.trainRows(3)
				s := l.m.Snap
				h, off := len(s.B1), 0
				for j := range h {
					everOff := false
					for r := range 3 {
						a := s.B1[j]
						for i := range 784 {
							a += x[r*784+i] * s.W1[i*h+j]
						}
						everOff = everOff || a <= 0
					}
					if everOff {
						off++
					}
					if everOff != (diff["b1"][j] > 1e-4) {
						t.Errorf("unit %d: off for an image %v, b1 differs by %.2e", j, everOff, diff["b1"][j])
					}
				}
				t.Logf("%d of %d units off for an image", off, h)
				if off == 0 {
					t.Error("no unit was off: nothing for the mask to spoil")
				}
			case "softmax-batch":
				for q, v := range num["W2"] {
					if math.Abs(v) > 1e-6 && math.Abs(bp["W2"][q]/v-3) > 1e-3 {
						t.Fatalf("W2[%d]: backprop/numerical = %v, want 3", q, bp["W2"][q]/v)
					}
				}
			case "affine-transpose":
				a, b := slices.Sorted(slices.Values(bp["W2"])), slices.Sorted(slices.Values(num["W2"]))
				for q := range a {
					if math.Abs(a[q]-b[q]) > 1e-6 {
						t.Fatalf("sorted, dW2 differs at %d: %v, %v", q, a[q], b[q])
					}
				}
			case "softmax-stale":
				for _, p := range []string{"W1", "b1", "W2", "b2"} {
					if slices.ContainsFunc(num[p], func(v float64) bool { return v != 0 }) {
						t.Errorf("%s: a numerical gradient is not 0", p)
					}
				}
			}
		})
	}
}

// trainRows returns the first n training images of the lab, as the
// trainer scales them.
func (l *lab) trainRows(n int) []float64 {
	pix, labels := synth(200, 1)
	d := dataset(l.t, pix, labels)
	return d.Rows(0, n).RawMatrix().Data
}
