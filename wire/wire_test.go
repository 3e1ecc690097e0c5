package wire

import (
	"errors"
	"math"
	"reflect"
	"testing"
)

// Every kind survives Encode and Decode unchanged, and Decode gives the
// payload as a value of its type.
func TestRoundTrip(t *testing.T) {
	s := DefaultSettings()
	snap := &Snapshot{W1: []float64{1, -2}, B1: []float64{0.5}, W2: []float64{3}, B2: []float64{-1}}
	grads := &Snapshot{W1: []float64{1, -2}, B1: []float64{0.5}, W2: []float64{3}, B2: []float64{-1},
		DW1: []float64{0, math.NaN()}, DB1: []float64{math.Inf(1)}, DW2: []float64{2}, DB2: []float64{-0.0}}
	for _, m := range []Msg{
		Init{Settings: s}, Configure{Settings: s}, Play{}, Pause{}, Step{Steps: 3},
		GradCheck{Break: "relu-mask"}, Import{File: []byte("BPLW")},
		Bench{Iters: 1000, Workers: 2, Warmup: 50, Messages: true}, BenchStop{},
		Ready{TrainImages: 10000, TestImages: 2000},
		State{Progress: Progress{Status: StatusTraining, Iter: 7, Iters: 100, Loss: 2.25, FirstIter: 6}, Settings: s,
			Losses: []float64{2.3, 2.25}, Norms: []float64{1, 2, 3, 4}},
		State{Progress: Progress{Status: StatusReady, Loss: Num(math.NaN())}, Settings: s, Snapshot: snap},
		State{Progress: Progress{Status: StatusPaused, Iter: 1}, Settings: s, Snapshot: grads, Norms: []float64{1, 2, 3, 4}},
		Epoch{Stats: EpochStats{Epoch: 1, Iter: 100, TrainAcc: 0.9, TestAcc: 0.8, TrainLoss: Num(math.Inf(1)), TestLoss: Num(math.NaN())},
			Pred: []float64{1, 2}, UnitFrac: []float64{0.5}},
		Diverged{Cause: BlowUp, Iter: 3, GoodIter: 2, Limit: 6.9, Detail: "training diverged"},
		Error{Code: ErrImport, Args: []string{string(TooBig), "17000000", "16777216"}, Detail: "too big"},
		GradProgress{Break: "none", Done: 5, Total: 10},
		GradResult{Break: "none", Diffs: []float64{1e-10, math.NaN(), 3, 4}},
		GradResult{Break: "relu-mask", Diffs: []float64{1, 2, 3, 4}, Images: 3,
			Diff:      GradMaps{W1: []float64{1, math.NaN()}, B1: []float64{2}, W2: []float64{3}, B2: []float64{4}},
			Numerical: GradMaps{W1: []float64{0, 1}, B1: []float64{0}, W2: []float64{-3}, B2: []float64{4}},
			Backprop:  GradMaps{W1: []float64{1, math.Inf(1)}, B1: []float64{2}, W2: []float64{0}, B2: []float64{0}}},
		BenchDone{Result: BenchResult{SamplesPerSec: 45000, Iters: 100, Loss: Num(math.NaN())}},
		BenchDone{Result: BenchResult{Iters: 7, Stopped: true, ItersAsked: 100000, WarmupIters: 1000, WarmupAsked: 1000}},
		Imported{Settings: s, Iter: 417},
		Imported{Settings: s, Iter: 20, History: []EpochStats{{Epoch: 1, At: 0.5, Iter: 10, TrainLoss: Num(math.NaN())}},
			Prior: &Prior{Data: "x", Epochs: Num(math.NaN())}},
		Teach{Pixels: []float64{0, 0.5, 1}, Label: 7, LR: 0.001},
		Rewind{Iter: 50}, TrainFrom{Iter: 50}, Rewound{Iter: 50}, Past{Iter: 7, Missing: true},
		Past{Iter: 50, W1: []float64{1, 2}, B1: []float64{3}, W2: []float64{4}, B2: []float64{5}},
		FineTune{Iters: 200, Pixels: []byte{0, 255, 7}, Labels: []int{3}},
		Taught{Label: 7, LossBefore: 2.3, LossAfter: Num(math.Inf(1)), Before: []Num{0.1, 0.9}, After: []Num{Num(math.NaN()), 1}, DW1: []float64{0, -1e-3}},
		Tuned{Iters: 200, Mine: 12},
		Share{Divisor: 100, Activation: "relu", W1: []float64{1}, B1: []float64{2}, W2: []float64{3}, B2: []float64{4}, Idx: []float64{7, 9}},
		ShareGrad{Loss: math.NaN(), DW1: []float64{1}, DB1: []float64{2}, DW2: []float64{3}, DB2: []float64{4}},
	} {
		t.Run(string(m.Kind()), func(t *testing.T) {
			h, f, b, err := Encode(m)
			if err != nil {
				t.Fatal(err)
			}
			out, err := Decode(h, f, b)
			if err != nil {
				t.Fatal(err)
			}
			if !equalMsg(m, out) {
				t.Fatalf("round trip changed the message:\n in %#v\nout %#v", m, out)
			}
			hp, _, _, err := Encode(pointerTo(m))
			if err != nil || string(hp) != string(h) {
				t.Errorf("Encode of a pointer: %s, %v; of the value: %s", hp, err, h)
			}
		})
	}
}

// equalMsg compares two messages field by field, NaN equal to NaN.
func equalMsg(a, b Msg) bool {
	return reflect.TypeOf(a) == reflect.TypeOf(b) && equalValue(reflect.ValueOf(a), reflect.ValueOf(b))
}

func equalValue(a, b reflect.Value) bool {
	switch a.Kind() {
	case reflect.Float64:
		x, y := a.Float(), b.Float()
		return x == y && math.Signbit(x) == math.Signbit(y) || math.IsNaN(x) && math.IsNaN(y)
	case reflect.Slice:
		if a.IsNil() != b.IsNil() || a.Len() != b.Len() {
			return false
		}
		for i := range a.Len() {
			if !equalValue(a.Index(i), b.Index(i)) {
				return false
			}
		}
		return true
	case reflect.Pointer:
		return a.IsNil() == b.IsNil() && (a.IsNil() || equalValue(a.Elem(), b.Elem()))
	case reflect.Struct:
		for i := range a.NumField() {
			if !equalValue(a.Field(i), b.Field(i)) {
				return false
			}
		}
		return true
	}
	return reflect.DeepEqual(a.Interface(), b.Interface())
}

func TestDecodeRejects(t *testing.T) {
	for _, tc := range []struct {
		name   string
		header string
		floats [][]float64
	}{
		{"not json", "{", nil},
		{"no kind", `{"body":{}}`, nil},
		{"unknown kind", `{"kind":"warp"}`, nil},
		{"names without arrays", `{"kind":"state","names":["W1"]}`, nil},
		{"arrays without names", `{"kind":"state"}`, [][]float64{{1}}},
		{"arrays on a kind without", `{"kind":"play","names":["x"]}`, [][]float64{{1}}},
		{"unknown array", `{"kind":"state","names":["W9"]}`, [][]float64{{1}}},
		{"repeated array", `{"kind":"state","names":["norms","norms"]}`, [][]float64{{1}, {2}}},
		{"part of a snapshot", `{"kind":"state","names":["W1","b1"]}`, [][]float64{{1}, {2}}},
		{"gradients without weights", `{"kind":"state","names":["dW1","db1","dW2","db2"]}`, [][]float64{{1}, {2}, {3}, {4}}},
		{"share grad without loss", `{"kind":"sharegrad"}`, nil},
		{"bad body", `{"kind":"step","body":{"steps":"x"}}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := Decode([]byte(tc.header), tc.floats, nil); err == nil {
				t.Fatal("Decode accepted a bad message")
			}
		})
	}
}

// pointerTo returns a pointer to a copy of m's payload.
func pointerTo(m Msg) Msg {
	p := reflect.New(reflect.TypeOf(m))
	p.Elem().Set(reflect.ValueOf(m))
	return p.Interface().(Msg)
}

// Non-finite numbers, which JSON cannot carry, survive as Num.
func TestNum(t *testing.T) {
	for _, v := range []float64{0, -1.5, 1e308, math.NaN(), math.Inf(1), math.Inf(-1)} {
		b, err := Num(v).MarshalJSON()
		if err != nil {
			t.Fatal(err)
		}
		var n Num
		if err := n.UnmarshalJSON(b); err != nil {
			t.Fatalf("%s: %v", b, err)
		}
		if !(float64(n) == v || math.IsNaN(v) && math.IsNaN(float64(n))) {
			t.Errorf("%v → %s → %v", v, b, n)
		}
	}
	var n Num
	if n.UnmarshalJSON([]byte(`"many"`)) == nil {
		t.Error(`"many" read as a number`)
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

// Check applies the one table of limits: each setting at its bounds passes,
// one step past them fails with a LimitError naming the field.
func TestSettingsCheck(t *testing.T) {
	if err := DefaultSettings().Check(10000); err != nil {
		t.Fatalf("the book's settings: %v", err)
	}
	for _, tc := range []struct {
		name  string
		edit  func(*Settings)
		field Field // "" for a choice error
	}{
		{"lr 0", func(s *Settings) { s.LearningRate = 0 }, FieldLR},
		{"lr NaN", func(s *Settings) { s.LearningRate = math.NaN() }, FieldLR},
		{"lr 1.7e308", func(s *Settings) { s.LearningRate = 1.7e308 }, FieldLR},
		{"lr just above the limit", func(s *Settings) { s.LearningRate = MaxLearningRate * (1 + 1e-15) }, FieldLR},
		{"batch 0", func(s *Settings) { s.BatchSize = 0 }, FieldBatch},
		{"batch above the data", func(s *Settings) { s.BatchSize = 10001 }, FieldBatch},
		{"hidden 0", func(s *Settings) { s.Hidden = 0 }, FieldHidden},
		{"hidden 2049", func(s *Settings) { s.Hidden = MaxHidden + 1 }, FieldHidden},
		{"iters 0", func(s *Settings) { s.Iters = 0 }, FieldIters},
		{"iters 2^63-1", func(s *Settings) { s.Iters = math.MaxInt64 }, FieldIters},
		{"seed 2^53", func(s *Settings) { s.Seed = MaxSeed + 1 }, FieldSeed},
		{"seed 2^64-1", func(s *Settings) { s.Seed = math.MaxUint64 }, FieldSeed},
		{"activation", func(s *Settings) { s.Activation = "tanh" }, ""},
		{"init", func(s *Settings) { s.Init = "zeros" }, ""},
		{"sampling", func(s *Settings) { s.Sampling = "" }, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			tc.edit(&s)
			err := s.Check(10000)
			if err == nil {
				t.Fatal("accepted")
			}
			var le *LimitError
			if got := errors.As(err, &le); got != (tc.field != "") || got && le.Field != tc.field {
				t.Errorf("error %v, want a limit error on %q", err, tc.field)
			}
		})
	}
	for _, tc := range []struct {
		name string
		edit func(*Settings)
	}{
		{"lr at the limit", func(s *Settings) { s.LearningRate = MaxLearningRate }},
		{"batch all the data", func(s *Settings) { s.BatchSize = 10000 }},
		{"hidden at the limit", func(s *Settings) { s.Hidden = MaxHidden }},
		{"seed 0", func(s *Settings) { s.Seed = 0 }},
		{"seed at the limit", func(s *Settings) { s.Seed = MaxSeed }},
		{"iters at the limit", func(s *Settings) { s.Iters = MaxIters }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			tc.edit(&s)
			if err := s.Check(10000); err != nil {
				t.Fatal(err)
			}
		})
	}
}

func TestSetValueIsValue(t *testing.T) {
	var s Settings
	for i, f := range Fields {
		s.SetValue(f, float64(i+2))
		if got := s.Value(f); got != float64(i+2) {
			t.Errorf("%s: set %d, read %g", f, i+2, got)
		}
	}
}
