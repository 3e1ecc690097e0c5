//go:build e2e

package e2e

import (
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp/kb"
)

// stages are the stepper's ten stages, in order.
var stages = []string{"input", "affine1", "relu", "affine2", "softmax", "dout", "affine2-back", "relu-back", "affine1-back", "update"}

// trainShort trains 150 iterations (one epoch and a half at batch 100) and
// waits for the end: the views, the epoch statistics and the confusion
// matrix then hold real values.
func (tb *tab) trainShort() {
	tb.t.Helper()
	tb.typeInto("iters", "150", "\t")
	tb.waitFor("the budget of 150", 5*time.Second, func(kit.Readouts) bool {
		return strings.Contains(eval[string](tb, `document.querySelector('.budget-text').textContent`), "150")
	})
	tb.click("train-toggle")
	tb.waitStatus(120*time.Second, "done")
	tb.waitFor("the first epoch's statistics", 10*time.Second, func(r kit.Readouts) bool { return r["test-acc"] != "" })
}

// waitIDs polls the given hooks every 50 ms until cond accepts them.
func (tb *tab) waitIDs(what string, timeout time.Duration, cond func(kit.Readouts) bool, ids ...string) kit.Readouts {
	tb.t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		r := tb.read(ids...)
		if cond(r) {
			return r
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("waiting for %s: not within %v; the page shows %s", what, timeout, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// distinctColours counts the distinct colours of a canvas (a blank or
// uniform canvas has one or two).
func (tb *tab) distinctColours(id string) int {
	tb.t.Helper()
	return eval[int](tb, `(() => {
		const c = document.querySelector('[data-testid="`+id+`"]');
		if (!c || !c.width) return 0;
		const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
		const seen = new Set();
		for (let i = 0; i < d.length; i += 4) seen.add((d[i] << 16) | (d[i+1] << 8) | d[i+2]);
		return seen.size;
	})()`)
}

// drawTestDigit traces test image i onto the drawing pad and waits for the
// prediction.
func (tb *tab) drawTestDigit(i int) string {
	tb.t.Helper()
	im, _, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.DrawMouse("draw-canvas", digitStrokes(tb.t, im.Image(i), i)); err != nil {
		tb.t.Fatal(err)
	}
	return tb.waitPrediction()
}

// isStepperLoss reports whether loss is the stepper's −log(y + 1e-7) of
// the probability y that the page shows (data-prob has 6 decimals: the loss
// from it is exact to about 1e-6/y).
func isStepperLoss(loss, y float64) bool {
	return math.Abs(loss-(-math.Log(y+1e-7))) <= 2e-6/y+1e-6
}

func TestInsideViews(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.trainShort()

	t.Run("views are not blank", func(t *testing.T) {
		tb := tb.with(t)
		for _, id := range []string{"weights-w1", "weights-w2", "gradients-w1", "gradients-w2"} {
			// A 28×28 tile of trained weights alone has dozens of shades.
			if n := tb.distinctColours(id); n < 50 {
				t.Errorf("%s shows %d distinct colours, want a real picture (>= 50)", id, n)
			}
		}
		if s := eval[string](tb, `document.querySelector('[data-testid="grad-norms"] svg polyline') ? "ok" : ""`); s != "ok" {
			t.Error("the gradient-norm chart has no line")
		}
	})

	t.Run("relu mask of the drawing", func(t *testing.T) {
		tb := tb.with(t)
		tb.drawTestDigit(0)
		// The mask follows the drawing at the page's next render.
		var cells []map[string]string
		tb.waitIDs("the mask of the drawing", 10*time.Second, func(kit.Readouts) bool {
			cells = eval[[]map[string]string](tb, `Array.from(document.querySelectorAll('[data-testid="relu-mask"] [data-unit]')).map(e => ({unit: e.dataset.unit, active: e.dataset.active}))`)
			return len(cells) > 0 && cells[0]["active"] != ""
		}, "prediction")
		if len(cells) != 50 {
			t.Fatalf("relu-mask has %d cells, want one per hidden unit (50)", len(cells))
		}
		on := 0
		for j, c := range cells {
			if c["unit"] != strconv.Itoa(j) || (c["active"] != "0" && c["active"] != "1") {
				t.Fatalf("cell %d = %v, want data-unit %d and data-active 0 or 1", j, c, j)
			}
			if c["active"] == "1" {
				on++
			}
		}
		// A real digit through a trained ReLU net switches some units on and some off.
		if on == 0 || on == 50 {
			t.Errorf("%d of 50 units on for a drawn digit", on)
		}
		// Once the pen has rested, the stepper runs its pass over the
		// drawing, with the net's guess as the label: its loss is
		// −log(y[guess] + 1e-7) of the drawing's probabilities.
		pred := tb.read("prediction")["prediction"]
		probs := tb.checkProbs(pred)
		d, _ := strconv.Atoi(pred)
		tb.waitIDs("the stepper to follow the drawing", 5*time.Second, func(r kit.Readouts) bool {
			loss, err := strconv.ParseFloat(r["stepper-loss"], 64)
			return err == nil && isStepperLoss(loss, probs[d])
		}, "stepper-loss")
	})

	t.Run("stepper with buttons and keys", func(t *testing.T) {
		tb := tb.with(t)
		tb.click("stepper-run")
		stage := func() string { return tb.read("stepper-stage")["stepper-stage"] }
		waitStage := func(want string) {
			tb.waitIDs("stage "+want, 5*time.Second, func(r kit.Readouts) bool { return r["stepper-stage"] == want }, "stepper-stage")
		}
		waitStage("input")
		for _, s := range stages[1:] {
			tb.click("stepper-next")
			waitStage(s)
		}
		for i := len(stages) - 2; i >= 0; i-- {
			tb.click("stepper-prev")
			waitStage(stages[i])
		}
		// The keyboard: → and ← anywhere outside a field.
		eval[bool](tb, `(document.activeElement && document.activeElement.blur(), true)`)
		for _, s := range stages[1:] {
			tb.press(kb.ArrowRight)
			waitStage(s)
		}
		tb.press(kb.ArrowLeft)
		waitStage("affine1-back")
		if got := stage(); got != "affine1-back" {
			t.Errorf("stage %q", got)
		}
	})

	t.Run("stepper loss is the engine's", func(t *testing.T) {
		tb := tb.with(t)
		// The drawing's probabilities come from the engine's Probabilities
		// (net.Probabilities in the page); the stepper ran the pass with the
		// label it shows in its text (the net's guess for a drawing).
		pred := tb.read("prediction")["prediction"]
		probs := tb.checkProbs(pred)
		lossText := tb.read("stepper-loss")["stepper-loss"]
		loss, err := strconv.ParseFloat(lossText, 64)
		if err != nil {
			t.Fatalf("stepper-loss %q is not a number", lossText)
		}
		d, _ := strconv.Atoi(pred)
		if !isStepperLoss(loss, probs[d]) {
			t.Errorf("stepper loss %v, engine's −log(y[%d] + 1e-7) = %v", loss, d, -math.Log(probs[d]+1e-7))
		}
	})

	t.Run("gradient check", func(t *testing.T) {
		tb := tb.with(t)
		diffs := func(kind string) []float64 {
			// Choose the broken layer and wait until the page has taken it
			// (the note under the select names it).
			taken := func() bool {
				return eval[string](tb, `document.querySelector('[data-testid="gradcheck-break-note"]').dataset.break`) == kind
			}
			for deadline := time.Now().Add(10 * time.Second); !taken(); time.Sleep(200 * time.Millisecond) {
				if time.Now().After(deadline) {
					t.Fatalf("the page did not take break %q", kind)
				}
				tb.selectOption("gradcheck-break", kind)
			}
			running := func() bool {
				return eval[bool](tb, `document.querySelector('[data-testid="gradcheck-run"]').disabled`)
			}
			resultsOf := func() string {
				return eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`)
			}
			tb.click("gradcheck-run")
			// The run starts (the button is disabled while it runs), then ends
			// with results for this kind. Two forward passes per parameter,
			// 79,520 in all: seconds natively, longer in WebAssembly.
			ids := []string{"gradcheck-W1", "gradcheck-b1", "gradcheck-W2", "gradcheck-b2"}
			tb.waitIDs("the gradient check with "+kind+" to start", 10*time.Second, func(kit.Readouts) bool { return running() }, ids...)
			tb.waitIDs("the gradient check with "+kind, 120*time.Second, func(r kit.Readouts) bool {
				return !running() && r["gradcheck-b2"] != "" && resultsOf() == kind
			}, ids...)
			// The readouts above were read before running() and resultsOf():
			// they can still be the previous run's if this one ended in
			// between (CI saw "none"'s 1.5e-8 for softmax-batch once). Now
			// that the run has ended, read them again.
			r := tb.read(ids...)
			var out []float64
			for _, k := range ids {
				v, err := strconv.ParseFloat(r[k], 64)
				if err != nil || !strings.Contains(r[k], "e") {
					t.Fatalf("%s = %q, want a number in Go's %%e form", k, r[k])
				}
				out = append(out, v)
			}
			return out
		}
		for i, d := range diffs("none") {
			if !(d < 1e-6) {
				t.Errorf("none: difference %d = %g, want < 1e-6", i, d)
			}
		}
		// Forgetting ÷batch changes every gradient (by the batch size, 3
		// here), whatever units the images switch on.
		worst := 0.0
		for _, d := range diffs("softmax-batch") {
			worst = math.Max(worst, d)
		}
		if !(worst > 1e-3) {
			// The results table names the broken layer the trainer says it
			// used; the note, the one the page has chosen.
			t.Errorf("softmax-batch: largest difference %g, want > 1e-3 (results for %q, page's choice %q)", worst,
				eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`),
				eval[string](tb, `document.querySelector('[data-testid="gradcheck-break-note"]').dataset.break || ""`))
		}
	})

	t.Run("confusion matrix", func(t *testing.T) {
		tb := tb.with(t)
		cells := eval[[]map[string]string](tb, `Array.from(document.querySelectorAll('[data-testid="confusion"] [data-true][data-pred]')).map(e => ({t: e.dataset.true, p: e.dataset.pred, n: e.textContent.trim()}))`)
		if len(cells) != 100 {
			t.Fatalf("%d cells, want 10×10", len(cells))
		}
		sum, diag := 0, 0
		for _, c := range cells {
			n, err := strconv.Atoi(c["n"])
			if err != nil {
				t.Fatalf("cell %v: count is not a number", c)
			}
			sum += n
			if c["t"] == c["p"] {
				diag += n
			}
		}
		if sum != 2000 {
			t.Errorf("the confusion matrix sums to %d, want the 2,000 test images", sum)
		}
		acc, _ := tb.read("test-acc").Float("test-acc")
		if math.Abs(float64(diag)/2000-acc) > 1e-4 {
			t.Errorf("diagonal %d/2000 does not match test-acc %v", diag, acc)
		}
	})
	tb.noConsoleErrors()
}
