//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// The focus goes where the learner's attention must: into the "new net?"
// dialog when it opens (its safe answer first), back to the field that
// asked when it closes; and a click on a confusion cell's image, far below
// the stepper, brings the stepper (its heading first) into view.
func TestFocusFollowsTheQuestion(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.trainShort()

	focused := func() string { return eval[string](tb, `document.activeElement ? (document.activeElement.dataset.testid || document.activeElement.tagName) : ""`) }
	tb.typeInto("hidden", "60", "\t")
	tb.waitIDs("the question about the trained net", 5*time.Second, func(kit.Readouts) bool {
		return eval[bool](tb, `!!document.querySelector('[data-testid="confirm-keep"]')`)
	}, "status")
	tb.waitIDs("the focus in the dialog", 3*time.Second, func(kit.Readouts) bool { return focused() == "confirm-keep" }, "status")
	if f := focused(); f != "confirm-keep" {
		t.Fatalf("the dialog opened with the focus on %q, want its button confirm-keep", f)
	}
	r := tb.read("iteration")
	tb.press("\r")
	tb.waitIDs("the dialog to close", 5*time.Second, func(kit.Readouts) bool {
		return !eval[bool](tb, `!!document.querySelector('[data-testid="confirm-keep"]')`)
	}, "status")
	tb.waitIDs("the focus back on the field", 3*time.Second, func(kit.Readouts) bool { return focused() == "hidden" }, "status")
	if f := focused(); f != "hidden" {
		t.Errorf("after the answer the focus is on %q, want the hidden-size field that asked", f)
	}
	if r2 := tb.read("iteration"); r2["iteration"] != r["iteration"] {
		t.Errorf("keeping the net changed the iteration from %s to %s", r["iteration"], r2["iteration"])
	}

	// A diagonal cell has images; the first is at the gallery's top left.
	tb.clickConfusionCell(7, 7)
	tb.waitIDs("the gallery of cell (7, 7)", 10*time.Second, func(r kit.Readouts) bool {
		return strings.Contains(r["gallery-text"], "7")
	}, "gallery-text")
	eval[bool](tb, `(document.querySelector('[data-view="gallery"] canvas').scrollIntoView({block: "center"}), true)`)
	time.Sleep(300 * time.Millisecond)
	rect := eval[map[string]float64](tb, `(() => { const r = document.querySelector('[data-view="gallery"] canvas').getBoundingClientRect(); return {x: r.left, y: r.top, w: r.width}; })()`)
	if rect["w"] <= 0 {
		t.Fatalf("the gallery has no canvas on screen: %v", rect)
	}
	if top := eval[float64](tb, `document.querySelector('[data-testid="stepper"]').getBoundingClientRect().top`); top >= 0 && top < 200 {
		t.Fatalf("the stepper is already in view before the click (top %.0f): the test shows nothing", top)
	}
	if err := tb.Do(5*time.Second, chromedp.MouseClickXY(rect["x"]+6, rect["y"]+6)); err != nil {
		t.Fatal(err)
	}
	tb.waitIDs("the gallery's image as the stepper's input", 5*time.Second, func(kit.Readouts) bool {
		return !eval[bool](tb, `document.querySelector('[data-testid="stepper-use-drawing"]').disabled`)
	}, "status")
	tb.waitIDs("the stepper in view", 3*time.Second, func(kit.Readouts) bool {
		top := eval[float64](tb, `document.getElementById("stepper-h").getBoundingClientRect().top`)
		return top >= 0 && top < eval[float64](tb, `innerHeight`)/2
	}, "status")
	if top := eval[float64](tb, `document.getElementById("stepper-h").getBoundingClientRect().top`); top < 0 || top >= eval[float64](tb, `innerHeight`)/2 {
		t.Errorf("after a click on a gallery image the stepper's heading is at %.0f px, not in the top half of the window", top)
	}
	tb.noConsoleErrors()
}
