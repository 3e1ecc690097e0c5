//go:build js && wasm

package dom

import (
	sjs "syscall/js"

	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// trainer is the page's connection to the trainer worker: it implements
// model.Trainer and hands the worker's messages to the model.
type trainer struct {
	page   *Page
	worker js.Value
}

// Post sends m to the worker.
func (t *trainer) Post(m wire.Msg) {
	if !t.worker.Truthy() {
		return
	}
	if err := wire.Post(sjs.Value(t.worker), m); err != nil {
		t.page.M.Do(model.Report{Msg: trainerMessage(wire.ErrSend), Detail: err.Error()})
	}
}

// start takes over the trainer worker that the boot loader started, or
// starts one (after a crash, or if there is none) and hands it the compiled
// module and the test set that the boot loader fetched; the new worker
// fetches the training set again, from the browser's cache.
func (t *trainer) start() {
	boot := js.Global().Get("bplBoot")
	if t.worker.Truthy() {
		t.worker.Call("terminate")
	}
	var w, early js.Value
	if take := boot.Get("takeWorker"); take.Type() == js.TypeFunction {
		if got := take.Invoke(); got.Truthy() {
			w, early = got.Get("worker"), got.Get("early")
		}
	}
	fresh := !w.Truthy()
	if fresh {
		w = js.Global().Get("Worker").New("worker.js")
	}
	t.worker = w
	w.Call("addEventListener", "message", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		t.message(args[0].Get("data"))
		return nil
	}))
	w.Call("addEventListener", "error", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		t.failed(args[0])
		return nil
	}))
	// What the worker sent before the page listened, in order. The
	// listeners above are in place, and nothing can be dispatched between
	// the takeover and here (this runs without returning to the browser).
	if early.Truthy() {
		for i := range early.Length() {
			e := early.Index(i)
			if e.Get("type").String() == "error" {
				t.failed(e)
			} else {
				t.message(e.Get("data"))
			}
		}
	}
	if fresh {
		boot.Call("bootWorker", w)
	}
}

// message handles the data of a message event from the worker. It never
// blocks (it runs in a JS callback): the work happens in a goroutine.
func (t *trainer) message(data js.Value) {
	p := t.page
	if l := data.Get("log"); l.Truthy() {
		js.Global().Get("console").Call("log", "worker: "+l.String())
		return
	}
	if c := data.Get("crash"); c.Truthy() {
		detail := c.String()
		go p.lockedDo(model.TrainerGone{Detail: detail})
		return
	}
	go func() {
		p.env.Lock()
		msg, err := wire.FromJSReusing(sjs.Value(data), p.M.Spare())
		if err != nil {
			p.mark(p.M.Do(model.Report{Msg: trainerMessage(wire.ErrMessage), Detail: err.Error()}), true)
			p.env.UnlockRender()
			return
		}
		c := p.M.Apply(msg)
		p.effects()
		// While training, progress waits for the next tick; anything else
		// (a new status, a result the user asked for) is shown at once.
		urgent := c.Has(model.Structure) || !p.M.Run.Training()
		p.mark(c, urgent)
		if urgent {
			p.env.UnlockRender()
		} else {
			p.env.UnlockOnly()
		}
	}()
}

// failed handles an error event of the worker (it failed to load).
func (t *trainer) failed(e js.Value) {
	detail := "the trainer could not start"
	if m := e.Get("message"); m.Truthy() {
		detail += ": " + m.String()
	}
	go t.page.lockedDo(model.TrainerGone{NoStart: true, Detail: detail})
}
