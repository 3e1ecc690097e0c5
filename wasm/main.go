//go:build js && wasm

// Command wasm is Backprop Lab's WebAssembly program. The page and the
// trainer worker run the same module: in a window it starts the Vugu UI, in
// a Web Worker the trainer. Sharing one module means one download and one
// compilation for both.
package main

import (
	"syscall/js"

	"github.com/backprop-lab/backprop-lab/ui"
	"github.com/backprop-lab/backprop-lab/worker"
)

func main() {
	if js.Global().Get("document").IsUndefined() {
		worker.Run()
		return
	}
	ui.Run("#vugu_mount_point")
}
