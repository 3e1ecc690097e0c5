//go:build js && wasm

package ui

import (
	"strconv"
	"time"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// A Vugu render rebuilds and syncs the whole page (tens of milliseconds in
// WebAssembly), so the page must not render for every message the trainer
// sends (about twenty a second while training) nor for every frame of a
// stroke. Progress marks the page dirty and a ticker renders it at most
// renderEvery; the prediction, which must follow the pen every frame, is
// written into its elements directly (the values come from the same
// methods the templates use, and the next render writes the same).
const renderEvery = 400 * time.Millisecond

// pageGate is the page's render gate (there is one App per page).
var pageGate *renderGate

// renderGate coalesces render requests. dirty is read and written under
// the event lock.
type renderGate struct {
	a     *App
	dirty bool
}

func newRenderGate(a *App) *renderGate {
	g := &renderGate{a: a}
	go func() {
		for range time.Tick(renderEvery) {
			a.env.Lock()
			if g.dirty {
				g.dirty = false
				a.env.UnlockRender()
			} else {
				a.env.UnlockOnly()
			}
		}
	}()
	return g
}

// lazy reports whether message m can wait for the next tick: progress and
// epoch statistics while training, and the gradient check's progress.
// Everything else (a changed state, an error, a result) renders at once.
func lazy(m wire.Msg, training bool) bool {
	switch m.Kind {
	case wire.KindGradProg:
		return true
	case wire.KindState:
		return m.Progress != nil && m.Progress.State == "training"
	case wire.KindEpoch:
		return training
	}
	return false
}

// showPrediction writes the drawing's prediction into the page at once.
func (a *App) showPrediction() {
	doc := js.Global().Get("document")
	if p := doc.Call("querySelector", `[data-testid="prediction"]`); p.Truthy() {
		p.Set("textContent", a.PredictionText())
	}
	rows := doc.Call("querySelectorAll", `[data-testid="probabilities"] [data-digit]`)
	for i := range min(rows.Length(), 10) {
		r := rows.Index(i)
		d, err := strconv.Atoi(r.Call("getAttribute", "data-digit").String())
		if err != nil || d < 0 || d > 9 {
			continue
		}
		r.Call("setAttribute", "data-prob", a.ProbText(d))
		r.Call("setAttribute", "class", a.ProbClass(d))
		if f := r.Call("querySelector", ".fill"); f.Truthy() {
			f.Call("setAttribute", "style", a.ProbStyle(d))
		}
		if v := r.Call("querySelector", ".v"); v.Truthy() {
			v.Set("textContent", a.ProbPct(d))
		}
	}
}
