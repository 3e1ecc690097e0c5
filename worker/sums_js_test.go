//go:build js && wasm

package worker

import (
	"crypto/sha256"
	"syscall/js"
	"testing"
)

// The browser's sums (crypto.subtle.digest, which Node has too) are the
// SHA-256 of the files, and loadData accepts the subset with them.
func TestBrowserSums(t *testing.T) {
	if js.Global().Get("crypto").Type() != js.TypeObject {
		t.Fatal("this JavaScript host has no crypto.subtle; Node 20 and every browser do")
	}
	raw := decompressed(t, subsetFiles(t))
	obj := js.Global().Get("Object").New()
	for name, b := range raw {
		u := js.Global().Get("Uint8Array").New(len(b))
		js.CopyBytesToJS(u, b)
		obj.Set(name, u)
	}
	obj.Set("empty", js.Global().Get("Uint8Array").New(0))
	sums := browserSums(obj)
	for name, b := range raw {
		if got, want := sums[name], sha256.Sum256(b); got != want {
			t.Errorf("%s: browser sum %x, want %x", name, got, want)
		}
	}
	if got, want := sums["empty"], sha256.Sum256(nil); got != want {
		t.Errorf("empty file: browser sum %x, want %x", got, want)
	}
	if _, _, err := loadData(bootFiles(obj), sums); err != nil {
		t.Fatal(err)
	}
	if _, ok, err := loadSummed(bootFiles(obj), sums); !ok || err != nil {
		t.Errorf("the files with the browser's sums were not loaded by their sums (ok %v, err %v)", ok, err)
	}
}
