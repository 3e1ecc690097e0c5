//go:build !(js && wasm)

package ui

import (
	"errors"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

var errNoBrowser = errors.New("ui: the page runs only in a browser")

func postTo(js.Value, wire.Msg) error { return errNoBrowser }

func (a *App) decodeMsg(js.Value) (wire.Msg, error) { return wire.Msg{}, errNoBrowser }

func (a *App) updateURL() {}

// PageMemory is the size of the page's WebAssembly memory in bytes.
func (a *App) PageMemory() int64 { return 0 }

// PageHeap returns the page's Go heap: the bytes live after the last
// collection and the size at which the next one starts (0 outside the
// browser).
func (a *App) PageHeap() (live, goal int64) { return 0, 0 }

func download(string, []byte) {}

func readBlob(_ js.Value, _ int, done func([]byte, error)) { go done(nil, errNoBrowser) }

func fetchBytes(_ string, _ int, done func([]byte, error)) { go done(nil, errNoBrowser) }

// RestartTrainer needs a browser.
func (a *App) RestartTrainer() {}

// MountToggle needs a browser.
func (a *App) MountToggle(js.Value) {}
