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
	m := GradResult{Break: "none", Diffs: []float64{1, math.NaN(), math.Inf(-1)}}
	h, floats, _, err := Encode(m)
	if err != nil {
		t.Fatal(err)
	}
	e := Epoch{Pred: []float64{4, 5, 6, 7}}
	_, efloats, _, _ := Encode(e)
	obj := func(h []byte, floats [][]float64) js.Value {
		o := js.Global().Get("Object").New()
		o.Set("h", string(h))
		arrays := js.Global().Get("Array").New()
		for _, f := range floats {
			a := js.Global().Get("Float64Array").New(len(f))
			for i, x := range f {
				a.SetIndex(i, x)
			}
			arrays.Call("push", a)
		}
		o.Set("f", arrays)
		return o
	}
	spare := [][]float64{make([]float64, 3), make([]float64, 5)}
	a0 := &spare[0][0]
	got, err := FromJSReusing(obj(h, floats), spare)
	if err != nil {
		t.Fatal(err)
	}
	a := got.(GradResult).Diffs
	if len(a) != 3 || a[0] != 1 || !math.IsNaN(a[1]) || !math.IsInf(a[2], -1) {
		t.Errorf("diffs = %v, want [1 NaN -Inf]", a)
	}
	if &a[0] != a0 || spare[0] != nil {
		t.Error("the diffs were not decoded into the spare array of their length, or that is still a spare")
	}
	hE, _, _, _ := Encode(e)
	gotE, err := FromJSReusing(obj(hE, efloats), spare)
	if err != nil {
		t.Fatal(err)
	}
	if p := gotE.(Epoch).Pred; len(p) != 4 || p[3] != 7 || spare[1] == nil {
		t.Errorf("pred = %v decoded into a spare array of another length, or that was taken", p)
	}
	plain, err := FromJS(obj(h, floats))
	if err != nil || len(plain.(GradResult).Diffs) != 3 || &plain.(GradResult).Diffs[0] == a0 {
		t.Errorf("FromJS without spares: %v, %v", plain, err)
	}
}
