//go:build e2e

package e2e

import (
	"strconv"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// timelineIter is the iteration the timeline says every view shows.
func (tb *tab) timelineIter() int {
	tb.t.Helper()
	return eval[int](tb, `+document.querySelector('[data-testid="timeline"]').dataset.iteration`)
}

// seekTimeline moves the timeline to position i as a learner's drag does
// and waits until the views show it.
func (tb *tab) seekTimeline(i int, want int) {
	tb.t.Helper()
	eval[bool](tb, `(() => { const t = document.querySelector('[data-testid="timeline"]'); t.value = "`+strconv.Itoa(i)+`"; t.dispatchEvent(new Event("input", {bubbles: true})); return true; })()`)
	deadline := time.Now().Add(10 * time.Second)
	for tb.timelineIter() != want {
		if time.Now().After(deadline) {
			tb.t.Fatalf("the timeline shows iteration %d, want %d", tb.timelineIter(), want)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond) // the views' writes follow the state
}

// redOf returns the red channel of canvas id as a string, to compare.
func (tb *tab) redOf(id string) string {
	tb.t.Helper()
	r, err := tb.RedChannel(id)
	if err != nil {
		tb.t.Fatal(err)
	}
	return string(r)
}

// The timeline: after three epochs, iteration 0 changes the W1 picture and
// the drawing's probabilities, and "back to now" restores them exactly;
// "train from here" goes on from the iteration shown.
func TestTimeline(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("train-toggle")
	tb.waitFor("three epochs", 120*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") >= 300 })
	tb.click("train-toggle")
	tb.waitStatus(10*time.Second, "paused")
	tb.drawTestDigit(0)
	probs := tb.probs()
	w1 := tb.redOf("weights-w1")
	iter := tb.read("iteration").Int("iteration")
	if got := tb.timelineIter(); got != iter {
		t.Fatalf("live, the timeline says iteration %d, the run is at %d", got, iter)
	}

	tb.seekTimeline(0, 0)
	if p := tb.probs(); p == probs {
		t.Errorf("at iteration 0 the probabilities are those of iteration %d: %s", iter, p)
	}
	if h := tb.redOf("weights-w1"); h == w1 {
		t.Error("at iteration 0 the W1 picture is that of now")
	}
	if r := tb.read("iteration", "viewing-bar"); r.Int("iteration") != iter || r["viewing-bar"] == "" {
		t.Errorf("looking back: the run says iteration %s, the bar %q", r["iteration"], r["viewing-bar"])
	}

	tb.click("timeline-live")
	deadline := time.Now().Add(10 * time.Second)
	for tb.timelineIter() != iter || tb.probs() != probs {
		if time.Now().After(deadline) {
			t.Fatalf("back to now: iteration %d, probabilities %s; want %d, %s", tb.timelineIter(), tb.probs(), iter, probs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	time.Sleep(300 * time.Millisecond)
	if h := tb.redOf("weights-w1"); h != w1 {
		t.Error("back to now, the W1 picture is not that of now")
	}

	// Train from the fifth snapshot.
	kept := eval[[]int](tb, `(() => { const t = document.querySelector('[data-testid="timeline"]'); return [+t.max]; })()`)
	if kept[0] < 10 {
		t.Fatalf("the timeline keeps %d snapshots after %d iterations", kept[0], iter)
	}
	tb.seekTimeline(5, 5)
	tb.click("timeline-train-here")
	tb.waitFor("the run at iteration 5", 10*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") == 5 })
	tb.step()
	if r := tb.read("iteration"); r.Int("iteration") != 6 {
		t.Errorf("a step after training from 5: iteration %s", r["iteration"])
	}
	tb.noConsoleErrors()
}

// setHidden makes the tab hidden or visible to the page, as a switch of
// tabs does (headless Chromium has no other tab to switch to).
func (tb *tab) setHidden(hidden bool) {
	tb.t.Helper()
	state := "visible"
	if hidden {
		state = "hidden"
	}
	eval[bool](tb, `(() => {
		Object.defineProperty(document, "visibilityState", {configurable: true, get: () => "`+state+`"});
		Object.defineProperty(document, "hidden", {configurable: true, get: () => `+strconv.FormatBool(hidden)+`});
		document.dispatchEvent(new Event("visibilitychange"));
		return true;
	})()`)
}

// A hidden tab pauses training and resumes exactly where it was when it is
// shown again: the run ends with the same loss as one never hidden.
func TestHiddenTabPauses(t *testing.T) {
	const link = "#iters=400&seed=3"
	plain := newTab(t)
	plain.open(link)
	plain.click("train-toggle")
	want := plain.waitStatus(120*time.Second, "done")["loss"]

	tb := newTab(t)
	tb.open(link)
	tb.click("train-toggle")
	tb.waitFor("training under way", 60*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") >= 30 })
	tb.setHidden(true)
	r := tb.waitStatus(10*time.Second, "paused", "done")
	if r["status"] == "done" {
		t.Fatalf("the run ended before the hidden tab could pause it (iteration %s)", r["iteration"])
	}
	at := r.Int("iteration")
	time.Sleep(time.Second)
	if it := tb.read("iteration").Int("iteration"); it != at {
		t.Fatalf("the hidden tab trained from iteration %d to %d", at, it)
	}
	tb.setHidden(false)
	got := tb.waitStatus(120*time.Second, "done")["loss"]
	if got != want || want == "" {
		t.Errorf("the run hidden at iteration %d ends with loss %q, the one never hidden with %q", at, got, want)
	}
	tb.noConsoleErrors()
	plain.noConsoleErrors()
}
