package stepper

import (
	"strings"
	"testing"
)

func TestStageNames(t *testing.T) {
	want := []string{"input", "affine1", "relu", "affine2", "softmax", "dout", "affine2-back", "relu-back", "affine1-back", "update"}
	stages := Stages()
	if len(stages) != len(want) || NumStages != len(want) {
		t.Fatalf("%d stages (NumStages %d), want %d", len(stages), NumStages, len(want))
	}
	for i, s := range stages {
		if s != Stage(i) || s.String() != want[i] {
			t.Errorf("stage %d is %d %q, want %q", i, s, s, want[i])
		}
		for _, name := range []string{want[i], strings.ToUpper(want[i]), " " + want[i] + "\n"} {
			if got, err := ParseStage(name); err != nil || got != s {
				t.Errorf("ParseStage(%q) = %v, %v; want %v", name, got, err, s)
			}
		}
		if s.Backward() != (i >= 5 && i <= 8) {
			t.Errorf("%v.Backward() = %v", s, s.Backward())
		}
	}
	stages[0] = Update // a copy: the next call is unaffected
	if Stages()[0] != Input {
		t.Error("Stages returns a shared slice")
	}
}

func TestParseStageErrors(t *testing.T) {
	for _, name := range []string{"", "relu back", "affine3", "Stage(3)"} {
		if _, err := ParseStage(name); err == nil || !strings.HasPrefix(err.Error(), "stepper: unknown stage "+`"`+name+`"`) {
			t.Errorf("ParseStage(%q): error %v", name, err)
		}
	}
}

func TestStageNextPrev(t *testing.T) {
	for _, c := range []struct {
		s, next, prev Stage
	}{
		{Input, Affine1, Input},
		{Softmax, Dout, Affine2},
		{Update, Update, Affine1Back},
		{Stage(-1), Input, Input},
		{Stage(10), Input, Input},
	} {
		if got := c.s.Next(); got != c.next {
			t.Errorf("%v.Next() = %v, want %v", c.s, got, c.next)
		}
		if got := c.s.Prev(); got != c.prev {
			t.Errorf("%v.Prev() = %v, want %v", c.s, got, c.prev)
		}
	}
	if s := Stage(12).String(); s != "Stage(12)" {
		t.Errorf("String of an invalid stage = %q", s)
	}
	// Walking Next from Input visits every stage once.
	s, seen := Input, 1
	for s.Next() != s {
		s = s.Next()
		seen++
	}
	if s != Update || seen != NumStages {
		t.Errorf("walk ended at %v after %d stages", s, seen)
	}
}
