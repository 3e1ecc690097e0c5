//go:build js && wasm

package ui

import (
	"github.com/backprop-lab/backprop-lab/ui/dom"
	"github.com/backprop-lab/backprop-lab/ui/page"
)

// Run runs the page at the element that mountPoint selects until the page
// goes away.
func Run(mountPoint string) { dom.Run(mountPoint, page.New) }
