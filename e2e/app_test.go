//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/server"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// The page loads to status ready, served with the real server's headers,
// and nothing (CSP included) writes an error to the console.
func TestLoadsReady(t *testing.T) {
	tb := newTab(t)
	ctx, cancel := context.WithTimeout(tb.Ctx, 60*time.Second)
	defer cancel()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(srv.URL+"/"))
	if err != nil {
		t.Fatal(err)
	}
	if resp.Status != 200 {
		t.Fatalf("GET / = %d %s", resp.Status, resp.StatusText)
	}
	// The test must cover the server's CSP: a policy that blocks something
	// the page needs shows up below as a console error.
	if got := headerValue(resp.Headers, "Content-Security-Policy"); got != server.ContentSecurityPolicy {
		t.Errorf("Content-Security-Policy = %q, want the server's %q", got, server.ContentSecurityPolicy)
	}

	r := tb.waitStatus(60*time.Second, "ready")
	if r["iteration"] != "0" {
		t.Errorf("iteration = %q before training, want 0", r["iteration"])
	}
	for _, id := range []string{"test-acc", "train-acc", "prediction", "error", "lr-error"} {
		if v, ok := r[id]; !ok {
			t.Errorf("the page has no [data-testid=%s]", id)
		} else if v != "" {
			t.Errorf("%s = %q on a fresh page, want empty", id, v)
		}
	}
	// The page must leave the browser's globals to everyone else's scripts
	// (test drivers' page.evaluate, devtools snippets, extensions).
	if own := eval[string](tb, `Function.prototype.toString.call(window.eval)`); own != "function eval() { [native code] }" {
		t.Errorf("window.eval after load is %q, want the browser's own function", own)
	}
	if !eval[bool](tb, `window.crossOriginIsolated`) {
		t.Errorf("window.crossOriginIsolated is false although the server sends COOP and COEP")
	}
	// The server sends main.wasm as application/wasm, so the page compiles
	// the response itself, which the browser can keep compiled code for.
	if from := eval[string](tb, `window.bplBoot.wasmFrom`); from != "response" {
		t.Errorf("main.wasm was compiled from %q, want the response", from)
	}
	// The drawing canvas: 280×280 canvas pixels, no browser gestures.
	c := eval[map[string]string](tb, `(() => {
		const c = document.querySelector('[data-testid="draw-canvas"]');
		if (!c) return {};
		return {tag: c.tagName, size: c.width + "x" + c.height, touch: getComputedStyle(c).touchAction};
	})()`)
	if c["tag"] != "CANVAS" || c["size"] != "280x280" || c["touch"] != "none" {
		t.Errorf("draw-canvas = %v, want a 280x280 CANVAS with touch-action none", c)
	}
	probs, err := tb.Probabilities()
	if err != nil {
		t.Fatal(err)
	}
	if len(probs) != 10 {
		t.Errorf("probabilities has %d entries, want 10", len(probs))
	}
	// Let the worker settle, then check the console of page and worker.
	time.Sleep(500 * time.Millisecond)
	tb.noConsoleErrors()
}

func headerValue(h map[string]any, name string) string {
	for k, v := range h {
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// trainBudget is the iteration budget of TestTrainThenDraw: 10 epochs,
// after which the book's settings (seed 1) reach a test accuracy of 0.892.
const trainBudget = 1000

// TestTrainThenDraw trains a net in one tab, as a user would, then draws
// digits for it to recognise (see the subtests). The drawing needs a
// trained net, and training twice would double the suite's run time.
func TestTrainThenDraw(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	t.Run("TrainingReachesAccuracy", func(t *testing.T) { trainingReachesAccuracy(tb.with(t)) })
	t.Run("DrawnDigitsAreRecognised", func(t *testing.T) { drawnDigitsAreRecognised(tb.with(t)) })
}

// Training runs to its budget: status training while it runs, the
// iteration only goes up, test accuracy passes 0.85, then status done.
func trainingReachesAccuracy(tb *tab) {
	t := tb.t
	const budget = trainBudget
	tb.typeInto("iters", strconv.Itoa(budget), "\t")
	if r := tb.read("iters-error", "iteration"); r["iters-error"] != "" || r["iteration"] != "0" {
		t.Fatalf("after setting iters to %d: %s", budget, r)
	}
	start := time.Now()
	tb.click("train-toggle")

	sawTraining := false
	last, distinct := 0, 0
	var r kit.Readouts
	for deadline := time.Now().Add(120 * time.Second); ; time.Sleep(200 * time.Millisecond) {
		r = tb.read()
		switch r["status"] {
		case "training":
			sawTraining = true
		case "error":
			t.Fatalf("status error while training: %s", r)
		}
		it := r.Int("iteration")
		if it < last {
			t.Fatalf("iteration went back from %d to %d", last, it)
		}
		if it > last {
			distinct++
			last = it
		}
		if r["status"] == "done" {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("not done within 120 s: %s", r)
		}
	}
	elapsed := time.Since(start)
	if !sawTraining {
		t.Errorf("never saw status training while the net trained")
	}
	if distinct < 3 {
		t.Errorf("the iteration readout changed only %d times during training; want it to count up", distinct)
	}
	if r.Int("iteration") != budget {
		t.Errorf("iteration = %q at done, want %d", r["iteration"], budget)
	}
	acc, err := r.Float("test-acc")
	if err != nil {
		t.Fatal(err)
	}
	if acc <= 0.85 || acc > 1 {
		t.Errorf("test accuracy %v after %d iterations, want > 0.85", acc, budget)
	}
	if tr, err := r.Float("train-acc"); err != nil || tr <= 0.85 || tr > 1 {
		t.Errorf("train accuracy %q, want a fraction > 0.85 (%v)", r["train-acc"], err)
	}
	if ep, err := r.Float("epoch"); err != nil || math.Abs(ep-budget/100.0) > 0.01 {
		t.Errorf("epoch = %q at iteration %d, want %v (100 iterations per epoch)", r["epoch"], budget, budget/100.0)
	}
	if loss, err := r.Float("loss"); err != nil || math.IsNaN(loss) || loss <= 0 || loss > 1 {
		t.Errorf("loss = %q after %d iterations, want a finite value below 1 (%v)", r["loss"], budget, err)
	}
	if r["error"] != "" {
		t.Errorf("the error area shows %q after training", r["error"])
	}
	if sps, err := r.Float("samples-per-sec"); err != nil || sps <= 0 {
		t.Errorf("samples-per-sec = %q, want > 0 (%v)", r["samples-per-sec"], err)
	}
	// The trainer's totals (what make bench times training with the views
	// open by): every sample trained, and a training time within the wall
	// clock's (each epoch's evaluation is left out of it).
	if tot, err := tb.Trained(); err != nil {
		t.Error(err)
	} else {
		if tot.Samples != budget*100 {
			t.Errorf("data-trained-samples = %d after %d iterations of 100, want %d", tot.Samples, budget, budget*100)
		}
		if tot.Ms <= 0 || tot.Ms > float64(elapsed.Milliseconds()) {
			t.Errorf("data-trained-ms = %v, want a time within the %v the run took", tot.Ms, elapsed)
		}
	}
	t.Logf("%d iterations in %v (%.0f samples/s wall clock, page shows %s/s); test acc %s, train acc %s, loss %s",
		budget, elapsed.Round(time.Millisecond), float64(budget*100)/elapsed.Seconds(), r["samples-per-sec"], r["test-acc"], r["train-acc"], r["loss"])

	// Done is done: nothing moves any more.
	time.Sleep(time.Second)
	if r2 := tb.read(); r2["status"] != "done" || r2["iteration"] != r["iteration"] {
		t.Errorf("one second after done: %s", r2)
	}
	tb.noConsoleErrors()
}

// Pause stops the trainer: the iteration stays put, and play resumes.
func TestPauseStops(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("train-toggle")
	// Past the first epoch: its statistics are the last message that
	// re-renders the whole page by itself, so from there on only the
	// changes of state (pause, play) must show the status and the buttons.
	tb.waitFor("training past the first epoch", 60*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "training" && r.Int("iteration") >= 110 && r["test-acc"] != ""
	})
	tb.click("train-toggle")
	r1 := tb.waitStatus(5*time.Second, "paused")
	time.Sleep(1100 * time.Millisecond)
	r2 := tb.read()
	if r2["status"] != "paused" || r2["iteration"] != r1["iteration"] || r2["loss"] != r1["loss"] {
		t.Errorf("paused at %s, but 1.1 s later the page shows %s", r1, r2)
	}
	// Play resumes from there.
	tb.click("train-toggle")
	tb.waitFor("training to resume", 10*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "training" && r.Int("iteration") > r1.Int("iteration")
	})
	if s := tb.playButtons(); !strings.Contains(s, "Pause") || strings.Contains(s, "step enabled") {
		t.Errorf("training again, but the play button reads %q (want Pause, and Step disabled)", s)
	}
	tb.click("train-toggle")
	tb.waitStatus(5*time.Second, "paused")
	tb.noConsoleErrors()
}

// Play from ready or paused does not render the page: it writes the few
// elements that playing changes directly (ui.playPause), because a Vugu
// render there was the longest task at the start of training. What it
// writes must be what a render writes: a render forced while training (the
// language select's change event, to the same language) must change none
// of the page's controls and status elements.
func TestPlayWritesWhatARenderWould(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	const controls = `JSON.stringify([...document.querySelectorAll('button, input, select, [data-testid^="status"]')]
		.filter(e => !e.closest('[data-testid="relu-mask"], [data-testid="confusion"]'))
		.map(e => [e.dataset.testid || e.id || e.tagName, e.disabled, e.getAttribute("disabled"), e.getAttribute("data-state"),
			e.tagName === "INPUT" || e.tagName === "SELECT" ? "" : e.textContent.trim()].join("|")))`
	for _, from := range []string{"ready", "paused"} {
		tb.click("train-toggle")
		tb.waitStatus(5*time.Second, "training")
		if r := tb.read("status-text", "status-say"); r["status-text"] != "training" || r["status-say"] != "status: training" {
			t.Errorf("from %s, after play the status reads %s, want training", from, r)
		}
		if s := tb.playButtons(); !strings.Contains(s, "Pause") || strings.Contains(s, "step enabled") {
			t.Errorf("from %s, after play the play button reads %q (want Pause, and Step disabled)", from, s)
		}
		before := eval[string](tb, controls)
		eval[bool](tb, `(() => { const s = document.querySelector('[data-testid="lang"]'); s.value = "en"; s.dispatchEvent(new Event("change", {bubbles: true})); return true; })()`)
		time.Sleep(300 * time.Millisecond) // the render runs at the next turn of the page's loop
		if after := eval[string](tb, controls); after != before {
			t.Errorf("from %s, a render while training changed the controls that play wrote:\nafter play:   %s\nafter render: %s", from, before, after)
		}
		tb.click("train-toggle")
		tb.waitStatus(5*time.Second, "paused")
	}
	tb.noConsoleErrors()
}

// playButtons is the play button's label, and " (step enabled)" when the
// step button is enabled.
func (tb *tab) playButtons() string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector('[data-testid="train-toggle"]').textContent + (document.querySelector('[data-testid="train-step"]').disabled ? "" : " (step enabled)")`)
}

// Reset rebuilds the same net from the same seed, so the first losses are
// the same; New seed gives another net and another first loss.
func TestResetIsDeterministic(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	// With the book's init (0.01·N(0,1)) every seed's first loss is
	// ln 10 = 2.3026 to four digits, so use He init, whose first loss
	// depends on the weights. At iteration 0 this builds the net at once.
	tb.selectOption("init", "he")
	tb.waitFresh("choosing He init")

	first := tb.step()["loss"]
	for range 4 {
		tb.step()
	}
	fifth := tb.read("loss")["loss"]

	tb.click("train-reset")
	tb.waitFresh("Reset")
	if got := tb.step()["loss"]; got != first {
		t.Errorf("first loss after Reset = %q, want %q as before", got, first)
	}
	for range 4 {
		tb.step()
	}
	if got := tb.read("loss")["loss"]; got != fifth {
		t.Errorf("fifth loss after Reset = %q, want %q as before (same batches)", got, fifth)
	}

	seed := eval[string](tb, `document.querySelector('[data-testid="seed"]').value`)
	tb.click("train-new-seed")
	tb.waitFresh("New seed")
	if s := eval[string](tb, `document.querySelector('[data-testid="seed"]').value`); s == seed {
		t.Errorf("the seed field still shows %q after New seed", s)
	}
	if got := tb.step()["loss"]; got == first {
		t.Errorf("first loss with a new seed = %q, the same as with seed %s", got, seed)
	}
	tb.noConsoleErrors()
}

// After the budget is used up, Reset gives a fresh net that trains again.
func TestResetAfterDone(t *testing.T) {
	const budget = 30
	tb := newTab(t)
	tb.open("")
	tb.train(budget, 30*time.Second)
	tb.click("train-reset")
	tb.waitFresh("Reset after done")
	tb.click("train-toggle")
	tb.waitFor(fmt.Sprintf("training to %d again", budget), 30*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "done" && r.Int("iteration") == budget
	})
	tb.noConsoleErrors()
}

// A bad learning rate is explained next to the field and not applied: the
// trainer goes on with the old rate, bit for bit.
func TestBadLearningRate(t *testing.T) {
	const steps = 20
	tb := newTab(t)
	tb.open("")
	// The reference: the losses of the first steps with the default rate.
	var want []string
	for range steps {
		want = append(want, tb.step()["loss"])
	}
	tb.click("train-reset")
	tb.waitFresh("Reset")
	lr := eval[string](tb, `document.querySelector('[data-testid="lr"]').value`)

	for _, bad := range []string{"abc", "-1", ""} {
		// Validation on input: the error shows while typing.
		tb.typeInto("lr", bad, "")
		r := tb.waitFor("an lr error for "+strconv.Quote(bad), 5*time.Second, func(r kit.Readouts) bool {
			return r["lr-error"] != ""
		})
		// Tab fires change: still refused, and no page-level error.
		tb.press("\t")
		time.Sleep(200 * time.Millisecond)
		r = tb.read()
		if r["lr-error"] == "" {
			t.Errorf("lr %q: the error went away on change", bad)
		}
		if r["status"] == "error" || r["error"] != "" {
			t.Errorf("lr %q: the page shows %s, want no error but the field's", bad, r)
		}
		t.Logf("lr %q: %s", bad, r["lr-error"])
	}

	for i := range steps {
		r := tb.step()
		loss, err := r.Float("loss")
		if err != nil || math.IsNaN(loss) || math.IsInf(loss, 0) {
			t.Fatalf("step %d: loss %q is not finite", i+1, r["loss"])
		}
		if r["loss"] != want[i] {
			t.Errorf("step %d: loss %q, want %q as with the rate %s: the bad rate was applied?", i+1, r["loss"], want[i], lr)
		}
		if r["status"] == "error" || r["error"] != "" {
			t.Fatalf("step %d: %s", i+1, r)
		}
	}

	// A good value clears the error.
	tb.typeInto("lr", "0.05", "\t")
	tb.waitFor("the lr error to clear", 5*time.Second, func(r kit.Readouts) bool { return r["lr-error"] == "" })
	tb.noConsoleErrors()
}

// The bench page trains without UI and reports its speed as JSON.
func TestBench(t *testing.T) {
	tb := newTab(t)
	tb.open("?bench=train&iters=200&warmup=50")
	r := tb.waitFor("bench-result", 90*time.Second, func(r kit.Readouts) bool { return r["bench-result"] != "" })
	raw := r["bench-result"]
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(raw), &fields); err != nil {
		t.Fatalf("bench-result %q is not a JSON object: %v", raw, err)
	}
	type result struct {
		SamplesPerSec float64 `json:"samples_per_sec"`
		Iters         int     `json:"iters"`
		Batch         int     `json:"batch"`
		Ms            float64 `json:"ms"`
		WarmupIters   int     `json:"warmup_iters"`
		WarmupMs      float64 `json:"warmup_ms"`
	}
	var b result
	for _, k := range []string{"samples_per_sec", "iters", "batch", "ms", "warmup_iters", "warmup_ms"} {
		if _, ok := fields[k]; !ok {
			t.Errorf("bench-result %s has no %q", raw, k)
		}
	}
	if err := json.Unmarshal([]byte(raw), &b); err != nil {
		t.Fatalf("bench-result %s: %v", raw, err)
	}
	if b.Iters != 200 || b.Batch != 100 || b.SamplesPerSec <= 0 || b.Ms <= 0 || b.WarmupIters != 50 || b.WarmupMs <= 0 {
		t.Errorf("bench-result %s: want iters 200, batch 100, samples_per_sec > 0, ms > 0, warmup_iters 50, warmup_ms > 0", raw)
	}
	if want := float64(b.Iters*b.Batch) / (b.Ms / 1000); math.Abs(b.SamplesPerSec-want) > 0.05*want {
		t.Errorf("bench-result %s: samples_per_sec should be iters·batch/(ms/1000) = %.0f", raw, want)
	}
	t.Logf("bench: %s", raw)
	// The bench page has nothing to train, step or draw: no keyboard help.
	if eval[bool](tb, `!!document.querySelector('[data-testid="keys"]')`) {
		t.Error("the bench page shows the keyboard panel, whose keys do nothing there")
	}

	// Run again: the same steps in the same tab, without the warm-up.
	tb.click("bench-again")
	r = tb.waitFor("the second bench-result", 90*time.Second, func(r kit.Readouts) bool {
		return r["bench-result"] != "" && r["bench-result"] != raw
	})
	again := r["bench-result"]
	b = result{}
	if err := json.Unmarshal([]byte(again), &b); err != nil {
		t.Fatalf("second bench-result %q: %v", again, err)
	}
	if b.Iters != 200 || b.Batch != 100 || b.SamplesPerSec <= 0 || b.Ms <= 0 || b.WarmupIters != 0 || b.WarmupMs != 0 {
		t.Errorf("second bench-result %s: want iters 200, batch 100, samples_per_sec > 0, ms > 0, no warm-up", again)
	}
	t.Logf("bench again: %s", again)
	tb.noConsoleErrors()
}

// Training data-parallel in two workers is the same SGD as in one: the
// helper computes the gradient of half of each batch, the trainer adds it to
// its own half's. After 100 steps the loss and the weights agree to float
// rounding, whether the helper got its work through shared memory (the
// server makes the page cross-origin isolated) or, as where it is not, as
// messages.
func TestBenchWorkersAgree(t *testing.T) {
	type result struct {
		Iters    int     `json:"iters"`
		Workers  int     `json:"workers"`
		Pool     string  `json:"pool"`
		OwnMs    float64 `json:"own_ms"`
		Loss     float64 `json:"loss"`
		ParamSum float64 `json:"param_sum"`
		ParamSq  float64 `json:"param_sq"`
	}
	run := func(workers int, pool string) (result, string) {
		tb := newTab(t)
		tb.open(fmt.Sprintf("?bench=train&iters=100&warmup=20&workers=%d&pool=%s", workers, pool))
		r := tb.waitFor("bench-result", 90*time.Second, func(r kit.Readouts) bool { return r["bench-result"] != "" })
		raw := r["bench-result"]
		var b result
		if err := json.Unmarshal([]byte(raw), &b); err != nil {
			t.Fatalf("bench-result %q: %v", raw, err)
		}
		tb.noConsoleErrors()
		return b, raw
	}
	one, raw1 := run(1, "")
	if one.Iters != 100 || one.Workers != 1 || one.ParamSq <= 0 || math.IsNaN(one.Loss) {
		t.Fatalf("1 worker: want 100 iterations, weights and a loss, got %s", raw1)
	}
	for _, pool := range []string{"shared", "messages"} {
		two, raw2 := run(2, pool)
		t.Logf("1 worker: %s\n2 workers, %s: %s", raw1, pool, raw2)
		if two.Iters != 100 || two.Workers != 2 || two.Pool != pool || two.OwnMs <= 0 {
			t.Errorf("2 workers, %s: got %s; want 100 iterations, pool %q, the helper at work (own_ms > 0)", pool, raw2, pool)
		}
		for _, c := range []struct {
			name     string
			one, two float64
		}{{"loss", one.Loss, two.Loss}, {"param_sum", one.ParamSum, two.ParamSum}, {"param_sq", one.ParamSq, two.ParamSq}} {
			if d := math.Abs(c.one - c.two); d > 1e-9*math.Abs(c.one) {
				t.Errorf("%s, %s: 1 worker %v, 2 workers %v (relative difference %.3g > 1e-9)", pool, c.name, c.one, c.two, d/math.Abs(c.one))
			}
		}
	}
}

// serveReplacing serves dist/ as the project's server does, except that
// path gets body as application/octet-stream (the test's server closes
// with the test).
func serveReplacing(t *testing.T, path string, body []byte) *httptest.Server {
	t.Helper()
	return serveWith(t, path, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/octet-stream")
		_, _ = w.Write(body)
	})
}

// serveWith serves dist/ with the project's server, except path, which
// other answers.
func serveWith(t *testing.T, path string, other http.HandlerFunc) *httptest.Server {
	t.Helper()
	h, err := server.New(distDir)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == path {
			other(w, r)
			return
		}
		h.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// dataError opens url, where a data file is broken, and checks that the
// page stops with an error (not ready) whose message has every one of
// want. It returns the message.
func (tb *tab) dataError(url, what string, want ...string) string {
	tb.t.Helper()
	if err := tb.Open(url); err != nil {
		tb.t.Fatal(err)
	}
	r := tb.waitFor(what+"'s error", 60*time.Second, func(r kit.Readouts) bool { return r["status"] == "error" || r["status"] == "ready" })
	if r["status"] != "error" {
		tb.t.Fatalf("%s: status %q, want error (%s)", what, r["status"], r)
	}
	msg := r["error"]
	for _, w := range want {
		if !strings.Contains(msg, w) {
			tb.t.Errorf("error %q does not name %q", msg, w)
		}
	}
	tb.t.Logf("error shown: %s", msg)
	return msg
}

// A static server that does not know WebAssembly's Content-Type (here:
// application/octet-stream) still serves a working page: main.wasm is
// compiled from a copy of its body.
func TestWasmWithAnotherContentType(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(distDir, "main.wasm"))
	if err != nil {
		t.Fatal(err)
	}
	plain := serveReplacing(t, "/main.wasm", raw)

	tb := newTab(t)
	if err := tb.Open(plain.URL + "/"); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.WaitStatus(60*time.Second, "ready"); err != nil {
		t.Fatal(err)
	}
	if from := eval[string](tb, `window.bplBoot.wasmFrom`); from != "copy" {
		t.Errorf("main.wasm sent as application/octet-stream was compiled from %q, want a copy", from)
	}
	tb.noConsoleErrors()
}

// A data file that is not the published one (one bit changed on its way)
// is refused with a message that says what to do and names the file and its
// checksum, and the page does not crash. In the page the browser computes
// the checksums (crypto.subtle; worker's TestBrowserSums checks them).
func TestCorruptDataIsReported(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join(distDir, "data", "train-images-idx3-ubyte"))
	if err != nil {
		t.Fatal(err)
	}
	raw[16+5000] ^= 0x40 // a pixel of the 7th image
	bad := serveReplacing(t, "/data/train-images-idx3-ubyte", raw)

	tb := newTab(t)
	msg := tb.dataError(bad.URL+"/", "a corrupt train-images file", "did not arrive intact", "Reload the page", "train-images-idx3-ubyte", "sha-256")
	if strings.Contains(msg, "Restart") {
		t.Errorf("error %q offers a restart, which would load the same bytes", msg)
	}
	// The page still answers, and wrote no error to its console (a crash
	// or an uncaught exception would).
	if r := tb.read("status"); r["status"] != "error" {
		t.Errorf("status after the data error: %s", r)
	}
	tb.noConsoleErrors()
}

// The trainer worker fetches the training files itself (web/worker.js),
// while the page's Go is already running. A training file that the server
// does not deliver stops the page with a message that names the file and
// says to reload, instead of a page that says "loading" forever.
func TestMissingTrainingFileIsReported(t *testing.T) {
	srv := serveWith(t, "/data/train-labels-idx1-ubyte", http.NotFound)
	tb := newTab(t)
	tb.dataError(srv.URL+"/", "a missing train-labels file", "Reload the page", "data/train-labels-idx1-ubyte", "HTTP 404")
	// The app is there (not the boot screen's error): its controls stay.
	if n := eval[int](tb, `document.querySelectorAll('[data-testid="draw-canvas"], [data-testid="train-toggle"]').length`); n != 2 {
		t.Errorf("%d of the draw canvas and the train toggle on the page, want 2", n)
	}
}

// The boot screen lays out a sample of every font style of the app while
// the downloads run (web/app.js, window.bplFontWarm), so that the app's
// first layout finds its fonts resolved. The sample must cover what the
// page really uses once ready: every weight and size, and in each the
// characters beyond ASCII that need a fallback font.
func TestFontWarmUp(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	type style struct {
		Weight int     `json:"weight"`
		Size   float64 `json:"size"`
		Mono   bool    `json:"mono"`
		Chars  string  `json:"chars"`
		Where  string  `json:"where"`
	}
	var warm struct {
		Styles [][]any `json:"styles"`
		Mono   [][]any `json:"mono"`
	}
	if err := json.Unmarshal([]byte(eval[string](tb, `JSON.stringify(window.bplFontWarm || null)`)), &warm); err != nil || len(warm.Styles) == 0 {
		t.Fatalf("window.bplFontWarm is missing or empty (%v)", err)
	}
	used := eval[string](tb, `(() => {
		const out = new Map();
		const add = (el, text) => {
			const c = getComputedStyle(el);
			const mono = c.fontFamily.startsWith("ui-monospace");
			const key = c.fontWeight + "|" + c.fontSize + "|" + mono;
			const s = out.get(key) || {weight: +c.fontWeight, size: parseFloat(c.fontSize), mono, chars: "", where: el.tagName + (el.dataset.testid ? "[" + el.dataset.testid + "]" : "")};
			for (const ch of text) if (ch.codePointAt(0) > 126 && !/\s/.test(ch) && !s.chars.includes(ch)) s.chars += ch;
			out.set(key, s);
		};
		const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
		for (let n; (n = walk.nextNode()); ) if (n.textContent.trim() && n.parentElement.getClientRects().length) add(n.parentElement, n.textContent);
		for (const e of document.querySelectorAll("input, option")) add(e.tagName === "OPTION" ? e.parentElement : e, e.value || e.textContent || "");
		return JSON.stringify([...out.values()]);
	})()`)
	var styles []style
	if err := json.Unmarshal([]byte(used), &styles); err != nil || len(styles) == 0 {
		t.Fatalf("no styles read from the page: %v %s", err, used)
	}
	find := func(s style) (string, bool) {
		list := warm.Styles
		if s.Mono {
			list = warm.Mono
		}
		for _, w := range list {
			if len(w) == 3 && int(w[0].(float64)) == s.Weight && math.Abs(w[1].(float64)-s.Size) < 0.01 {
				return w[2].(string), true
			}
		}
		return "", false
	}
	for _, s := range styles {
		chars, ok := find(s)
		if !ok {
			t.Errorf("the page uses weight %d, %gpx (mono %v, e.g. %s) and bplFontWarm (web/app.js) lacks [%d, %g, %q]", s.Weight, s.Size, s.Mono, s.Where, s.Weight, s.Size, s.Chars)
			continue
		}
		for _, c := range s.Chars {
			if !strings.ContainsRune(chars, c) {
				t.Errorf("weight %d, %gpx (e.g. %s) shows %q and its bplFontWarm entry lacks it", s.Weight, s.Size, s.Where, c)
			}
		}
	}
}

// After a trainer crash, "Restart the trainer" starts a new trainer, which
// fetches the training files again (the page keeps only the test set) and
// goes on from the weights shown. The crash is a {crash} message posted
// from inside the trainer worker through the DevTools protocol, what
// web/worker.js posts when the trainer's Go exits.
func TestRestartAfterTrainerCrash(t *testing.T) {
	tb := newTab(t)
	sctx, cancel := context.WithTimeout(tb.Ctx, time.Minute)
	defer cancel()
	attached := chromedp.Events(sctx, target.AttachedToTarget)
	tb.open("")
	var worker target.ID
	for ev, err := range attached {
		if err != nil {
			t.Fatalf("waiting for the trainer worker's target: %v", err)
		}
		if ev.TargetInfo.Type == "worker" {
			worker = ev.TargetInfo.TargetID
			break
		}
	}
	tb.click("train-step")
	before := tb.waitFor("a step", 30*time.Second, func(r kit.Readouts) bool {
		return r["iteration"] != "" && r["iteration"] != "0" && r["status"] == "paused"
	})
	wctx, wcancel := chromedp.NewContext(tb.Ctx, chromedp.WithTargetID(worker))
	defer wcancel()
	ectx, ecancel := context.WithTimeout(wctx, 20*time.Second)
	defer ecancel()
	if _, err := chromedp.Run(ectx, chromedp.Evaluate[int](`self.postMessage({crash: "simulated by TestRestartAfterTrainerCrash"}), 1`)); err != nil {
		t.Fatalf("posting a crash from the worker: %v", err)
	}
	r := tb.waitFor("the crash", 20*time.Second, func(r kit.Readouts) bool { return r["status"] == "error" })
	if !strings.Contains(r["error"], "simulated by TestRestartAfterTrainerCrash") {
		t.Errorf("error after the crash %q does not say what happened", r["error"])
	}
	tb.click("restart-trainer")
	// Until the click's render, the page still shows the crash (which
	// waitFor would take for a failure).
	r = tb.waitIDs("the restart", 60*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "ready" || r["status"] == "paused" || r["status"] == "error" && !strings.Contains(r["error"], "simulated")
	}, "status", "error")
	if r["status"] == "error" {
		t.Fatalf("the restarted trainer failed: %s", r["error"])
	}
	tb.click("train-step")
	after := tb.waitFor("a step of the new trainer", 30*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "paused" && r["iteration"] != before["iteration"]
	})
	t.Logf("iteration before the crash %s, after a step of the restarted trainer %s", before["iteration"], after["iteration"])
}

// If the page's own Go stops after it started (a panic in an event
// handler; here a malformed event handed to Vugu's handler), the page says
// so, in the app's alert and status and in the language it shows, instead
// of freezing without a word.
func TestPageStopIsReported(t *testing.T) {
	for _, tc := range []struct{ lang, stopped, status string }{
		{"en", "stopped unexpectedly. Reload the page", "error"},
		{"ko", "앱이 예기치 않게 멈췄습니다", "오류"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			tb := newTab(t)
			tb.open("")
			if tc.lang != "en" {
				tb.selectOption("lang", tc.lang)
				tb.waitIDs("the language", 10*time.Second, func(r kit.Readouts) bool { return r["status-text"] != "ready" }, "status-text")
			}
			// Vugu's renderer hands events to Go as a length and JSON;
			// three bytes of "{{{" make its decoder fail, and it panics.
			eval[bool](tb, `window.vuguState.eventHandlerFunc(new Uint8Array([0, 0, 0, 3, 123, 123, 123])), true`)
			r := tb.waitIDs("the stop", 20*time.Second, func(r kit.Readouts) bool { return r["status"] == "error" }, "status", "status-text", "error")
			if !strings.Contains(r["error"], tc.stopped) {
				t.Errorf("error %q does not say %q", r["error"], tc.stopped)
			}
			if r["status-text"] != tc.status {
				t.Errorf("the status shown is %q, want %q", r["status-text"], tc.status)
			}
			if h := eval[float64](tb, `document.querySelector('[data-testid="error"]').getBoundingClientRect().height`); h < 10 {
				t.Errorf("the error is not shown (height %.0f px)", h)
			}
		})
	}
}
