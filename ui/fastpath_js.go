//go:build js && wasm

package ui

import (
	"runtime"
	"strconv"
	"time"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// A Vugu render rebuilds and syncs the whole page (10–45 ms in
// WebAssembly here, whatever changed), so the page must not render for
// every message the trainer sends (about ten a second while training)
// nor for every frame of a stroke. Messages mark the page dirty at one of
// two levels, and a ticker acts on them at most every renderEvery:
//
//   - live: only what training progress changes (the readouts, the
//     progress bar, the views' captions and summaries, the pictures and the
//     islands). These are written into their elements directly, with the
//     values of the same methods the templates use, so the next render
//     writes the same. This is what a training run asks for.
//   - full: a Vugu render (a changed state, an epoch's statistics, the
//     rest of the page following a stroke).
//
// The prediction, which must follow the pen every frame, is written at
// once (showPrediction).
const renderEvery = 250 * time.Millisecond

// collectEvery is how often the page collects its garbage while messages
// come in. Each message's typed arrays reach Go through js.Values, and the
// browser can free a message's buffers (about 640 KB for a snapshot of the
// weights and gradients, several a second while training) only once Go's
// collector has found those js.Values unreachable. Left to GOGC, whose
// goal is 5 times the page's live heap of about 6 MB, the page collected
// once in 28 epochs of training with the views open: its WebAssembly
// memory grew from 21 to 36 MB on the way and its JavaScript heap rose
// to 105 MB each time. A collection takes 3-7 ms in the page while
// training (runtime.GC, timed in the page).
const collectEvery = 2 * time.Second

// pageGate is the page's render gate (there is one App per page).
var pageGate *renderGate

// renderGate coalesces render requests. Its fields are read and written
// under the event lock.
type renderGate struct {
	a          *App
	live, full bool
	// penUp is when the last stroke ended (or the drawing was cleared),
	// if the page has not yet rendered after it. The stepper's pass over
	// the drawing and a Vugu render (together one task of 55-83 ms in make
	// bench's draw runs, the longest while drawing) wait until the pen has
	// rested for penRest, so that they do not fall between the strokes of
	// a digit.
	penUp time.Time
}

// penRest is how long the pen rests before the page follows a drawing
// with the stepper and a render.
const penRest = 300 * time.Millisecond

func newRenderGate(a *App, yield func()) *renderGate {
	g := &renderGate{a: a}
	go func() {
		collected, seen := time.Now(), 0
		for now := range time.Tick(renderEvery) {
			a.env.Lock()
			// Not while a drawing is under way (the pen down, or lifted
			// less than penRest ago): the collection and the heap reading
			// took 48-55 ms when drawing started within 2 s of loading the
			// pretrained net, the longest waits of the draw bench's pen.
			drawing := a.Pad != nil && a.Pad.Drawing() || !g.penUp.IsZero()
			if a.received != seen && now.Sub(collected) >= collectEvery && !drawing {
				// In a task of its own, before this tick's work.
				seen, collected = a.received, now
				a.env.UnlockOnly()
				yield()
				runtime.GC()
				// The first metrics.Read takes 9-18 ms: a task of its own.
				yield()
				notePageHeap()
				yield()
				a.env.Lock()
			}
			switch {
			case !g.penUp.IsZero() && !a.Pad.Drawing() && now.Sub(g.penUp) >= penRest:
				g.penUp, g.full, g.live = time.Time{}, false, false
				a.followDrawing()
				a.env.UnlockRender()
			case g.full || (g.live && a.Status != a.shownStatus):
				// A status the page does not show yet needs a render
				// (syncIslands waits for it).
				g.full, g.live = false, false
				a.env.UnlockRender()
			case g.live:
				g.live = false
				a.showProgress()
				a.env.UnlockOnly()
				a.syncPictures(yield)
			default:
				a.env.UnlockOnly()
			}
		}
	}()
	return g
}

// mark records that message m changed the page, and reports whether it
// can wait for the next tick (else the caller renders at once): progress
// and epoch statistics while training, and the gradient check's progress.
// The caller holds the event lock.
func (g *renderGate) mark(m wire.Msg, training bool) bool {
	switch m.Kind {
	case wire.KindGradProg:
		g.full = true
		return true
	case wire.KindState:
		if m.Progress != nil && m.Progress.State == "training" {
			g.live = true
			return true
		}
	case wire.KindEpoch:
		if training {
			// Epoch statistics change readouts, the accuracy chart and the
			// confusion matrix (islands, whose hosts are always there).
			g.live = true
			return true
		}
	}
	return false
}

// syncPictures brings the canvases and the islands up to date after a
// render or a live update, each in a task of its own.
func (a *App) syncPictures(yield func()) {
	yield()
	a.paintViews()
	yield()
	a.syncIslands(yield)
}

// paintViews paints the weight and gradient views if a snapshot arrived
// since they were last painted.
func (a *App) paintViews() {
	a.env.Lock()
	if a.viewsDirty {
		a.viewsDirty = false
		a.inside.Paint()
	}
	a.env.UnlockOnly()
}

// liveText lists the elements whose text follows training between two
// renders, by test hook, with the method their template uses.
var liveText = []struct {
	id   string
	text func(a *App) string
}{
	{"iteration", func(a *App) string { return strconv.Itoa(a.P.Iter) }},
	{"epoch", func(a *App) string { return Num(a.P.Epoch, 2) }},
	{"loss", (*App).LossText},
	{"train-acc", (*App).TrainAccText},
	{"test-acc", (*App).TestAccText},
	{"samples-per-sec", func(a *App) string { return Num(a.P.SamplesPerSec, 0) }},
	{"budget-text", (*App).BudgetText},
	{"mask-caption", (*App).MaskCaption},
	{"relu-summary", (*App).MaskSummary},
	{"dead-units", (*App).DeadSummary},
	{"norm-text", func(a *App) string { return a.Norms.NormText(a.L) }},
	{"gallery-text", (*App).GalleryText},
	{"conf-later", (*App).ConfLaterText},
}

// showProgress writes the training readouts into the page directly. The
// caller holds the event lock.
func (a *App) showProgress() {
	p := &pagePatch
	for _, l := range liveText {
		p.testID(l.id).text(l.text(a))
	}
	p.testID("train-progress").attr("value", strconv.FormatFloat(a.ProgressFrac(), 'g', -1, 64))
	p.testID("samples-per-sec").
		attr("data-trained-samples", strconv.FormatInt(a.P.TrainedSamples, 10)).
		attr("data-trained-ms", a.TrainedMsAttr())
	live, goal := a.PageHeap()
	p.testID("memory").
		attr("data-page-bytes", strconv.FormatInt(a.PageMemory(), 10)).
		attr("data-worker-bytes", strconv.FormatInt(a.WorkerMemory(), 10)).
		attr("data-page-live-bytes", strconv.FormatInt(live, 10)).
		attr("data-page-goal-bytes", strconv.FormatInt(goal, 10))
	p.apply()
}

// showPrediction writes the drawing's prediction into the page at once.
// The caller holds the event lock.
func (a *App) showPrediction() {
	p := &pagePatch
	p.testID("prediction").text(a.PredictionText())
	p.testID("probabilities").attr("data-evals", strconv.Itoa(a.Evals))
	for d := range 10 {
		row := `[data-testid="probabilities"] [data-digit="` + strconv.Itoa(d) + `"]`
		p.el(row).attr("data-prob", a.ProbText(d)).attr("class", a.ProbClass(d))
		p.el(row+" .fill").attr("style", a.ProbStyle(d))
		p.el(row + " .v").text(a.ProbPct(d))
	}
	p.apply()
}

// pagePatch is the batch of showProgress and showPrediction (whose callers
// hold the event lock).
var pagePatch patch

// MountToggle makes the play/pause button inside host (the training
// controls; a vg-js-create callback, which Vugu calls on every render, and
// never for an element with vg-content such as the button itself) start
// and pause training on a click. It is a listener of its own, not a Vugu
// @click, because Vugu renders the whole page after each of its events:
// 26-45 ms here, the longest task at the start of training (see
// playPause).
func (a *App) MountToggle(host js.Value) {
	if host.Get("bplToggle").Truthy() {
		return
	}
	host.Set("bplToggle", true)
	host.Call("addEventListener", "click", js.FuncOf(func(_ js.Value, args []js.Value) any {
		if t := args[0].Get("target"); t.Truthy() && t.Call("closest", `[data-testid="train-toggle"]`).Truthy() {
			go a.playPause()
		}
		return nil
	}))
}

// playPause plays or pauses, as the toggle button and the space key do.
// Starting to play from ready or paused, with no warning to clear, changes
// five elements: the three status elements, the button's label and the
// step button's disabled state. Those are written directly, with the
// template's own methods, and the page does not render: the next render
// (at pause, or for anything else) writes the same values. Everything else
// renders as any event does.
func (a *App) playPause() {
	a.env.Lock()
	starts := (a.Status == "ready" || a.Status == "paused") && a.Warning == ""
	a.TogglePlay()
	if starts {
		a.showPlayState()
		a.env.UnlockOnly()
		return
	}
	a.env.UnlockRender()
}

// showPlayState writes what playing changes into the page directly (the
// elements and methods of the templates root.vugu and train-panel.vugu).
// The caller holds the event lock.
func (a *App) showPlayState() {
	a.shownStatus = a.Status
	if e := byTestID("status-text"); e.Truthy() {
		e.Set("textContent", a.StatusText())
		e.Call("setAttribute", "data-state", a.Status)
	}
	if e := byTestID("status-say"); e.Truthy() {
		e.Set("textContent", a.StatusSay())
	}
	if e := byTestID("status"); e.Truthy() {
		e.Set("textContent", a.Status)
		e.Call("setAttribute", "data-state", a.Status)
	}
	if e := byTestID("train-toggle"); e.Truthy() {
		e.Set("textContent", a.ToggleText())
	}
	if e := byTestID("train-step"); e.Truthy() {
		if a.CanStep() {
			e.Call("removeAttribute", "disabled")
		} else {
			e.Call("setAttribute", "disabled", "disabled") // as Vugu writes it
		}
	}
}

// byTestID returns the page's element with data-testid id, or null.
func byTestID(id string) js.Value {
	return js.Global().Get("document").Call("querySelector", `[data-testid="`+id+`"]`)
}
