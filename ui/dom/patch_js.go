//go:build js && wasm

package dom

import (
	"unsafe"

	"github.com/vugu/vugu/js"
)

// apply makes the writes (JavaScript skips a value that is already there)
// and empties the batch.
func (p *patch) apply() {
	if len(p.b) == 0 {
		return
	}
	// JavaScript copies the string before the call returns, so it may
	// share the batch's memory.
	js.Global().Call("bplPatch", unsafe.String(unsafe.SliceData(p.b), len(p.b)))
	p.b = p.b[:0]
}
