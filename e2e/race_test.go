//go:build e2e

package e2e

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// raceRun reads a run's readouts box.
func (tb *tab) raceRun(id string) (iter int, testAcc, loss string) {
	tb.t.Helper()
	v := eval[[]string](tb, `(() => { const e = document.querySelector('[data-testid="`+id+`"]'); return e ? [e.dataset.iteration || "", e.dataset.testAcc || "", e.dataset.loss || ""] : ["", "", ""]; })()`)
	iter, _ = strconv.Atoi(v[0])
	return iter, v[1], v[2]
}

// A ReLU vs Sigmoid race from a shared link: both runs train in their own
// workers to 1,000 iterations, with two loss curves, two accuracy curves
// and two W1 pictures; the link keeps the race; stop and close work.
func TestRace(t *testing.T) {
	tb := newTab(t)
	tb.open("#iters=1000&race=activation%3Asigmoid")
	deadline := time.Now().Add(180 * time.Second)
	for {
		ia, _, _ := tb.raceRun("race-a")
		ib, _, _ := tb.raceRun("race-b")
		if ia == 1000 && ib == 1000 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the race is at iterations %d and %d after 3 minutes, want both at 1000", ia, ib)
		}
		time.Sleep(200 * time.Millisecond)
	}
	time.Sleep(500 * time.Millisecond)
	_, accA, lossA := tb.raceRun("race-a")
	_, accB, lossB := tb.raceRun("race-b")
	if accA == "" || accB == "" || lossA == "" || lossB == "" || lossA == lossB {
		t.Errorf("the runs' readouts: A acc %q loss %q, B acc %q loss %q", accA, lossA, accB, lossB)
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid="race-loss"] polyline').length`); n != 2 {
		t.Errorf("the race's loss chart has %d lines, want 2", n)
	}
	if n := eval[int](tb, `document.querySelectorAll('[data-testid="race-acc"] polyline').length`); n != 2 {
		t.Errorf("the race's accuracy chart has %d lines, want 2", n)
	}
	legend := eval[string](tb, `[...document.querySelectorAll('[data-testid="race-loss"] text.legend')].map(t => t.textContent).join("|")`)
	if !strings.Contains(legend, "ReLU") || !strings.Contains(legend, "Sigmoid") {
		t.Errorf("the legend %q does not name ReLU and Sigmoid", legend)
	}
	for _, id := range []string{"race-w1-a", "race-w1-b"} {
		if c := tb.distinctColours(id); c < 10 {
			t.Errorf("%s has %d colours", id, c)
		}
	}
	if u := eval[string](tb, `location.hash`); !strings.Contains(u, "race=activation%3Asigmoid") {
		t.Errorf("the address %q lost the race", u)
	}
	if r := tb.read("iteration"); r.Int("iteration") != 0 {
		t.Errorf("the page's own run trained during the race: iteration %s", r["iteration"])
	}
	tb.click("race-close")
	tb.waitIDs("the race closed", 5*time.Second, func(r kit.Readouts) bool { _, ok := r["race-a"]; return !ok }, "race-a")
	tb.noConsoleErrors()
}
