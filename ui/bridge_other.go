//go:build !(js && wasm)

package ui

import (
	"errors"

	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

var errNoBrowser = errors.New("ui: the page runs only in a browser")

func postTo(js.Value, wire.Msg) error { return errNoBrowser }

func decodeMsg(js.Value) (wire.Msg, error) { return wire.Msg{}, errNoBrowser }
