//go:build js && wasm

package ui

import (
	"fmt"
	"runtime/metrics"
	sjs "syscall/js"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// postTo sends m to the worker w.
func postTo(w js.Value, m wire.Msg) error { return wire.Post(sjs.Value(w), m) }

// decodeMsg decodes the data of a message event from the worker, into the
// arrays of a snapshot no longer shown if there is one. The caller holds
// the event lock.
func (a *App) decodeMsg(v js.Value) (wire.Msg, error) {
	return wire.FromJSReusing(sjs.Value(v), a.spare)
}

// heapSamples are the Go heap's live bytes (marked by the last collection)
// and the heap size at which the next collection starts, as read by
// notePageHeap.
var heapSamples = []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}

// notePageHeap reads the page's Go heap for PageHeap. It runs after the
// page's own collections, not for each readout: the first metrics.Read
// took 9-18 ms in the page (it builds the runtime's table of metrics), and
// on the first tick of training it was the longest piece of work.
func notePageHeap() { metrics.Read(heapSamples) }

// PageHeap returns the page's Go heap at its last collection by
// collectEvery: the bytes live after it and the size at which the next
// collection starts (0 before the first).
func (a *App) PageHeap() (live, goal int64) {
	if heapSamples[0].Value.Kind() != metrics.KindUint64 {
		return 0, 0
	}
	return int64(heapSamples[0].Value.Uint64()), int64(heapSamples[1].Value.Uint64())
}

// PageMemory is the size of the page's WebAssembly memory in bytes.
func (a *App) PageMemory() int64 {
	if f := sjs.Global().Get("bplBoot").Get("memory"); f.Type() == sjs.TypeFunction {
		return int64(f.Invoke().Float())
	}
	return 0
}

// localStore is the browser's localStorage. Reading or writing it throws
// when the browser forbids it (some private modes) or it is full; that is
// an error, not a crash.
type localStore struct{}

func (localStore) Get(key string) (v string, ok bool) {
	defer func() {
		if recover() != nil {
			v, ok = "", false
		}
	}()
	x := sjs.Global().Get("localStorage").Call("getItem", key)
	if x.Type() != sjs.TypeString {
		return "", false
	}
	return x.String(), true
}

func (localStore) Set(key, value string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
			if e, ok := r.(sjs.Error); ok {
				err = fmt.Errorf("%s", e.Get("message").String())
			}
		}
	}()
	sjs.Global().Get("localStorage").Call("setItem", key, value)
	return nil
}

func (localStore) Remove(key string) {
	defer func() { _ = recover() }()
	sjs.Global().Get("localStorage").Call("removeItem", key)
}

// updateURL puts the applied settings into the page's URL (replacing the
// history entry, not adding one), keeping the query (e.g. ?bench=...).
func (a *App) updateURL() {
	loc := sjs.Global().Get("location")
	u := loc.Get("pathname").String() + loc.Get("search").String() + "#" + SettingsHash(a.Applied)
	sjs.Global().Get("history").Call("replaceState", nil, "", u)
}

// download offers b to the user as a file called name.
func download(name string, b []byte) {
	u8 := sjs.Global().Get("Uint8Array").New(len(b))
	sjs.CopyBytesToJS(u8, b)
	blob := sjs.Global().Get("Blob").New([]any{u8}, map[string]any{"type": "application/octet-stream"})
	url := sjs.Global().Get("URL").Call("createObjectURL", blob)
	doc := sjs.Global().Get("document")
	link := doc.Call("createElement", "a")
	link.Set("href", url)
	link.Set("download", name)
	link.Set("hidden", true)
	doc.Get("body").Call("appendChild", link)
	link.Call("click")
	link.Call("remove")
	sjs.Global().Call("setTimeout", sjs.FuncOf(func(sjs.Value, []sjs.Value) any {
		sjs.Global().Get("URL").Call("revokeObjectURL", url)
		return nil
	}), 10000)
}

// readBlob reads a File or Blob (or a fetch Response) with arrayBuffer()
// and calls done in a new goroutine with its bytes; at most limit bytes.
func readBlob(v js.Value, limit int, done func([]byte, error)) {
	b := sjs.Value(v)
	if size := b.Get("size"); size.Type() == sjs.TypeNumber && size.Int() > limit {
		go done(nil, fmt.Errorf("it has %d bytes, a weights file of this page at most %d", size.Int(), limit))
		return
	}
	var ok, fail sjs.Func
	ok = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		ok.Release()
		fail.Release()
		u8 := sjs.Global().Get("Uint8Array").New(args[0])
		if u8.Length() > limit {
			go done(nil, fmt.Errorf("it has %d bytes, a weights file of this page at most %d", u8.Length(), limit))
			return nil
		}
		out := make([]byte, u8.Length())
		sjs.CopyBytesToGo(out, u8)
		go done(out, nil)
		return nil
	})
	fail = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		ok.Release()
		fail.Release()
		msg := "it could not be read"
		if len(args) > 0 && args[0].Truthy() {
			msg += ": " + args[0].Call("toString").String()
		}
		go done(nil, fmt.Errorf("%s", msg))
		return nil
	})
	b.Call("arrayBuffer").Call("then", ok, fail)
}

// fetchBytes fetches a file of the app's own folder.
func fetchBytes(path string, limit int, done func([]byte, error)) {
	var ok, fail sjs.Func
	ok = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		ok.Release()
		fail.Release()
		res := args[0]
		if !res.Get("ok").Bool() {
			go done(nil, fmt.Errorf("%s: HTTP %d", path, res.Get("status").Int()))
			return nil
		}
		readBlob(js.Value(res), limit, done)
		return nil
	})
	fail = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		ok.Release()
		fail.Release()
		go done(nil, fmt.Errorf("%s could not be fetched", path))
		return nil
	})
	sjs.Global().Call("fetch", path).Call("then", ok, fail)
}
