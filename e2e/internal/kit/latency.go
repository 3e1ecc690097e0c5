//go:build e2e

package kit

import (
	"math"
	"slices"

	"github.com/chromedp/chromedp"
)

// latencyScript notes, for each change of the probabilities' data-prob
// attributes, its time minus the earliest timeStamp of the pointer moves
// since the page's previous prediction: of pointermove (and its coalesced
// events) and of pointerrawupdate, which Chromium dispatches as soon as the
// pointer moves (pointermove waits for the next frame) and the page draws
// on. The page counts its predictions in the probabilities' data-evals: a
// prediction that came out the same (the pen over ink already there)
// answers the moves before it too, which are then not charged to the next
// change.
const latencyScript = `(() => {
	const L = window.__bplLatency = {moves: 0, events: 0, raw: 0, pending: null, lastAt: -1, lat: [], changes: 0, unattributed: 0, dropped: 0, last: "", evals: ""};
	const probs = () => document.querySelector('[data-testid="probabilities"]');
	const sig = () => [...probs().querySelectorAll('[data-prob]')].map(e => e.getAttribute("data-prob")).join(",");
	const evals = () => probs().getAttribute("data-evals") || "";
	L.last = sig();
	L.evals = evals();
	// Only the pen on the drawing counts: the mouse moving onto the Clear
	// button is not a stroke (the page's answer to that click was timed
	// as a 152 ms "latency").
	const onPad = (e) => e.target && e.target.closest && e.target.closest('[data-testid="draw-canvas"]');
	addEventListener("pointerdown", () => {
		// A move that changed nothing is not the cause of the next stroke's
		// first change.
		if (L.pending !== null) L.dropped++;
		L.pending = null;
	}, {capture: true, passive: true});
	const moved = (t) => { L.pending = L.pending === null ? t : Math.min(L.pending, t); };
	addEventListener("pointermove", e => {
		if (!onPad(e)) return;
		L.events++;
		const cs = e.getCoalescedEvents ? e.getCoalescedEvents() : [];
		L.moves += Math.max(cs.length, 1);
		// A frame-aligned pointermove may come after the prediction that
		// its raw updates caused: only its moves after that count.
		for (const c of cs.length ? cs : [e]) if (c.timeStamp > L.lastAt) moved(c.timeStamp);
	}, {capture: true, passive: true});
	addEventListener("pointerrawupdate", e => { if (!onPad(e)) return; L.raw++; moved(e.timeStamp); }, {capture: true, passive: true});
	L.mo = new MutationObserver(() => {
		const now = performance.now();
		const s = sig(), ev = evals();
		const predicted = ev !== L.evals;
		L.evals = ev;
		if (s === L.last) {
			if (predicted) {
				if (L.pending !== null) L.dropped++;
				L.pending = null;
				L.lastAt = now;
			}
			return;
		}
		L.last = s;
		L.changes++;
		L.lastAt = now;
		if (L.pending === null) { L.unattributed++; return; }
		L.lat.push(now - L.pending);
		L.pending = null;
	});
	L.mo.observe(document.body, {attributes: true, subtree: true, attributeFilter: ["data-prob", "data-evals"]});
	L.long = [];
	try {
		new PerformanceObserver(l => { for (const e of l.getEntries()) L.long.push(e.duration); }).observe({type: "longtask"});
	} catch (e) { /* no long task timing */ }
})()`

// Latency is what the page's latency script recorded.
type Latency struct {
	Lat          []float64 // ms from a pointer move to the change of the probabilities it caused
	Moves        int       // pointer moves on the pad, coalesced ones included
	Events       int       // pointermove events on the pad
	Raw          int       // pointerrawupdate events on the pad
	Changes      int       // changes of the probabilities
	Unattributed int       // changes without a pointer move before them
	Dropped      int       // predictions that came out the same after moves
	Long         []float64 // long tasks (> 50 ms) of the main thread, ms
}

// StartLatency starts timing the draw→prediction latency in the page.
func (p *Page) StartLatency() error {
	_, err := Eval[chromedp.Void](p, latencyScript)
	return err
}

// Latency returns what was timed since StartLatency.
func (p *Page) Latency() (Latency, error) {
	return Eval[Latency](p, `(() => { const L = window.__bplLatency; return {Lat: L.lat, Moves: L.moves, Events: L.events, Raw: L.raw, Changes: L.changes, Unattributed: L.unattributed, Dropped: L.dropped, Long: L.long}; })()`)
}

// P95 is the nearest-rank 95th percentile of Lat, the statistic of the
// issue's goal; 0 without latencies.
func (l Latency) P95() float64 {
	if len(l.Lat) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(l.Lat))
	return s[int(math.Ceil(0.95*float64(len(s))))-1]
}
