//go:build js && wasm

package worker

import (
	"fmt"
	"syscall/js"
	"time"

	"github.com/backprop-lab/backprop-lab/wire"
)

// helperTimeout bounds the wait for a helper's answer: a share of a batch
// takes milliseconds, so a helper silent this long is gone.
const helperTimeout = 10 * time.Second

// jsPool is a Pool of helper workers started from the trainer worker. They
// run the same module in helper mode.
type jsPool struct {
	workers []js.Value
	replies []chan wire.Msg
}

// newJSPool starts n helpers with the module and data the trainer was given
// and waits until each has loaded its data.
func newJSPool(n int) (*jsPool, error) {
	boot := js.Global().Get("bplBoot")
	p := &jsPool{}
	for k := range n {
		w := js.Global().Get("Worker").New("worker.js")
		ch := make(chan wire.Msg, 4)
		w.Call("addEventListener", "message", js.FuncOf(func(this js.Value, args []js.Value) any {
			data := args[0].Get("data")
			if c := data.Get("crash"); c.Truthy() {
				ch <- wire.Error{Code: wire.ErrCrashed, Detail: c.String()}
				return nil
			}
			if data.Get("log").Truthy() {
				return nil
			}
			m, err := wire.FromJS(data)
			if err != nil {
				m = wire.Error{Code: wire.ErrMessage, Detail: err.Error()}
			}
			select {
			case ch <- m:
			default:
			}
			return nil
		}))
		msg := js.Global().Get("Object").New()
		msg.Set("boot", true)
		msg.Set("role", "helper")
		msg.Set("module", boot.Get("module"))
		msg.Set("files", boot.Get("files"))
		w.Call("postMessage", msg)
		p.workers = append(p.workers, w)
		p.replies = append(p.replies, ch)
		_ = k
	}
	for k, ch := range p.replies {
		select {
		case m := <-ch:
			if _, ok := m.(wire.Ready); !ok {
				p.Close()
				return nil, fmt.Errorf("helper %d did not start: %v", k+1, m)
			}
		case <-time.After(30 * time.Second):
			p.Close()
			return nil, fmt.Errorf("helper %d did not start within 30 s", k+1)
		}
	}
	return p, nil
}

func (p *jsPool) Size() int { return len(p.workers) }

// Kind names the pool in the bench's results.
func (p *jsPool) Kind() string { return "messages" }

func (p *jsPool) Start(k int, w [4][]float64, act string, idx []int, divisor int) {
	fi := make([]float64, len(idx))
	for i, v := range idx {
		fi[i] = float64(v)
	}
	// Post copies the arrays into new typed arrays, so w may change after.
	_ = wire.Post(p.workers[k], wire.Share{Divisor: divisor, Activation: act, W1: w[0], B1: w[1], W2: w[2], B2: w[3], Idx: fi})
}

func (p *jsPool) Ready(k int) bool { return len(p.replies[k]) > 0 }

func (p *jsPool) Wait(k int) (float64, [4][]float64, error) {
	var none [4][]float64
	select {
	case m := <-p.replies[k]:
		g, ok := m.(wire.ShareGrad)
		if !ok {
			return 0, none, fmt.Errorf("helper answered %v", m)
		}
		return g.Loss, [4][]float64{g.DW1, g.DB1, g.DW2, g.DB2}, nil
	case <-time.After(helperTimeout):
		return 0, none, fmt.Errorf("no answer within %v", helperTimeout)
	}
}

// Close stops the helpers.
func (p *jsPool) Close() {
	for _, w := range p.workers {
		w.Call("terminate")
	}
	p.workers, p.replies = nil, nil
}

// runHelper is a helper worker's main loop: it answers share requests
// that come as messages (jsPool) or through a shared buffer (sharedPool).
func runHelper(post func(wire.Msg), inbox <-chan wire.Msg, shared <-chan js.Value) {
	train, _, err := loadBoot()
	if err != nil {
		post(wire.Error{Code: wire.ErrBadData, Detail: err.Error()})
		return
	}
	h := NewHelper(train)
	post(wire.Ready{TrainImages: train.Len()})
	for {
		var msg wire.Msg
		select {
		case sab := <-shared:
			serveShared(h, sab)
			continue
		case msg = <-inbox:
		}
		m, ok := msg.(wire.Share)
		if !ok {
			continue
		}
		idx := make([]int, len(m.Idx))
		for i, v := range m.Idx {
			idx[i] = int(v)
		}
		l, g, err := h.Share([4][]float64{m.W1, m.B1, m.W2, m.B2}, m.Activation, idx, m.Divisor)
		if err != nil {
			post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
			continue
		}
		post(wire.ShareGrad{Loss: l, DW1: g[0], DB1: g[1], DW2: g[2], DB2: g[3]})
	}
}
