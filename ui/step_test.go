package ui

import "testing"

// What the user types into the stepper's test image field stays there
// through renders until it is applied.
func TestStepTestFieldKeepsTyping(t *testing.T) {
	a := NewApp(nil)
	a.Test = &TestSet{N: 5, Labels: make([]uint8, 5), Pix: make([]uint8, 5*784)}
	a.TypeStepTest("3")
	if got := a.StepTestIndex(); got != "3" {
		t.Fatalf("the field shows %q while the user types 3", got)
	}
	a.SetStepTest("3")
	if got := a.StepTestIndex(); got != "3" || !a.Probe.FromTest || a.Probe.Index != 3 {
		t.Errorf("after the change: field %q, probe %+v", got, a.Probe)
	}
	a.TypeStepTest("9x")
	a.SetStepTest("9x")
	if got := a.StepTestIndex(); got != "3" || a.Stepper.Err == "" {
		t.Errorf("a bad index: field %q (want the image in use, 3), error %q", got, a.Stepper.Err)
	}
	a.TypeStepTest("1")
	a.UseDrawing()
	if got := a.StepTestIndex(); got != "" {
		t.Errorf("after going back to the drawing the field shows %q", got)
	}
}
