//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/chromedp/cdproto/emulation"
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

	focused := func() string {
		return eval[string](tb, `document.activeElement ? (document.activeElement.dataset.testid || document.activeElement.tagName) : ""`)
	}
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

// truthSVGOutsideJS lists every SVG text whose rendered box leaves its
// picture by more than half a pixel: a clipped label reads as another
// number ("−8.3e-05" as "3.3e-05", "10000" as "1000").
const truthSVGOutsideJS = `(() => {
	const out = [];
	for (const svg of document.querySelectorAll("svg")) {
		if (!svg.checkVisibility()) continue;
		const r = svg.getBoundingClientRect();
		if (r.width === 0 || r.height === 0) continue;
		for (const t of svg.querySelectorAll("text")) {
			const b = t.getBoundingClientRect();
			if (b.width === 0) continue;
			if (b.left < r.left - 0.5 || b.right > r.right + 0.5 || b.top < r.top - 0.5 || b.bottom > r.bottom + 0.5) {
				const host = svg.closest("[data-testid], [data-view]");
				const name = host ? (host.dataset.testid || host.dataset.view) : "an svg";
				out.push(name + ": " + JSON.stringify(t.textContent) + " at " + [b.left - r.left, b.right - r.right, b.top - r.top, b.bottom - r.bottom].map(v => v.toFixed(1)).join("/"));
			}
		}
	}
	return out;
})()`

// truthTextsJS returns the page's visible texts, SVG's too, one per text
// node.
const truthTextsJS = `(() => {
	const out = [];
	const w = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = w.nextNode()); ) {
		const e = n.parentElement;
		if (!e || !n.textContent.trim() || e.closest("script, style, [hidden], .machine")) continue;
		if (!e.checkVisibility({visibilityProperty: true})) continue;
		out.push(n.textContent);
	}
	return out;
})()`

// negZero matches a number that reads as a negative zero: -0, −0.0000,
// -0.000e+00, -0%.
var negZero = regexp.MustCompile(`(^|[^0-9A-Za-z.])[-−]0(\.0+)?([eE][-+]?0*\d+)?%?($|[^0-9.eE])`)

// falseZero matches a claim that a gradient is zero.
var falseZero = regexp.MustCompile(`‖d[Wb][12]‖ = 0($|[^.0-9])|all zero|모두 0`)

// truthCheck fails the test with every clipped SVG label, negative zero
// and false zero claim the page shows now.
func (tb *tab) truthCheck(where string) {
	tb.t.Helper()
	if out := eval[[]string](tb, truthSVGOutsideJS); len(out) > 0 {
		tb.t.Errorf("%s: %d SVG labels leave their picture: %s", where, len(out), strings.Join(out, "; "))
	}
	for _, s := range eval[[]string](tb, truthTextsJS) {
		if negZero.MatchString(s) {
			tb.t.Errorf("%s: a negative zero on screen: %q", where, s)
		}
		if falseZero.MatchString(s) {
			tb.t.Errorf("%s: a gradient said to be zero that was never computed: %q", where, s)
		}
	}
}

// truthStages walks the stepper through every stage and checks each.
func (tb *tab) truthStages(where string) {
	tb.t.Helper()
	for i := 0; i < len(stages) && tb.read("stepper-stage")["stepper-stage"] != stages[0]; i++ {
		tb.click("stepper-prev")
		time.Sleep(50 * time.Millisecond)
	}
	tb.accStage(stages[0])
	tb.truthCheck(where + ", stage " + stages[0])
	for _, s := range stages[1:] {
		tb.click("stepper-next")
		tb.accStage(s)
		time.Sleep(150 * time.Millisecond)
		tb.truthCheck(where + ", stage " + s)
	}
}

// truthViewport sets the tab's window to w×h CSS pixels.
func (tb *tab) truthViewport(w, h int64) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 600}); err != nil {
		tb.t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
}

// What the page shows after a load is true: no gradient said to be zero
// that was never computed, a loss chart that shows losses or says why it
// has none, on the true iteration axis; no negative zero (the stepper with
// a wrong label used to end "→ -0.0000"); no SVG label clipped, in every
// chart and every stepper stage, at 10,000 iterations, in both languages,
// on a desktop and a phone. The gradient check names its broken layers in
// words and never shows a finished run's numbers under a new run.
func TestNothingOnScreenIsFalse(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("load-pretrained")
	tb.waitFor("the pretrained net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })
	time.Sleep(500 * time.Millisecond)
	if loss := eval[string](tb, `(() => { const s = document.querySelector('[data-view="loss-chart"] svg'); if (!s) return "no chart"; if (s.querySelector("polyline")) return "line"; const n = s.querySelector("text.note"); return n ? "note" : "empty"; })()`); loss != "line" && loss != "note" {
		t.Errorf("after loading the pretrained net the loss chart is %q: neither losses nor a word on why there are none", loss)
	}
	if last := eval[string](tb, `[...document.querySelectorAll('[data-view="loss-chart"] svg text.tick')].map(t => t.textContent).filter(s => /^\d+$/.test(s)).pop() || ""`); last != "10000" {
		t.Errorf("the loss chart's last iteration tick is %q after a load at iteration 10,000, want 10000 (the true iteration)", last)
	}
	tb.truthCheck("pretrained net loaded")

	// The pretrained net did its 10,000 iterations of 100 over all 60,000
	// MNIST training images: 16.67 epochs, not the 100 the page's 10,000
	// images would make them, and the page says so; the accuracy chart
	// shows how it learned (the file's figures, dashed) up to epoch 17.
	ck := pretrained(t)
	_, n, _, ok := wire.ParseDataDesc(ck.Meta.Data)
	if !ok {
		t.Fatalf("the pretrained net's file does not size its data: %q", ck.Meta.Data)
	}
	want := fmt.Sprintf("%.2f", float64(ck.Meta.Iters)/float64(n/ck.Meta.BatchSize))
	r := tb.read("epoch", "epoch-note")
	if got := r["epoch"]; got != want || want == "100.00" {
		t.Errorf("epoch readout %q after loading the pretrained net, want %s (its iterations over its %d images)", got, want, n)
	}
	if note := r["epoch-note"]; !strings.Contains(note, want) || !strings.Contains(note, strconv.Itoa(n)) {
		t.Errorf("the epoch note %q does not say the epochs were over the file's %d images", note, n)
	}
	if dashed := eval[int](tb, `document.querySelectorAll('[data-view="acc-chart"] polyline[stroke-dasharray]').length`); dashed != 2 || len(ck.History) == 0 {
		t.Errorf("%d dashed lines in the accuracy chart, want the file's train and test accuracy (its history has %d epochs)", dashed, len(ck.History))
	}

	// A drawn digit, the stepper with a wrong label (the update then drives
	// the loss of the labelled digit towards zero, not below).
	tb.drawTestDigit(3)
	tb.selectOption("stepper-label", "8")
	tb.click("stepper-run")
	tb.truthStages("en, 1280 px")

	// The gradient check: word names for every broken layer, and no old
	// numbers under a new run.
	names := eval[[]string](tb, `[...document.querySelector('[data-testid="gradcheck-break"]').options].map(o => o.value + "=" + o.textContent)`)
	for _, n := range names {
		if v, text, _ := strings.Cut(n, "="); v == text || regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`).MatchString(text) {
			t.Errorf("the gradient check offers %q by its code id, not a name", n)
		}
	}
	tb.click("gradcheck-run")
	tb.waitIDs("the first check's results", 120*time.Second, func(r kit.Readouts) bool { return r["gradcheck-b2"] != "" }, "gradcheck-b2")
	tb.selectOption("gradcheck-break", "softmax-batch")
	tb.click("gradcheck-run")
	// The page renders the controls and then writes the views, pausing for
	// the browser between views: a look can fall between the two. A stale
	// number that a second look 300 ms later still finds is one a learner
	// reads.
	stale := func() (bool, string, string) {
		r := tb.read("gradcheck-W1")
		results := eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`)
		running := eval[bool](tb, `document.querySelector('[data-testid="gradcheck-run"]').disabled`)
		return running && r["gradcheck-W1"] != "" && results != "softmax-batch", r["gradcheck-W1"], results
	}
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		r := tb.read("gradcheck-status")
		results := eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`)
		if s, _, _ := stale(); s {
			time.Sleep(300 * time.Millisecond)
			if s, v, of := stale(); s {
				t.Fatalf("while the check with softmax-batch runs, the table shows %q (results of %q)", v, of)
			}
		}
		if strings.Contains(r["gradcheck-status"], "0 of 0") {
			t.Fatalf("the check's progress reads %q", r["gradcheck-status"])
		}
		if results == "softmax-batch" {
			break
		}
	}
	tb.waitIDs("the check with softmax-batch", 120*time.Second, func(r kit.Readouts) bool { return r["gradcheck-b2"] != "" }, "gradcheck-b2")
	if v := eval[string](tb, `document.querySelector('[data-testid="gradcheck-status"]').textContent`); strings.Contains(v, "softmax-batch") {
		t.Errorf("the verdict names the broken layer by its code id: %q", v)
	}
	tb.clickConfusionCell(4, 9)
	tb.truthCheck("gradient check and a confusion cell")

	// Korean, then a phone.
	tb.selectOption("lang", "ko")
	tb.accWaitLang("ko")
	tb.truthStages("ko, 1280 px")
	tb.truthViewport(390, 844)
	tb.truthStages("ko, 390 px")
	tb.selectOption("lang", "en")
	tb.accWaitLang("en")
	tb.truthStages("en, 390 px")
	tb.noConsoleErrors()
}

// truthMessagesJS lists the messages on screen: the alert's and the
// notice's visible texts.
const truthMessagesJS = `[...document.querySelectorAll('[data-testid="error"] .alert-text, [data-testid="notice"]')].filter(e => e.checkVisibility() && e.textContent.trim()).map(e => e.textContent.trim())`

// One message at a time, the newest replacing the old: a bad file after a
// good load shows its error alone (not beside a stale "Loaded …"), in
// human words first with the engine's detail on request, until closed.
func TestOneMessageAtATime(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("load-pretrained")
	tb.waitFor("the pretrained net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })
	tb.waitIDs("the load's notice", 5*time.Second, func(kit.Readouts) bool { return len(eval[[]string](tb, truthMessagesJS)) == 1 }, "status")
	probs := tb.read("test-acc")

	bad := filepath.Join(t.TempDir(), "saved.bplw")
	if err := os.WriteFile(bad, []byte("not a weights file at all"), 0o644); err != nil {
		t.Fatal(err)
	}
	tb.importWeights(bad)
	tb.waitIDs("the bad file's message", 10*time.Second, func(r kit.Readouts) bool { return r["error"] != "" }, "error")
	time.Sleep(300 * time.Millisecond)
	msgs := eval[[]string](tb, truthMessagesJS)
	if len(msgs) != 1 {
		t.Errorf("%d messages on screen after a bad file, want the newest alone: %q", len(msgs), msgs)
	}
	text := eval[string](tb, `document.querySelector('[data-testid="error"] .alert-text').textContent`)
	if strings.Contains(text, "checkpoint:") || strings.Contains(text, `starts with`) {
		t.Errorf("the message leads with the engine's words: %q", text)
	}
	if !strings.Contains(text, "saved.bplw") {
		t.Errorf("the message does not name the file: %q", text)
	}
	if d := eval[string](tb, `(document.querySelector('[data-testid="error"] details code') || {}).textContent || ""`); d == "" {
		t.Errorf("no technical detail on request under %q", text)
	}
	if r := tb.read("test-acc"); r["test-acc"] != probs["test-acc"] {
		t.Errorf("a bad file changed the net: test acc %s → %s", probs["test-acc"], r["test-acc"])
	}
	tb.click("dismiss")
	tb.waitIDs("the message closed", 5*time.Second, func(kit.Readouts) bool { return len(eval[[]string](tb, truthMessagesJS)) == 0 }, "status")
	tb.noConsoleErrors()
}

// truthLossChart says what the loss chart shows: "line", "note" (it says
// why it has no losses) or "empty", and its last iteration tick.
func (tb *tab) truthLossChart() (string, string) {
	tb.t.Helper()
	v := eval[[]string](tb, `(() => {
		const s = document.querySelector('[data-view="loss-chart"] svg');
		if (!s) return ["no chart", ""];
		const ticks = [...s.querySelectorAll("text.tick")].map(t => t.textContent).filter(t => /^\d+$/.test(t));
		const what = s.querySelector("polyline") ? "line" : s.querySelector("text.note") ? "note" : "empty";
		return [what, ticks.pop() || ""];
	})()`)
	return v[0], v[1]
}

// After each kind of load (a reload that restores the kept net, a weights
// file) the page shows no gradient said to be zero and a loss chart that
// says why it is empty, on an axis that ends at the net's true iteration;
// the first step after the load plots at that iteration, not at 0.
func TestEveryLoadSaysWhatItKnows(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	for range 3 {
		tb.step()
	}
	file := tb.exportWeights()
	tb.reopen(eval[string](tb, `location.href`))
	tb.waitFor("the kept net after a reload", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "3" })
	time.Sleep(500 * time.Millisecond)
	if what, last := tb.truthLossChart(); what != "note" || last != "3" {
		t.Errorf("after a reload at iteration 3 the loss chart shows %q with its last tick %q, want a note on an axis 0 … 3", what, last)
	}
	tb.truthCheck("after a reload")
	tb.step()
	xs := eval[[]float64](tb, `(() => { const l = document.querySelector('[data-view="loss-chart"] svg polyline'); return l ? l.getAttribute("points").trim().split(/\s+/).map(p => +p.split(",")[0]) : []; })()`)
	if len(xs) == 0 {
		t.Fatalf("no loss line after a step past the reload")
	}
	lo := eval[float64](tb, `(() => { const t = [...document.querySelectorAll('[data-view="loss-chart"] svg text.tick')].find(t => t.textContent === "4"); return t ? +t.getAttribute("x") : -1; })()`)
	if lo < 0 {
		t.Errorf("the loss chart after a step at iteration 4 has no tick 4")
	} else if xs[0] < lo-30 {
		t.Errorf("the first loss after the reload is drawn at x = %.0f, left of iteration 4's tick at %.0f: the curve restarted at 0", xs[0], lo)
	}

	path := filepath.Join(t.TempDir(), "three.bplw")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	tb.click("train-new-seed")
	tb.waitFor("a new net", 10*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "0" })
	tb.importWeights(path)
	tb.waitFor("the imported net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "3" })
	time.Sleep(500 * time.Millisecond)
	if what, _ := tb.truthLossChart(); what != "note" {
		t.Errorf("after a weights file the loss chart shows %q, want a note on why it is empty", what)
	}
	tb.truthCheck("after a weights file")
	tb.noConsoleErrors()
}
