//go:build js && wasm

package ui

import (
	sjs "syscall/js"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// postTo sends m to the worker w.
func postTo(w js.Value, m wire.Msg) error { return wire.Post(sjs.Value(w), m) }

// decodeMsg decodes the data of a message event from the worker.
func decodeMsg(v js.Value) (wire.Msg, error) { return wire.FromJS(sjs.Value(v)) }
