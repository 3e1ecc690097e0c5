//go:build js && wasm

package dom

import (
	sjs "syscall/js"

	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// raceTrainers are the race's two trainer workers; they implement
// model.RaceTrainers and hand their messages to the model as RaceMsg.
type raceTrainers struct {
	page    *Page
	workers [2]js.Value
	funcs   []js.Func
	// gen counts the races started: a message of a stopped race's worker
	// that is still on its way is dropped.
	gen int
}

// Post sends m to run's worker.
func (r *raceTrainers) Post(run int, m wire.Msg) {
	w := r.workers[run]
	if !w.Truthy() {
		return
	}
	if err := wire.Post(sjs.Value(w), m); err != nil {
		r.page.M.Do(model.RaceGone{Run: run, Detail: err.Error()})
	}
}

// start starts two fresh workers, which the boot loader hands the
// compiled module and the test set (bootRace: without helpers).
func (r *raceTrainers) start() {
	r.stop()
	r.gen++
	gen := r.gen
	boot := js.Global().Get("bplBoot")
	for i := range r.workers {
		w := js.Global().Get("Worker").New("worker.js")
		r.workers[i] = w
		onMsg := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
			if gen == r.gen {
				r.message(i, args[0].Get("data"))
			}
			return nil
		})
		onErr := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
			detail := "the race's trainer could not start"
			if m := args[0].Get("message"); m.Truthy() {
				detail += ": " + m.String()
			}
			if gen == r.gen {
				go r.page.lockedDo(model.RaceGone{Run: i, Detail: detail})
			}
			return nil
		})
		r.funcs = append(r.funcs, onMsg, onErr)
		w.Call("addEventListener", "message", onMsg)
		w.Call("addEventListener", "error", onErr)
		boot.Call("bootRace", w)
	}
}

// stop ends both workers.
func (r *raceTrainers) stop() {
	r.gen++
	for i, w := range r.workers {
		if w.Truthy() {
			w.Call("terminate")
		}
		r.workers[i] = js.Undefined()
	}
	for _, f := range r.funcs {
		f.Release()
	}
	r.funcs = nil
}

// message handles a message event's data of run's worker. It never blocks
// (it runs in a JS callback): the work happens in a goroutine.
func (r *raceTrainers) message(run int, data js.Value) {
	p := r.page
	if l := data.Get("log"); l.Truthy() {
		js.Global().Get("console").Call("log", "race worker: "+l.String())
		return
	}
	if c := data.Get("crash"); c.Truthy() {
		detail := c.String()
		go p.lockedDo(model.RaceGone{Run: run, Detail: detail})
		return
	}
	go func() {
		p.env.Lock()
		msg, err := wire.FromJS(sjs.Value(data))
		if err != nil {
			p.mark(p.M.Do(model.RaceGone{Run: run, Detail: err.Error()}), true)
			p.env.UnlockRender()
			return
		}
		c := p.M.Do(model.RaceMsg{Run: run, Msg: msg})
		p.effects()
		urgent := c.Has(model.Structure)
		p.mark(c, urgent)
		if urgent {
			p.env.UnlockRender()
		} else {
			p.env.UnlockOnly()
		}
	}()
}
