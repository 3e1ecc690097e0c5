package wire

import (
	"reflect"
	"testing"
)

func TestRoundTrip(t *testing.T) {
	s := DefaultSettings()
	in := Msg{
		Kind:     KindState,
		Settings: &s,
		Progress: &Progress{State: "training", Iter: 7, Iters: 100, Loss: 2.25, Losses: []float64{2.3, 2.25}, FirstIter: 6},
		Names:    []string{"W1", "b1"},
		Floats:   [][]float64{{1, -2, 3.5}, {0.25}},
		Bytes:    []byte("BPLW"),
	}
	h, f, b, err := Encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := Decode(h, f, b)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(in, out) {
		t.Fatalf("round trip changed the message:\n in %+v\nout %+v", in, out)
	}
	if got := out.Float("b1"); !reflect.DeepEqual(got, []float64{0.25}) {
		t.Errorf("Float(b1) = %v", got)
	}
	if got := out.Float("W9"); got != nil {
		t.Errorf("Float(W9) = %v, want nil", got)
	}
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		floats [][]float64
	}{
		{"not json", "{", nil},
		{"no kind", `{"n":3}`, nil},
		{"names without arrays", `{"kind":"state","names":["W1"]}`, nil},
		{"arrays without names", `{"kind":"state"}`, [][]float64{{1}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode([]byte(tc.header), tc.floats, nil); err == nil {
				t.Fatal("Decode accepted a bad message")
			}
		})
	}
	if _, _, _, err := Encode(Msg{Kind: KindState, Names: []string{"a"}}); err == nil {
		t.Error("Encode accepted names without arrays")
	}
}

func TestSameShape(t *testing.T) {
	a := DefaultSettings()
	b := a
	b.LearningRate, b.Seed, b.BatchSize = 0.5, 9, 10
	if !a.SameShape(b) {
		t.Error("learning rate, seed and batch do not change the net's shape")
	}
	b.Hidden = 100
	if a.SameShape(b) {
		t.Error("hidden size changes the shape")
	}
}
