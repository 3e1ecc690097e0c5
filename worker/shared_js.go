//go:build js && wasm

package worker

import (
	"errors"
	"fmt"
	"syscall/js"
	"time"
	"unsafe"

	"github.com/backprop-lab/backprop-lab/nn"
)

// The shared pool: helpers that exchange weights and gradients through
// shared memory.
//
// jsPool's messages cost more than they carry: each step posts the weights
// to every helper and gets a gradient of the same size back, and each
// message waits for both workers' event loops and allocates its arrays
// anew: for a share of one batch the round trip takes longer than the share.
//
// When the page is cross-origin isolated (the server's COOP and COEP
// headers), each helper gets a SharedArrayBuffer instead. The trainer
// copies the weights and the rows of the share into it and wakes the helper
// with Atomics.notify; the helper, polling the buffer and then blocked in
// Atomics.wait, computes the share and copies its gradient back into the
// same buffer, then wakes the trainer, which polls and waits the same way. Nothing is allocated per step and no event loop is involved.
//
// Layout of a helper's buffer: ctrlSlots int32 of control, then float64s.
// Request: W1 b1 W2 b2 idx. Answer: dW1 db1 dW2 db2 loss, or on failure
// the error's text as bytes.

// spinFor is how long a waiting side polls the state before it sleeps in
// Atomics.wait, which costs a wake-up (and the cache of a thread that the
// system may have moved); make bench's 2-worker row is faster with it.
const spinFor = 5 * time.Millisecond

// Control slots (Int32Array indices).
const (
	ctlState   = 0  // one of the st* states
	ctlIdx     = 1  // number of rows in the share
	ctlDivisor = 2  // the whole batch's size
	ctlAct     = 3  // nn.Activation
	ctlLen     = 4  // 4 slots: lengths of W1 b1 W2 b2
	ctlErrLen  = 8  // length of the error text (state stFailed)
	ctlBusyUs  = 9  // µs from seeing the request to answering it (the last share)
	ctlGradUs  = 10 // µs of that in Helper.Gradient
	ctrlSlots  = 16
)

// States of a helper's buffer. The trainer moves it from idle or done to
// request (or leave); the helper from request to done or failed.
const (
	stIdle    = 0
	stRequest = 1
	stDone    = 2
	stFailed  = 3
	stLeave   = 4 // go back to messages (a bigger buffer follows)
)

// sharedSlot is the trainer's side of one helper's buffer.
type sharedSlot struct {
	sab   js.Value // the SharedArrayBuffer
	ctrl  js.Value // Int32Array over its control slots
	bytes js.Value // Uint8Array over the float64s
	cap   int      // float64s the buffer holds
	grad  [4][]float64
	rows  []float64 // the share's row indices as float64s (Start)
}

// sharedPool is a Pool of helper workers that share a buffer each with the
// trainer. It is made from a started jsPool, whose workers it takes over.
type sharedPool struct {
	workers []js.Value
	slots   []*sharedSlot
	atomics js.Value
	// The helpers' time, added up over the answers: busy from seeing a
	// request to answering it, of which grad in the gradient itself.
	busy, grad time.Duration
}

// canShare reports whether this worker can use SharedArrayBuffer (the page
// is cross-origin isolated) and Atomics.wait.
func canShare() bool {
	g := js.Global()
	return g.Get("crossOriginIsolated").Truthy() && g.Get("SharedArrayBuffer").Type() == js.TypeFunction &&
		g.Get("Atomics").Type() == js.TypeObject
}

// closingPool is a Pool whose helpers can be stopped.
type closingPool interface {
	Pool
	Close()
}

// newPool starts n helpers: a sharedPool when the page is cross-origin
// isolated and messages is false, else a jsPool.
func newPool(n int, messages bool) (closingPool, error) {
	p, err := newJSPool(n)
	if err != nil {
		return nil, err
	}
	if messages || !canShare() {
		return p, nil
	}
	return &sharedPool{workers: p.workers, slots: make([]*sharedSlot, n), atomics: js.Global().Get("Atomics")}, nil
}

func (p *sharedPool) Size() int { return len(p.workers) }

// Kind names the pool in the bench's results.
func (p *sharedPool) Kind() string { return "shared" }

// HelperTimes returns the helpers' time since the last call, added up over
// their answers: busy from seeing a request to answering it, of which grad
// computing the gradient.
func (p *sharedPool) HelperTimes() (busy, grad time.Duration) {
	busy, grad = p.busy, p.grad
	p.busy, p.grad = 0, 0
	return busy, grad
}

// slot returns helper k's buffer, big enough for floats float64s: a new
// one, handed to the helper by a message, when there is none yet or it is
// too small.
func (p *sharedPool) slot(k, floats int) *sharedSlot {
	s := p.slots[k]
	if s != nil && s.cap >= floats {
		return s
	}
	if s != nil {
		// The helper waits in its loop: tell it to leave and read its
		// messages, where the new buffer is.
		p.atomics.Call("store", s.ctrl, ctlState, stLeave)
		p.atomics.Call("notify", s.ctrl, ctlState)
	}
	sab := js.Global().Get("SharedArrayBuffer").New(ctrlSlots*4 + floats*8)
	s = &sharedSlot{
		sab:   sab,
		ctrl:  js.Global().Get("Int32Array").New(sab, 0, ctrlSlots),
		bytes: js.Global().Get("Uint8Array").New(sab, ctrlSlots*4, floats*8),
		cap:   floats,
	}
	msg := js.Global().Get("Object").New()
	msg.Set("shared", sab)
	p.workers[k].Call("postMessage", msg)
	p.slots[k] = s
	return s
}

func (p *sharedPool) Start(k int, w [4][]float64, act string, idx []int, divisor int) {
	a, _ := nn.ParseActivation(act) // the trainer's own activation, always valid
	nw := len(w[0]) + len(w[1]) + len(w[2]) + len(w[3])
	s := p.slot(k, nw+max(len(idx), 1))
	off := 0
	for i, v := range w {
		copyToShared(s.bytes, off, v)
		off += len(v)
		p.atomics.Call("store", s.ctrl, ctlLen+i, len(v))
	}
	// The rows as float64s: exact for any index below 2⁵³.
	if cap(s.rows) < len(idx) {
		s.rows = make([]float64, len(idx))
	}
	rows := s.rows[:len(idx)]
	for i, r := range idx {
		rows[i] = float64(r)
	}
	copyToShared(s.bytes, off, rows)
	p.atomics.Call("store", s.ctrl, ctlIdx, len(idx))
	p.atomics.Call("store", s.ctrl, ctlDivisor, divisor)
	p.atomics.Call("store", s.ctrl, ctlAct, int(a))
	p.atomics.Call("store", s.ctrl, ctlState, stRequest)
	p.atomics.Call("notify", s.ctrl, ctlState)
}

func (p *sharedPool) Ready(k int) bool {
	s := p.slots[k]
	return s == nil || p.atomics.Call("load", s.ctrl, ctlState).Int() != stRequest
}

func (p *sharedPool) Wait(k int) (float64, [4][]float64, error) {
	var none [4][]float64
	s := p.slots[k]
	if s == nil {
		return 0, none, errors.New("no request was sent")
	}
	start := time.Now()
	deadline := start.Add(helperTimeout)
	st := p.atomics.Call("load", s.ctrl, ctlState).Int()
	for st == stRequest {
		if time.Since(start) < spinFor {
			st = p.atomics.Call("load", s.ctrl, ctlState).Int()
			continue
		}
		if time.Now().After(deadline) {
			return 0, none, fmt.Errorf("no answer within %v", helperTimeout)
		}
		p.atomics.Call("wait", s.ctrl, ctlState, stRequest, 100)
		st = p.atomics.Call("load", s.ctrl, ctlState).Int()
	}
	if st == stFailed {
		n := p.atomics.Call("load", s.ctrl, ctlErrLen).Int()
		b := make([]byte, min(n, s.cap*8))
		js.CopyBytesToGo(b, s.bytes)
		return 0, none, errors.New(string(b))
	}
	if st != stDone {
		return 0, none, fmt.Errorf("helper buffer in state %d", st)
	}
	p.busy += time.Duration(p.atomics.Call("load", s.ctrl, ctlBusyUs).Int()) * time.Microsecond
	p.grad += time.Duration(p.atomics.Call("load", s.ctrl, ctlGradUs).Int()) * time.Microsecond
	off := 0
	for i := range s.grad {
		n := p.atomics.Call("load", s.ctrl, ctlLen+i).Int()
		if len(s.grad[i]) != n {
			s.grad[i] = make([]float64, n)
		}
		copyFromShared(s.grad[i], s.bytes, off)
		off += n
	}
	var loss [1]float64
	copyFromShared(loss[:], s.bytes, off)
	return loss[0], s.grad, nil
}

// Close stops the helpers.
func (p *sharedPool) Close() {
	for _, w := range p.workers {
		w.Call("terminate")
	}
	p.workers, p.slots = nil, nil
}

// serveShared is a helper's loop over the buffer sab: it waits for a
// request, computes the share with h and answers, until the trainer tells
// it to leave (a bigger buffer is on its way as a message).
func serveShared(h *Helper, sab js.Value) {
	atomics := js.Global().Get("Atomics")
	ctrl := js.Global().Get("Int32Array").New(sab, 0, ctrlSlots)
	floats := (sab.Get("byteLength").Int() - ctrlSlots*4) / 8
	bytes := js.Global().Get("Uint8Array").New(sab, ctrlSlots*4, floats*8)
	var rows []float64
	var idx []int
	fail := func(err error) {
		b := []byte(err.Error())
		b = b[:min(len(b), floats*8)]
		js.CopyBytesToJS(bytes, b)
		atomics.Call("store", ctrl, ctlErrLen, len(b))
		atomics.Call("store", ctrl, ctlState, stFailed)
		atomics.Call("notify", ctrl, ctlState)
	}
	var loss [1]float64
	idle := time.Now()
requests:
	for {
		st := atomics.Call("load", ctrl, ctlState).Int()
		switch st {
		case stLeave:
			return
		case stRequest:
		default:
			// The next request usually follows within a millisecond (the
			// trainer's update of the weights): look for it for a while
			// before sleeping, which costs a wake-up of the thread.
			if time.Since(idle) < spinFor {
				continue
			}
			// Blocks this worker's thread until the trainer writes a new
			// state: a helper has nothing else to do.
			atomics.Call("wait", ctrl, ctlState, st)
			idle = time.Now()
			continue
		}
		seen := time.Now()
		var lens [4]int
		total := 0
		for i := range lens {
			lens[i] = atomics.Call("load", ctrl, ctlLen+i).Int()
			total += lens[i]
		}
		ni := atomics.Call("load", ctrl, ctlIdx).Int()
		if total+ni > floats || ni < 0 {
			fail(fmt.Errorf("a request of %d values in a buffer of %d", total+ni, floats))
			continue
		}
		act := nn.Activation(atomics.Call("load", ctrl, ctlAct).Int()).String()
		w, err := h.Params(lens[1], act)
		if err != nil {
			fail(err)
			continue
		}
		off := 0
		for i := range w {
			if len(w[i]) != lens[i] {
				fail(fmt.Errorf("%d weights for a net with %d", lens[i], len(w[i])))
				continue requests
			}
			copyFromShared(w[i], bytes, off)
			off += len(w[i])
		}
		if cap(rows) < ni {
			rows, idx = make([]float64, ni), make([]int, ni)
		}
		rows, idx = rows[:ni], idx[:ni]
		copyFromShared(rows, bytes, off)
		for i, r := range rows {
			idx[i] = int(r)
		}
		g0 := time.Now()
		l, g, err := h.Gradient(idx, atomics.Call("load", ctrl, ctlDivisor).Int())
		gradUs := time.Since(g0).Microseconds()
		if err != nil {
			fail(err)
			continue
		}
		off = 0
		for i := range g {
			if len(g[i]) != len(w[i]) {
				fail(fmt.Errorf("gradient %d has %d values for %d weights", i, len(g[i]), len(w[i])))
				continue requests
			}
			copyToShared(bytes, off, g[i])
			off += len(g[i])
		}
		loss[0] = l
		copyToShared(bytes, off, loss[:])
		atomics.Call("store", ctrl, ctlGradUs, gradUs)
		atomics.Call("store", ctrl, ctlBusyUs, time.Since(seen).Microseconds())
		atomics.Call("store", ctrl, ctlState, stDone)
		atomics.Call("notify", ctrl, ctlState)
		idle = time.Now()
	}
}

// copyToShared copies v into the float64s of a shared buffer's byte view
// u, starting at float64 index off.
func copyToShared(u js.Value, off int, v []float64) {
	if len(v) == 0 {
		return
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
	js.CopyBytesToJS(u.Call("subarray", off*8, (off+len(v))*8), raw)
}

// copyFromShared fills v from the float64s of a shared buffer's byte view
// u, starting at float64 index off.
func copyFromShared(v []float64, u js.Value, off int) {
	if len(v) == 0 {
		return
	}
	raw := unsafe.Slice((*byte)(unsafe.Pointer(&v[0])), len(v)*8)
	js.CopyBytesToGo(raw, u.Call("subarray", off*8, (off+len(v))*8))
}
