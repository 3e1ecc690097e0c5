//go:build e2e

package e2e

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// mapState is the data-state of the gradient check's map of param.
func (tb *tab) mapState(param string) string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('[data-testid="gradcheck-map-`+param+`"]').dataset.state || ""`)
}

// resultsBreak is gradcheck-results' data-break.
func (tb *tab) resultsBreak() string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`)
}

// waitMaps waits until the check's maps are shown for results of kind.
func (tb *tab) waitMaps(kind string) {
	tb.t.Helper()
	tb.waitFor("the maps of the check of "+kind, 120*time.Second, func(kit.Readouts) bool {
		return tb.mapState("W1") == "shown" && tb.resultsBreak() == kind &&
			tb.distinctColours("gc-map-W1") > 0 && tb.distinctColours("gc-map-b2") > 0
	})
}

var hangul = regexp.MustCompile(`\p{Hangul}`)

// TestGradCheckMaps runs the check with a broken layer and finds its maps
// drawn, then plays a bug hunt to its reveal, in English and Korean. The
// net has 10 hidden units: its check costs a fifth of the book's net's,
// and affine-square can be planted too.
func TestGradCheckMaps(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			tb := newTab(t)
			tb.open("#hidden=10")
			if lang == "ko" {
				tb.selectOption("lang", "ko")
				tb.accWaitLang("ko")
			}
			text := func(id string) string {
				return eval[string](tb, `document.querySelector('[data-testid="`+id+`"]').textContent`)
			}
			// Before a run each map says so, and no picture stands in.
			for _, p := range []string{"W1", "b1", "W2", "b2"} {
				if s := tb.mapState(p); s != "none" {
					t.Errorf("map %s before a run: state %q", p, s)
				}
				if w := eval[int](tb, `document.querySelector('[data-testid="gc-map-`+p+`"]').offsetWidth`); w != 0 {
					t.Errorf("map %s before a run shows a picture %d px wide", p, w)
				}
				if s := strings.TrimSpace(text("gradcheck-map-" + p)); len(s) <= len(p) {
					t.Errorf("map %s before a run says only %q", p, s)
				}
			}
			// affine-square is offered in a net of 10 units, relu-inplace never.
			opts := eval[[]string](tb, `[...document.querySelector('[data-testid="gradcheck-break"]').options].map(o => o.value)`)
			if !slicesContain(opts, "affine-square") || slicesContain(opts, "relu-inplace") {
				t.Errorf("the break select offers %v", opts)
			}
			if s := text("gradcheck-left-out"); !strings.Contains(s, "dout") || lang == "ko" && !hangul.MatchString(s) {
				t.Errorf("the note on the kinds left out: %q", s)
			}

			t.Run("maps", func(t *testing.T) {
				tb := tb.with(t)
				for deadline := time.Now().Add(10 * time.Second); eval[string](tb, `document.querySelector('[data-testid="gradcheck-break-note"]').dataset.break`) != "relu-mask"; time.Sleep(200 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatal("the page did not take break relu-mask")
					}
					tb.selectOption("gradcheck-break", "relu-mask")
				}
				tb.click("gradcheck-run")
				tb.waitMaps("relu-mask")
				// W1's map of a forgotten mask: dark columns of the units off,
				// pale ones, and the gaps between tiles.
				if n := tb.distinctColours("gc-map-W1"); n < 10 {
					t.Errorf("W1's map has %d distinct colours, want a real picture (>= 10)", n)
				}
				if n := tb.distinctColours("gc-map-b1"); n < 2 {
					t.Errorf("b1's map has %d distinct colours", n)
				}
				if s := text("gradcheck-map-W1"); !strings.Contains(s, "W1[") {
					t.Errorf("W1's map does not say where its largest difference is: %q", s)
				}
				if s := eval[string](tb, `document.querySelector('[data-testid="gc-map-W1"]').getAttribute('aria-label') || ""`); s == "" || lang == "ko" && !hangul.MatchString(s) {
					t.Errorf("W1's map is labelled %q", s)
				}
			})

			t.Run("bug hunt", func(t *testing.T) {
				tb := tb.with(t)
				tb.click("bughunt-start")
				tb.waitMaps("hunt")
				if !eval[bool](tb, `document.querySelector('[data-testid="gradcheck-break"]').disabled`) {
					t.Error("the break select can be changed during the hunt")
				}
				if eval[bool](tb, `!!document.querySelector('[data-testid="bughunt-result"]')`) {
					t.Error("a result before the guess")
				}
				guesses := eval[[]string](tb, `[...document.querySelector('[data-testid="bughunt-guess"]').options].map(o => o.value).filter(v => v)`)
				if len(guesses) < 5 || slicesContain(guesses, "none") || slicesContain(guesses, "relu-inplace") {
					t.Fatalf("the guesses offered: %v", guesses)
				}
				// Nothing the page shows names the bug: the status says only
				// that the check is done.
				status := text("gradcheck-status") + text("bughunt-status")
				for _, g := range guesses {
					if strings.Contains(status, g) {
						t.Errorf("the status names %s: %q", g, status)
					}
				}
				guess := guesses[0]
				for deadline := time.Now().Add(10 * time.Second); eval[bool](tb, `document.querySelector('[data-testid="bughunt-submit"]').disabled`); time.Sleep(200 * time.Millisecond) {
					if time.Now().After(deadline) {
						t.Fatal("the guess button stays disabled")
					}
					tb.selectOption("bughunt-guess", guess)
				}
				tb.click("bughunt-submit")
				var res map[string]string
				tb.waitFor("the hunt's reveal", 10*time.Second, func(kit.Readouts) bool {
					res = eval[map[string]string](tb, `(() => { const r = document.querySelector('[data-testid="bughunt-result"]');
						return r ? {correct: r.dataset.correct || "", bug: r.dataset.bug || "", text: r.textContent} : {}; })()`)
					return res["bug"] != ""
				})
				if !slicesContain(guesses, res["bug"]) {
					t.Errorf("the bug %q is not one of the guesses %v", res["bug"], guesses)
				}
				if want := map[bool]string{true: "1", false: "0"}[guess == res["bug"]]; res["correct"] != want {
					t.Errorf("guessed %s, bug %s: data-correct %q", guess, res["bug"], res["correct"])
				}
				if len(res["text"]) < 40 || lang == "ko" && !hangul.MatchString(res["text"]) {
					t.Errorf("the reveal says %q", res["text"])
				}
				if b := tb.resultsBreak(); b != res["bug"] {
					t.Errorf("after the guess, the results are of %q, the bug was %q", b, res["bug"])
				}
			})
			tb.noConsoleErrors()
		})
	}
}

func slicesContain(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}
