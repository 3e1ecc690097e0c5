//go:build js && wasm

package wire

import (
	"math"
	"syscall/js"
	"testing"
)

// Decoding a message into spare arrays uses those of the right length (no
// new allocation) and takes them from the spares, without changing what is
// decoded; spares of another length are left alone.
func TestFromJSReusing(t *testing.T) {
	m := Msg{Kind: KindState, Names: []string{"a", "b"}, Floats: [][]float64{{1, math.NaN(), math.Inf(-1)}, {4, 5, 6, 7}}}
	h, floats, _, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	obj := js.Global().Get("Object").New()
	obj.Set("h", string(h))
	arrays := js.Global().Get("Array").New()
	for _, f := range floats {
		a := js.Global().Get("Float64Array").New(len(f))
		for i, x := range f {
			a.SetIndex(i, x)
		}
		arrays.Call("push", a)
	}
	obj.Set("f", arrays)

	spare := [][]float64{make([]float64, 3), make([]float64, 5)}
	a0, b0 := &spare[0][0], &spare[1][0]
	got, err := FromJSReusing(obj, spare)
	if err != nil {
		t.Fatal(err)
	}
	a, b := got.Float("a"), got.Float("b")
	if len(a) != 3 || a[0] != 1 || !math.IsNaN(a[1]) || !math.IsInf(a[2], -1) {
		t.Errorf("a = %v, want [1 NaN -Inf]", a)
	}
	if len(b) != 4 || b[0] != 4 || b[3] != 7 {
		t.Errorf("b = %v, want [4 5 6 7]", b)
	}
	if &a[0] != a0 || spare[0] != nil {
		t.Error("a was not decoded into the spare array of its length, or that is still a spare")
	}
	if &b[0] == b0 || spare[1] == nil {
		t.Error("b was decoded into a spare array of another length, or that was taken")
	}
	plain, err := FromJS(obj)
	if err != nil || len(plain.Float("a")) != 3 || &plain.Float("a")[0] == a0 {
		t.Errorf("FromJS without spares: %v, %v", plain.Float("a"), err)
	}
}
