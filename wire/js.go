//go:build js && wasm

package wire

import (
	"fmt"
	"syscall/js"
	"unsafe"
)

// Post sends m to target (a Worker, or the worker's global scope) with
// postMessage, transferring its arrays instead of copying them twice.
func Post(target js.Value, m Msg) error {
	h, floats, bytes, err := Encode(m)
	if err != nil {
		return err
	}
	arrays := js.Global().Get("Array").New(len(floats))
	transfer := js.Global().Get("Array").New()
	for i, f := range floats {
		a := js.Global().Get("Float64Array").New(len(f))
		if len(f) > 0 {
			raw := unsafe.Slice((*byte)(unsafe.Pointer(&f[0])), len(f)*8)
			js.CopyBytesToJS(js.Global().Get("Uint8Array").New(a.Get("buffer")), raw)
		}
		arrays.SetIndex(i, a)
		transfer.Call("push", a.Get("buffer"))
	}
	obj := js.Global().Get("Object").New()
	obj.Set("h", string(h))
	obj.Set("f", arrays)
	if bytes != nil {
		u := js.Global().Get("Uint8Array").New(len(bytes))
		js.CopyBytesToJS(u, bytes)
		obj.Set("b", u)
		transfer.Call("push", u.Get("buffer"))
	}
	target.Call("postMessage", obj, transfer)
	return nil
}

// FromJS decodes the data of a message event posted by Post.
func FromJS(v js.Value) (Msg, error) { return FromJSReusing(v, nil) }

// FromJSReusing is FromJS, but decodes the i-th array into spare[i] when
// that has its length, instead of allocating, and sets spare[i] to nil (the
// message owns it now): a page that receives a snapshot of the weights
// several times a second passes the arrays of a snapshot it no longer
// shows, and its garbage collector (which stops the page) has little to do.
func FromJSReusing(v js.Value, spare [][]float64) (Msg, error) {
	if v.Type() != js.TypeObject || v.Get("h").Type() != js.TypeString {
		return nil, fmt.Errorf("wire: not a message")
	}
	var floats [][]float64
	if f := v.Get("f"); f.Type() == js.TypeObject {
		n := f.Length()
		floats = make([][]float64, n)
		for i := range n {
			a := f.Index(i)
			l := a.Length()
			if i < len(spare) && len(spare[i]) == l && l > 0 {
				floats[i], spare[i] = spare[i], nil
			} else {
				floats[i] = make([]float64, l)
			}
			if l > 0 {
				raw := unsafe.Slice((*byte)(unsafe.Pointer(&floats[i][0])), l*8)
				js.CopyBytesToGo(raw, js.Global().Get("Uint8Array").New(a.Get("buffer"), a.Get("byteOffset"), a.Get("byteLength")))
			}
		}
	}
	var bytes []byte
	if b := v.Get("b"); b.Type() == js.TypeObject {
		bytes = make([]byte, b.Length())
		js.CopyBytesToGo(bytes, b)
	}
	return Decode([]byte(v.Get("h").String()), floats, bytes)
}
