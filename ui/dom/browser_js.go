//go:build js && wasm

package dom

import (
	"fmt"
	sjs "syscall/js"

	"github.com/vugu/vugu/js"
)

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

// setAddress puts the fragment frag into the page's address, replacing the
// history entry, and keeps the query (?bench=...).
func setAddress(frag string) {
	loc := sjs.Global().Get("location")
	u := loc.Get("pathname").String() + loc.Get("search").String() + "#" + frag
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

// errTooBig is readBlob's error for a file over its limit.
type errTooBig struct{ size, limit int }

func (e errTooBig) Error() string {
	return fmt.Sprintf("it has %d bytes, more than %d", e.size, e.limit)
}

// readBlob reads a File or Blob (or a fetch Response) with arrayBuffer()
// and calls done in a new goroutine with its bytes; at most limit bytes
// (else the error is an errTooBig).
func readBlob(v js.Value, limit int, done func([]byte, error)) {
	b := sjs.Value(v)
	if size := b.Get("size"); size.Type() == sjs.TypeNumber && size.Int() > limit {
		go done(nil, errTooBig{size.Int(), limit})
		return
	}
	var ok, fail sjs.Func
	ok = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		ok.Release()
		fail.Release()
		u8 := sjs.Global().Get("Uint8Array").New(args[0])
		if u8.Length() > limit {
			go done(nil, errTooBig{u8.Length(), limit})
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

// pageLang is the language that the boot loader (web/app.js) chose for the
// page, from the user's earlier choice or the browser's languages, as the
// <html lang> it set.
func pageLang() string {
	return js.Global().Get("document").Get("documentElement").Get("lang").String()
}

// setPageLang sets <html lang>.
func setPageLang(code string) {
	el := js.Global().Get("document").Get("documentElement")
	if el.Get("lang").String() != code {
		el.Set("lang", code)
	}
}

// rememberLang asks the boot loader to set <html lang> and remember the
// choice (window.bplSetLang, which survives a browser without storage).
func rememberLang(lang string) {
	if f := js.Global().Get("bplSetLang"); f.Type() == js.TypeFunction {
		f.Invoke(lang)
	}
}

// jsBytes copies a Uint8Array into Go.
func jsBytes(v js.Value) []byte {
	if !v.Truthy() {
		return nil
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}
