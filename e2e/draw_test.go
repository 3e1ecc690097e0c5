//go:build e2e

package e2e

import (
	"math"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// padSize is the drawing canvas's size in canvas pixels.
const padSize = 280

// placements put the traced digits at different sizes and away from the
// centre of the canvas: centre x, centre y (canvas pixels) and the scale
// from MNIST pixels.
var placements = []struct{ cx, cy, scale float64 }{
	{105, 110, 7}, {170, 160, 6.5}, {120, 170, 7.5}, {165, 110, 7}, {100, 150, 6},
	{175, 135, 7.5}, {135, 100, 6.5}, {145, 175, 7}, {110, 130, 8}, {170, 170, 6},
}

// digitStrokes traces an MNIST image into strokes, simplifies them to
// straight segments (a pointer event every 30 canvas pixels at most, as a
// quick hand gives; every event costs the page a frame) and places them on
// the canvas with placement k.
func digitStrokes(t testing.TB, img []uint8, k int) []kit.Stroke {
	return digitStrokesStep(t, img, k, 30)
}

// digitStrokesStep is digitStrokes with a pointer event every step canvas
// pixels at most.
func digitStrokesStep(t testing.TB, img []uint8, k int, step float64) []kit.Stroke {
	t.Helper()
	pl := placements[k%len(placements)]
	s, err := kit.Place(kit.Simplify(kit.Trace(img, 28, 28), 0.7), pl.scale, pl.cx, pl.cy, step, 14, padSize)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// The tracer that the drawing tests use reproduces MNIST digits: traced
// and rendered from the strokes as the page does (digit.Render), a digit
// looks like the original (this checks the test tool, not the app).
func TestTraceReproducesDigits(t *testing.T) {
	im, _, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		t.Fatal(err)
	}
	const n = 200
	var sum float64
	for i := range n {
		orig := im.Image(i)
		norm, ok, err := digit.Render(kit.DigitStrokes(digitStrokes(t, orig, i)), padSize, padSize)
		if err != nil || !ok {
			t.Fatalf("image %d: rendering the strokes: ok=%v err=%v", i, ok, err)
		}
		var dot, a, b float64
		for k := range digit.Pixels {
			x, y := float64(orig[k]), float64(norm[k])
			dot, a, b = dot+x*y, a+x*x, b+y*y
		}
		sum += dot / math.Sqrt(a*b)
	}
	mean := sum / n
	t.Logf("%d traced test digits: mean cosine similarity %.3f to the originals", n, mean)
	if mean < 0.75 {
		t.Errorf("traced digits look like the originals with mean cosine similarity %.3f, want >= 0.75", mean)
	}
}

func countPoints(strokes []kit.Stroke) int {
	n := 0
	for _, s := range strokes {
		n += len(s)
	}
	return n
}

// hintShownJS reports whether the drawing pad's hint is displayed.
const hintShownJS = `(() => { const h = document.querySelector('.prediction-box .hint'); return !!h && getComputedStyle(h).display !== 'none'; })()`

// waitPrediction waits until the drawing's prediction is shown and has
// stopped changing, and returns it.
func (tb *tab) waitPrediction() string {
	tb.t.Helper()
	prev := ""
	r := tb.waitFor("a steady prediction", 10*time.Second, func(r kit.Readouts) bool {
		p := r["prediction"]
		ok := p != "" && p == prev
		prev = p
		return ok
	})
	return r["prediction"]
}

func (tb *tab) clearDrawing() {
	tb.t.Helper()
	tb.click("draw-clear")
	tb.waitFor("an empty prediction after Clear", 5*time.Second, func(r kit.Readouts) bool { return r["prediction"] == "" })
	ink, err := tb.Ink("draw-preview")
	if err != nil {
		tb.t.Fatal(err)
	}
	if ink != 0 {
		tb.t.Errorf("draw-preview still has ink %.1f after Clear", ink)
	}
}

// checkProbs checks the probabilities list against the prediction.
func (tb *tab) checkProbs(pred string) [10]float64 {
	tb.t.Helper()
	raw, err := tb.Probabilities()
	if err != nil {
		tb.t.Fatal(err)
	}
	probs, err := kit.ParseProbs(raw)
	if err != nil {
		tb.t.Fatal(err)
	}
	sum, best := 0.0, 0
	for d, p := range probs {
		sum += p
		if p > probs[best] {
			best = d
		}
	}
	if math.Abs(sum-1) > 0.01 {
		tb.t.Errorf("the probabilities sum to %.4f, want 1: %v", sum, probs)
	}
	if strconv.Itoa(best) != pred {
		tb.t.Errorf("prediction %q, but the most probable digit is %d: %v", pred, best, probs)
	}
	return probs
}

// MNIST test digits, drawn with the mouse along their traced strokes, large
// and off-centre, are recognised by the net that TestTrainThenDraw trained.
func drawnDigitsAreRecognised(tb *tab) {
	t := tb.t
	im, labels, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		t.Fatal(err)
	}
	if r := tb.read(); r.Int("iteration") < trainBudget {
		t.Fatalf("this needs the net trained for %d iterations by the subtest before; the page shows %s", trainBudget, r)
	}

	// The first test image of each digit, not hand-picked ones: the net of
	// TestTrainThenDraw (book settings, seed 1, 1000 iterations) recognises
	// all ten when drawn like this, the 3 and the 5 with the least
	// confidence (p ≈ 0.5-0.7). Two misses are allowed, for changes of the
	// engine or of the pad's pen that keep the app working.
	var picks []int
	for d := range 10 {
		for i, l := range labels {
			if int(l) == d {
				picks = append(picks, i)
				break
			}
		}
	}
	if err := tb.ScrollIntoView("draw-canvas"); err != nil {
		t.Fatal(err)
	}
	correct := 0
	for k, i := range picks {
		t0 := time.Now()
		tb.clearDrawing()
		strokes := digitStrokes(t, im.Image(i), k)
		t1 := time.Now()
		if err := tb.DrawMouse("draw-canvas", strokes); err != nil {
			t.Fatal(err)
		}
		t2 := time.Now()
		// The prediction follows the pen at once; the render after it
		// waits until the pen has rested (300 ms). Meanwhile the hint
		// "the net's guess appears here" must not stand next to the guess.
		if p := tb.read("prediction")["prediction"]; p != "" && eval[bool](tb, hintShownJS) {
			t.Errorf("test image %d: prediction %s is shown with the hint %q next to it", i, p,
				eval[string](tb, `document.querySelector('.prediction-box .hint').textContent`))
		}
		pred := tb.waitPrediction()
		t.Logf("clear %v, draw %d points %v, predict %v", t1.Sub(t0), countPoints(strokes), t2.Sub(t1), time.Since(t2))
		probs := tb.checkProbs(pred)
		ink, err := tb.Ink("draw-preview")
		if err != nil {
			t.Fatal(err)
		}
		if ink < 20 {
			t.Errorf("test image %d: draw-preview shows almost no ink (%.1f)", i, ink)
		}
		previewIsRenderOfStrokes(tb, strokes, i)
		ok := pred == strconv.Itoa(int(labels[i]))
		if ok {
			correct++
		}
		t.Logf("test image %4d, a %d: predicted %s (p=%.3f) %s", i, labels[i], pred, probs[labels[i]], map[bool]string{true: "ok", false: "WRONG"}[ok])
	}
	if correct < 8 {
		t.Errorf("%d of %d drawn digits recognised, want at least 8", correct, len(picks))
	}
	tb.clearDrawing()
	tb.noConsoleErrors()
}

// previewMaxDiff bounds how far, in grey levels, a pixel of what the net
// sees (the preview) may differ from digit.Render of the strokes the test
// drew: the pointer events carry the positions through CSS pixels and
// back, which moves them by rounding errors, not by whole pixels.
const previewMaxDiff = 3

// previewIsRenderOfStrokes checks that what the net sees (the preview) is
// the strokes drawn rendered as MNIST digits (digit.Render), not the
// canvas's pixels: the pad keeps the pointer's positions as strokes.
func previewIsRenderOfStrokes(tb *tab, strokes []kit.Stroke, image int) {
	t := tb.t
	preview, err := tb.RedChannel("draw-preview")
	if err != nil {
		t.Fatal(err)
	}
	if len(preview) != digit.Pixels {
		t.Fatalf("the preview has %d pixels, want %d", len(preview), digit.Pixels)
	}
	want, ok, err := digit.Render(kit.DigitStrokes(strokes), padSize, padSize)
	if err != nil || !ok {
		t.Fatalf("test image %d: rendering the strokes: ok=%v err=%v", image, ok, err)
	}
	diff, worst, at := 0, 0, -1
	for i := range want {
		d := int(want[i]) - int(preview[i])
		if d < 0 {
			d = -d
		}
		if d > previewMaxDiff {
			diff++
		}
		if d > worst {
			worst, at = d, i
		}
	}
	if diff > 0 {
		t.Errorf("test image %d: the preview differs from digit.Render of the strokes by more than %d grey levels in %d of 784 pixels (worst at %d,%d: %d, want %d)",
			image, previewMaxDiff, diff, at%28, at/28, preview[at], want[at])
	}
}

// A finger draws too (touch events become pointer events), and drawing on
// the canvas does not scroll the page.
func TestTouchDrawing(t *testing.T) {
	im, labels, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	// A phone: the page is taller than the screen, so a vertical swipe
	// would scroll it.
	if err := tb.Do(10*time.Second, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
		t.Fatal(err)
	}
	if err := tb.EnableTouch(); err != nil {
		t.Fatal(err)
	}
	tb.open("")
	// A net to predict with, and an epoch's statistics on the page.
	tb.train(100, 60*time.Second)
	if wide := eval[[]string](tb, overflowJS); len(wide) > 0 {
		t.Errorf("on a 390 px wide phone, the page is wider than the screen (it zooms out or scrolls sideways); these elements stick out: %q", wide)
	}
	if err := tb.ScrollIntoView("draw-canvas"); err != nil {
		t.Fatal(err)
	}
	geo := eval[[]float64](tb, `[`+scrollTopJS+`, document.documentElement.scrollHeight, window.innerHeight]`)
	if geo[1] <= geo[2]+100 {
		t.Fatalf("the page (%v px) is not taller than the phone's viewport (%v px), so the scroll check would prove nothing", geo[1], geo[2])
	}
	y0 := geo[0]

	// A "1" drawn as one vertical swipe from bottom to top, the gesture
	// that scrolls a page, then a full digit.
	swipe := []kit.Stroke{{}}
	for y := 240.0; y >= 40; y -= 10 {
		swipe[0] = append(swipe[0], kit.Point{X: 140, Y: y})
	}
	if err := tb.DrawTouch("draw-canvas", swipe); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond) // a fling would scroll by now
	if y := eval[float64](tb, scrollTopJS); y != y0 {
		t.Errorf("drawing on the canvas scrolled the page from %v to %v", y0, y)
	}
	if pred := tb.waitPrediction(); pred == "" {
		t.Errorf("no prediction after a touch stroke")
	}
	tb.checkProbs(tb.read("prediction")["prediction"])

	tb.clearDrawing()
	i := 0
	for labels[i] != 7 {
		i++
	}
	if err := tb.DrawTouch("draw-canvas", digitStrokes(t, im.Image(i), 3)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if y := eval[float64](tb, scrollTopJS); y != y0 {
		t.Errorf("drawing a digit on the canvas scrolled the page from %v to %v", y0, y)
	}
	tb.waitPrediction()
	if ink, err := tb.Ink("draw-preview"); err != nil || ink < 20 {
		t.Errorf("draw-preview shows almost no ink (%.1f, %v) after a touch drawing", ink, err)
	}

	// The control: the same swipe next to the canvas does scroll, so the
	// check above can fail.
	r, err := tb.Rect("draw-canvas")
	if err != nil {
		t.Fatal(err)
	}
	x := 8.0
	if r.Left < 30 {
		x = r.Left + r.Width + 8 // the canvas fills the left edge: use the right
	}
	if err := tb.swipe(x, 700, 200); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	if y := eval[float64](tb, scrollTopJS); y == y0 {
		t.Errorf("a swipe beside the canvas did not scroll either (still at %v px), so the scroll check proves nothing", y)
	}
	tb.noConsoleErrors()
}

// maxDrawLatency bounds the 95th percentile of the draw→prediction latency
// here. The tight goal (16 ms) lives in make bench, which measures 10-13 ms;
// a page that rendered with Vugu on each pointer event (20-50 ms here)
// would come near this bound.
const maxDrawLatency = 64

// The prediction follows the pen: drawn at a real mouse's pace (an event
// every 8 ms) with the pretrained net, the probabilities change within
// maxDrawLatency ms of a pointer move, in 95 of 100 changes.
func TestDrawLatency(t *testing.T) {
	im, _, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	tb.open("")
	tb.click("load-pretrained")
	tb.waitFor("the pretrained net's test accuracy", 60*time.Second, func(r kit.Readouts) bool { return r["test-acc"] != "" })
	if err := tb.ScrollIntoView("draw-canvas"); err != nil {
		t.Fatal(err)
	}
	if err := tb.StartLatency(); err != nil {
		t.Fatal(err)
	}
	var st kit.Latency
	for k := 0; k < 4; k++ {
		// A point every 6 canvas pixels, as a mouse moving 0.75 px/ms gives.
		strokes := digitStrokesStep(t, im.Image(k), k, 6)
		if err := tb.DrawPaced("draw-canvas", strokes, 8*time.Millisecond); err != nil {
			t.Fatal(err)
		}
		time.Sleep(150 * time.Millisecond)
		if st, err = tb.Latency(); err != nil {
			t.Fatal(err)
		}
		tb.clearDrawing()
	}
	if len(st.Lat) < 80 {
		t.Fatalf("only %d changes of the probabilities were timed after %d pointer moves (%d changes in all, %d without a move)", len(st.Lat), st.Moves, st.Changes, st.Unattributed)
	}
	lat := slices.Sorted(slices.Values(st.Lat))
	p95 := st.P95()
	t.Logf("%d changes timed: median %.1f ms, p95 %.1f ms, max %.1f ms; %d pointer moves, %d predictions that came out the same, %d long tasks",
		len(lat), lat[len(lat)/2], p95, lat[len(lat)-1], st.Moves, st.Dropped, len(st.Long))
	if p95 > maxDrawLatency {
		t.Errorf("the 95th percentile of the draw→prediction latency is %.1f ms, want at most %d ms", p95, maxDrawLatency)
	}
	tb.noConsoleErrors()
}

// scrollTopJS is how far the page is scrolled: window.scrollY, or more
// exactly the top of the visual viewport in the page, which also moves when
// a zoomed phone page scrolls.
const scrollTopJS = `(window.visualViewport ? window.visualViewport.pageTop : window.scrollY)`

// overflowJS lists the outermost elements that stick out of the right edge
// of the screen (window.screen.width, the phone's width), with their size.
const overflowJS = `(() => {
	const w = window.screen.width, out = [];
	for (const e of document.querySelectorAll("body *")) {
		const r = e.getBoundingClientRect();
		if (r.width === 0 || r.right <= w + 1) continue;
		const p = e.parentElement;
		if (p && p !== document.body && p.getBoundingClientRect().right > w + 1) continue;
		// Inside a box that scrolls (or clips) sideways within the screen,
		// it does not widen the page.
		let boxed = false;
		for (let a = p; a && a !== document.body; a = a.parentElement) {
			if (/auto|scroll|hidden/.test(getComputedStyle(a).overflowX) && a.getBoundingClientRect().right <= w + 1) { boxed = true; break; }
		}
		if (boxed) continue;
		out.push(e.tagName.toLowerCase() + (e.className ? "." + e.className : "") +
			(e.dataset.testid ? "[data-testid=" + e.dataset.testid + "]" : "") +
			": " + Math.round(r.width) + " px wide, right edge at " + Math.round(r.right) + " px");
	}
	if (out.length === 0 && document.documentElement.scrollWidth > w + 1) out.push("the document: " + document.documentElement.scrollWidth + " px");
	return out;
})()`

// swipe moves one finger up from (x, y0) to (x, y1) in viewport pixels.
func (tb *tab) swipe(x, y0, y1 float64) error {
	var s kit.Stroke
	for y := y0; y >= y1; y -= 20 {
		s = append(s, kit.Point{X: x, Y: y})
	}
	return tb.DrawTouchViewport([]kit.Stroke{s})
}

// heartbeat starts a 10 ms setInterval in the page that records the longest
// gap between two ticks (performance.now()), and returns a func that stops
// it and returns the longest gap in ms and the number of ticks.
func (tb *tab) heartbeat() func() (maxGap float64, ticks int) {
	tb.t.Helper()
	eval[chromedp.Void](tb, `(() => {
		clearInterval(window.bplHeartbeatTimer);
		const hb = window.bplHeartbeat = {max: 0, ticks: 0, last: performance.now()};
		window.bplHeartbeatTimer = setInterval(() => {
			const now = performance.now();
			hb.max = Math.max(hb.max, now - hb.last);
			hb.last = now;
			hb.ticks++;
		}, 10);
	})()`)
	return func() (float64, int) {
		tb.t.Helper()
		hb := eval[map[string]float64](tb, `(() => {
			clearInterval(window.bplHeartbeatTimer);
			const h = window.bplHeartbeat;
			return {max: Math.max(h.max, performance.now() - h.last), ticks: h.ticks};
		})()`)
		return hb["max"], int(hb["ticks"])
	}
}

// maxStall is the longest the page's main thread may stall while the worker
// trains, as the app issue asks. The tight goal (50 ms, median of 3 runs)
// lives in make bench; here it measures 39–51 ms.
const maxStall = 100

// The page stays responsive while the worker trains: a 10 ms heartbeat in
// the page never waits maxStall ms or more.
func TestResponsiveWhileTraining(t *testing.T) {
	const window = 5 * time.Second
	tb := newTab(t)
	tb.open("")

	// The same measurement with the page idle, for the log: when it is bad
	// too, the machine is overloaded, not the page.
	stop := tb.heartbeat()
	time.Sleep(2 * time.Second)
	idleGap, idleTicks := stop()

	tb.click("train-toggle")
	tb.waitFor("training", 10*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "training" && r.Int("iteration") > 0
	})
	it0 := tb.read("iteration").Int("iteration")
	stop = tb.heartbeat()
	time.Sleep(window)
	gap, ticks := stop()
	r := tb.read()
	tb.click("train-toggle")
	tb.waitStatus(5*time.Second, "paused")

	trained := r.Int("iteration") - it0
	t.Logf("idle 2 s: %d heartbeats, longest gap %.1f ms; training %v (%d iterations): %d heartbeats, longest gap %.1f ms",
		idleTicks, idleGap, window, trained, ticks, gap)
	if r["status"] != "training" || trained < 10 {
		t.Errorf("the trainer did not really train during the measurement: %d iterations, %s", trained, r)
	}
	if gap >= maxStall {
		t.Errorf("the page's main thread stalled for %.1f ms while the worker trained, want < %d ms (idle: %.1f ms)", gap, maxStall, idleGap)
	}
	if ticks < 200 {
		t.Errorf("only %d heartbeats of 10 ms in %v while the worker trained (idle: %d in 2 s): the main thread is busy most of the time", ticks, window, idleTicks)
	}
	tb.noConsoleErrors()
}
