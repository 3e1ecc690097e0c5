//go:build js && wasm

package worker

import (
	"errors"
	"fmt"
	"runtime/debug"
	"syscall/js"

	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Run is the worker's main loop. It loads the data that the page handed
// over, then carries out messages and trains while playing. It never
// returns; a panic is reported to the UI as a crash.
func Run() {
	// The live heap is mostly the data, which never becomes garbage and has
	// no pointers to scan: a quarter of it as room for garbage keeps the
	// WebAssembly memory (which never shrinks) near the live heap, and a
	// collection costs little.
	debug.SetGCPercent(25)
	self := js.Global()
	post := func(m wire.Msg) {
		if e, ok := m.(wire.Epoch); ok {
			if mem := self.Get("bplMemory"); mem.Type() == js.TypeFunction {
				e.Stats.WorkerMemory = int64(mem.Invoke().Float())
				m = e
			}
		}
		if err := wire.Post(self, m); err != nil {
			// A message that cannot be encoded is a bug: say so on the page.
			_ = wire.Post(self, wire.Error{Code: wire.ErrSend, Args: []string{string(m.Kind())}, Detail: err.Error()})
		}
	}
	defer func() {
		if r := recover(); r != nil {
			post(wire.Error{Code: wire.ErrCrashed, Args: []string{fmt.Sprint(r)}, Detail: fmt.Sprintf("the trainer crashed: %v", r)})
			println(string(debug.Stack()))
		}
	}()

	inbox := make(chan wire.Msg, 256)
	shared := make(chan js.Value, 4) // a helper's buffers (sharedPool)
	// benchStop is set by a stop that arrives while a bench runs, which
	// holds the loop that reads the inbox; a new bench clears it, so that
	// a stop that came too late for the bench before does not stop it.
	benchStop := false
	receive := func(v js.Value) {
		if b := v.Get("shared"); b.Type() == js.TypeObject {
			shared <- b
			return
		}
		m, err := wire.FromJS(v)
		if err != nil {
			post(wire.Error{Code: wire.ErrMessage, Detail: err.Error()})
			return
		}
		switch m.(type) {
		case wire.BenchStop:
			benchStop = true
			return
		case wire.Bench:
			benchStop = false
		}
		select {
		case inbox <- m:
		default:
			post(wire.Error{Code: wire.ErrBusy, Args: []string{string(m.Kind())}})
		}
	}
	onmessage := js.FuncOf(func(this js.Value, args []js.Value) any {
		receive(args[0].Get("data"))
		return nil
	})
	self.Set("onmessage", onmessage)
	if q := self.Get("bplQueue"); q.Truthy() {
		for i := range q.Length() {
			receive(q.Index(i))
		}
		self.Set("bplQueue", js.Null())
	}

	if self.Get("bplBoot").Get("role").String() == "helper" {
		runHelper(post, inbox, shared)
		select {}
	}

	y := newYielder()
	train, test, err := loadBoot()
	if err != nil {
		post(wire.Error{Code: wire.ErrBadData, Detail: err.Error()})
		select {} // keep the worker alive to report nothing more
	}
	s := NewSession(train, test)
	s.Post = post
	s.Yield = y.yield
	s.BenchStopped = func() bool { return benchStop }
	post(wire.Ready{TrainImages: train.Len(), TestImages: test.Len()})

	// Data-parallel training: one helper per core beyond the page's and this
	// one's, when they can share memory with the trainer. Helpers that get
	// their work as messages make training slower, not faster, so a page
	// that is not cross-origin isolated (a static server without COOP/COEP)
	// trains in one worker.
	// A race's runs train side by side, one worker each, without helpers.
	race := self.Get("bplBoot").Get("role").String() == "race"
	if n := js.Global().Get("navigator").Get("hardwareConcurrency").Int() - 2; n > 0 && canShare() && !race {
		if p, err := newPool(min(n, 7), false); err == nil {
			s.Pool = p
		} else {
			post(wire.Error{Code: wire.ErrOneWorker, Detail: err.Error()})
		}
	}
	handle := func(m wire.Msg) {
		b, ok := m.(wire.Bench)
		if !ok {
			s.Handle(m)
			return
		}
		// The bench trains in as many workers as it asks for, whatever the
		// live pool (1: the trainer alone), at most one per core and
		// wire.MaxBenchWorkers: the bench page's UI is idle, so the bench
		// may use every core.
		var p Pool
		if n := min(b.Workers, max(js.Global().Get("navigator").Get("hardwareConcurrency").Int(), 1), wire.MaxBenchWorkers); n > 1 {
			sp, err := newPool(n-1, b.Messages)
			if err != nil {
				post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
				return
			}
			defer sp.Close()
			p = sp
		}
		live := s.Pool
		s.Pool = p
		s.Handle(m)
		s.Pool = live
	}
	for {
		if !s.Playing() {
			handle(<-inbox)
			continue
		}
		select {
		case m := <-inbox:
			handle(m)
			continue
		default:
		}
		s.Train(TrainChunk)
		y.yield()
	}
}

// loadBoot loads the data files, checked against the SHA-256 sums the
// browser computes for them. A helper gets them with its module
// (bplBoot.files); the trainer waits for bplFiles (worker.js): the page's
// test set and the training files it fetched itself. It keeps them in
// bplBoot.files for its helpers.
func loadBoot() (train, test nn.Dataset, err error) {
	boot := js.Global().Get("bplBoot")
	v := boot.Get("files")
	if v.Type() != js.TypeObject {
		if v, err = await(js.Global().Get("bplFiles")); err != nil {
			return train, test, err
		}
		boot.Set("files", v)
	}
	sums := browserSums(v)
	return loadData(bootFiles(v), sums)
}

// browserSums returns the SHA-256 of each file of v (name -> Uint8Array),
// computed by crypto.subtle.digest, all four at once and natively: Go's
// sha256 compiled to WebAssembly took about half of loading the data. It
// returns what it could compute: without crypto.subtle (a page that is not
// a secure context) or on an error, loadData hashes the rest itself.
func browserSums(v js.Value) map[string][32]byte {
	sums := map[string][32]byte{}
	subtle := js.Global().Get("crypto")
	if v.Type() != js.TypeObject || subtle.Type() != js.TypeObject {
		return sums
	}
	if subtle = subtle.Get("subtle"); subtle.Type() != js.TypeObject {
		return sums
	}
	keys := js.Global().Get("Object").Call("keys", v)
	names := make([]string, keys.Length())
	digests := make([]js.Value, len(names))
	for i := range names {
		names[i] = keys.Index(i).String()
		digests[i] = subtle.Call("digest", "SHA-256", v.Get(names[i]))
	}
	for i, d := range digests {
		sum, err := await(d)
		if err != nil || sum.Type() != js.TypeObject || sum.Get("byteLength").Int() != 32 {
			continue
		}
		var s [32]byte
		js.CopyBytesToGo(s[:], js.Global().Get("Uint8Array").New(sum))
		sums[names[i]] = s
	}
	return sums
}

// await waits for the promise p and returns its value, or its error's
// message as an error. Promises started before run meanwhile.
func await(p js.Value) (js.Value, error) {
	if p.Type() != js.TypeObject || p.Get("then").Type() != js.TypeFunction {
		return js.Undefined(), errors.New("no data files were handed over")
	}
	type result struct {
		v   js.Value
		err error
	}
	done := make(chan result, 1)
	ok := js.FuncOf(func(_ js.Value, a []js.Value) any { done <- result{v: a[0]}; return nil })
	fail := js.FuncOf(func(_ js.Value, a []js.Value) any {
		msg := "unknown error"
		if len(a) > 0 && a[0].Type() == js.TypeObject && a[0].Get("message").Type() == js.TypeString {
			msg = a[0].Get("message").String()
		} else if len(a) > 0 {
			msg = a[0].String()
		}
		done <- result{err: errors.New(msg)}
		return nil
	})
	defer ok.Release()
	defer fail.Release()
	p.Call("then", ok, fail)
	r := <-done
	return r.v, r.err
}

func bootFiles(v js.Value) map[string][]byte {
	files := map[string][]byte{}
	if v.Type() != js.TypeObject {
		return files
	}
	keys := js.Global().Get("Object").Call("keys", v)
	for i := range keys.Length() {
		k := keys.Index(i).String()
		a := v.Get(k)
		b := make([]byte, a.Get("length").Int())
		js.CopyBytesToGo(b, a)
		files[k] = b
	}
	return files
}

// yielder lets the JavaScript event loop run for a moment, so that messages
// posted to the worker are delivered, without the 1-4 ms that a setTimeout
// (what time.Sleep uses) costs: it posts to itself through a MessageChannel
// and blocks until that message comes back.
type yielder struct {
	port js.Value
	ch   chan struct{}
}

func newYielder() *yielder {
	y := &yielder{ch: make(chan struct{}, 1)}
	mc := js.Global().Get("MessageChannel").New()
	mc.Get("port1").Set("onmessage", js.FuncOf(func(js.Value, []js.Value) any {
		y.ch <- struct{}{}
		return nil
	}))
	y.port = mc.Get("port2")
	return y
}

func (y *yielder) yield() {
	y.port.Call("postMessage", 0)
	<-y.ch
}
