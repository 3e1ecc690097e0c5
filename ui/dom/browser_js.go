//go:build js && wasm

package dom

import (
	"encoding/base64"
	"errors"
	"fmt"
	sjs "syscall/js"

	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu/js"
)

// keptStore is the page's storage of its kept net (model.Store): IndexedDB,
// through the boot loader (web/app.js), which read the slot before the page
// started (bplBoot.kept) and writes it for the page (bplKeep). A write that
// fails comes back to the model as a KeepFailed command while the page is
// shown. A net kept in localStorage as base64 (the page before IndexedDB,
// or a page that was being left) is moved into IndexedDB when it is first
// read.
//
// An IndexedDB write does not outlive the page that made it: one made as
// the page is left (a reload while the net trains) is lost. The page being
// left therefore also writes the net into localStorage, whose writes are
// done at once, as base64 where it fits (nets up to about 600 hidden
// units); that copy is removed once an IndexedDB write has committed, so a
// copy in localStorage is the newest net and is read first.
type keptStore struct {
	page *Page
	// read holds what the page read or wrote of the slot since it started:
	// the boot loader's copy is dropped once read.
	read map[string][]byte
	// bootErr is why the boot loader could not read the slot, if it could
	// not.
	bootErr string
	// leaving says the page is being left (pagehide): writes then also go
	// to localStorage.
	leaving bool
}

func newKeptStore(p *Page) *keptStore {
	s := &keptStore{page: p, read: map[string][]byte{}}
	kept := sjs.Global().Get("bplBoot").Get("kept")
	if kept.Type() != sjs.TypeObject {
		s.bootErr = "the boot loader did not read the browser's storage"
		return s
	}
	if e := kept.Get("error"); e.Type() == sjs.TypeString {
		s.bootErr = e.String()
	}
	if entries := kept.Get("entries"); entries.Type() == sjs.TypeObject {
		keys := sjs.Global().Get("Object").Call("keys", entries)
		for i := range keys.Length() {
			k := keys.Index(i).String()
			s.read[k] = jsBytes(js.Value(entries.Get(k)))
		}
	}
	kept.Set("entries", sjs.Null())
	return s
}

func (s *keptStore) Get(key string) ([]byte, bool) {
	old, ok := localGet(key)
	if !ok {
		b, ok := s.read[key]
		return b, ok
	}
	b, err := base64.StdEncoding.DecodeString(old)
	if err != nil {
		// Not a weights file: the model says so and removes it.
		return []byte(old), true
	}
	s.read[key] = b
	// Moved once: the old slot goes when the new one holds the net; if
	// the write fails the old slot stays, to be moved at the next visit.
	if keep := sjs.Global().Get("bplKeep"); keep.Type() == sjs.TypeObject {
		then(keep.Call("put", key, toJS(b)), func() { localRemove(key) }, func(string) {})
	}
	return b, true
}

func (s *keptStore) Set(key string, value []byte, write int) error {
	keep := sjs.Global().Get("bplKeep")
	if keep.Type() != sjs.TypeObject {
		return errors.New("this page has no storage for its net (no IndexedDB)")
	}
	s.read[key] = value
	if s.leaving && !localSet(key, base64.StdEncoding.EncodeToString(value)) {
		// Too big for localStorage: an older copy there must not come
		// back instead of this net.
		localRemove(key)
	}
	then(keep.Call("put", key, toJS(value)), func() { localRemove(key) }, func(why string) {
		s.page.doAsync(model.KeepFailed{Key: key, Write: write, Detail: why})
	})
	return nil
}

func (s *keptStore) Remove(key string) {
	delete(s.read, key)
	localRemove(key)
	if keep := sjs.Global().Get("bplKeep"); keep.Type() == sjs.TypeObject {
		then(keep.Call("remove", key), func() {}, func(string) {})
	}
}

// then calls ok when the promise p resolves, fail with the error's name and
// message when it rejects.
func then(p sjs.Value, ok func(), fail func(why string)) {
	var yes, no sjs.Func
	yes = sjs.FuncOf(func(sjs.Value, []sjs.Value) any {
		yes.Release()
		no.Release()
		ok()
		return nil
	})
	no = sjs.FuncOf(func(_ sjs.Value, args []sjs.Value) any {
		yes.Release()
		no.Release()
		why := "the browser's storage refused it"
		if len(args) > 0 && args[0].Truthy() {
			e := args[0]
			why = e.Call("toString").String()
			if n, m := e.Get("name"), e.Get("message"); n.Type() == sjs.TypeString && m.Type() == sjs.TypeString {
				why = n.String() + ": " + m.String()
			}
		}
		fail(why)
		return nil
	})
	p.Call("then", yes, no)
}

// toJS copies b into a new Uint8Array.
func toJS(b []byte) sjs.Value {
	u8 := sjs.Global().Get("Uint8Array").New(len(b))
	sjs.CopyBytesToJS(u8, b)
	return u8
}

// localGet reads localStorage, which throws where the browser forbids it
// (some private modes): that reads as nothing.
func localGet(key string) (v string, ok bool) {
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

// localSet writes localStorage and reports whether it could (a full or
// forbidden storage throws).
func localSet(key, value string) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	sjs.Global().Get("localStorage").Call("setItem", key, value)
	return true
}

func localRemove(key string) {
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
