//go:build js && wasm

package dom

import (
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu/js"
)

// timelineInput is the timeline's range input, which package dom makes in
// its host and alone writes: its max, value and data-iteration follow the
// trainer's snapshots while training, far more often than Vugu renders.
// While the learner drags it, the page follows the drag and leaves its
// value alone.
type timelineInput struct {
	page     *Page
	el       js.Value
	dragging bool
	funcs    []js.Func
}

// Mount makes the input inside host.
func (t *timelineInput) Mount(host js.Value) {
	if t.el.Truthy() && host.Call("contains", t.el).Bool() {
		return
	}
	for _, f := range t.funcs {
		f.Release()
	}
	t.funcs = nil
	el := js.Global().Get("document").Call("createElement", "input")
	el.Call("setAttribute", "type", "range")
	el.Call("setAttribute", "data-testid", "timeline")
	el.Call("setAttribute", "class", "timeline")
	el.Call("setAttribute", "min", "0")
	el.Call("setAttribute", "step", "1")
	host.Call("replaceChildren", el)
	t.el = el
	t.on("input", func(js.Value) {
		if i, err := strconv.Atoi(el.Get("value").String()); err == nil {
			t.page.doAsync(model.SeekTimeline{Index: i})
		}
	})
	t.on("pointerdown", func(js.Value) { t.dragging = true })
	t.on("pointerup", func(js.Value) { t.dragging = false })
	t.on("pointercancel", func(js.Value) { t.dragging = false })
}

func (t *timelineInput) on(event string, fn func(js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		fn(args[0])
		return nil
	})
	t.funcs = append(t.funcs, f)
	t.el.Call("addEventListener", event, f)
}

// update writes the input from the model; the caller holds the lock.
func (t *timelineInput) update(m *model.Model) {
	if !t.el.Truthy() {
		return
	}
	w := m.Words()
	n := len(m.Time.Kept)
	t.el.Call("setAttribute", "max", strconv.Itoa(n))
	if !t.dragging {
		t.el.Set("value", strconv.Itoa(m.TimelineIndex()))
	}
	it := m.ShownIter()
	t.el.Call("setAttribute", "data-iteration", strconv.Itoa(it))
	t.el.Call("setAttribute", "aria-valuetext", fmt.Sprintf(w.TimelineAt, it))
	t.el.Call("setAttribute", "aria-label", w.TimelineAria)
	if n == 0 || m.Snap == nil {
		t.el.Call("setAttribute", "disabled", "")
	} else {
		t.el.Call("removeAttribute", "disabled")
	}
}
