package model

import (
	"math"
	"testing"

	"github.com/backprop-lab/backprop-lab/stepper"
)

// passLab returns a lab whose net trained a little and whose stepper ran a
// pass on test image 4.
func passLab(t *testing.T) *lab {
	t.Helper()
	l := started(t)
	l.do(TogglePlay{})
	l.train(3)
	l.do(TogglePlay{})
	l.do(UseTestImage{I: 4})
	l.do(RunPass{})
	if l.m.Stepper.Batch == nil {
		t.Fatalf("no pass after RunPass: %v", l.m.Stepper.Err)
	}
	return l
}

// addsUp fails unless the opened cell's terms add up to its entry.
func addsUp(t *testing.T, m *Model) *stepper.Explanation {
	t.Helper()
	e := m.Stepper.Cell.Explain
	if e == nil {
		t.Fatalf("no cell opened (error %v)", m.Stepper.CellErr)
	}
	var scale float64
	for _, term := range e.Terms {
		scale += math.Abs(term.Value)
	}
	if d := math.Abs(e.Sum() - e.Value); d > 1e-12*max(math.Abs(e.Value), scale) {
		t.Errorf("%v[%d,%d]: terms add up to %v, entry %v", e.Tensor, e.I, e.J, e.Sum(), e.Value)
	}
	return e
}

// TestStepperCommands drives the stepper's commands as the page does: a
// tensor chosen by name stays chosen and takes the index over, a batch of
// 5 sums dW over 5 images, a bad batch size or index is said and changes
// nothing, "what if" relabels the pass, and the nudge agrees with backprop.
func TestStepperCommands(t *testing.T) {
	l := passLab(t)
	m := l.m
	s := &m.Stepper

	l.do(OpenCellText{Tensor: "dW2", Index: "1,2"})
	if e := addsUp(t, m); e.Tensor != stepper.TensorDW2 || e.I != 1 || e.J != 2 {
		t.Fatalf("opened %v[%d,%d], want dW2[1,2]", e.Tensor, e.I, e.J)
	}
	// The select picks db2 while the field says "1,2": db2[2] opens.
	l.do(OpenCellText{Tensor: "db2", Index: s.Cell.Index})
	if e := addsUp(t, m); e.Tensor != stepper.TensorDB2 || e.J != 2 || s.Cell.Index != "2" {
		t.Fatalf("after choosing db2: %v[%d,%d], index %q", e.Tensor, e.I, e.J, s.Cell.Index)
	}
	// And back to a matrix: "2" becomes "0,2".
	l.do(OpenCellText{Tensor: "z", Index: s.Cell.Index})
	if e := addsUp(t, m); e.Tensor != stepper.TensorZ || e.I != 0 || e.J != 2 || s.Cell.Index != "0,2" {
		t.Fatalf("after choosing z: %v[%d,%d], index %q", e.Tensor, e.I, e.J, s.Cell.Index)
	}
	// An index of a row the pass does not have: said, the tensor kept.
	l.do(OpenCellText{Tensor: "x", Index: "1,0"})
	if s.CellErr.IsZero() || s.Cell.Tensor != stepper.TensorX {
		t.Errorf("x[1,0] of a one-image pass: error %v, tensor %v", s.CellErr, s.Cell.Tensor)
	}
	if l.do(OpenCellText{Tensor: "nonsense", Index: "0,0"}); s.Cell.Tensor != stepper.TensorX {
		t.Errorf("an unknown tensor changed the choice to %v", s.Cell.Tensor)
	}

	// A batch of 5: dW1's entries are sums of 5 terms, one per image.
	before := s.Batch
	for _, bad := range []string{"0", "101", "x", ""} {
		l.do(SetBatchSize{Value: bad})
		if s.BatchErr.IsZero() || s.Batch != before {
			t.Errorf("batch size %q: error %v, pass replaced %v", bad, s.BatchErr, s.Batch != before)
		}
	}
	l.do(SetBatchSize{Value: "5"})
	if !s.BatchErr.IsZero() || len(s.Batch.Labels) != 5 {
		t.Fatalf("batch of 5: error %v, %d images", s.BatchErr, len(s.Batch.Labels))
	}
	for _, c := range []struct {
		tn   string
		idx  string
		want int
	}{{"dW1", "300,1", 5}, {"db1", "1", 5}, {"dW2", "1,3", 5}, {"db2", "3", 5}, {"x", "4,300", 1}} {
		l.do(OpenCellText{Tensor: c.tn, Index: c.idx})
		if e := addsUp(t, m); len(e.Terms) != c.want {
			t.Errorf("batch of 5: %s[%s] has %d terms, want %d", c.tn, c.idx, len(e.Terms), c.want)
		}
	}
	l.do(OpenCellText{Tensor: "dout", Index: "2,3"})
	if e := addsUp(t, m); e.Divisor != 5 {
		t.Errorf("batch of 5: dout's divisor %d", e.Divisor)
	}

	// What if the label were another digit: the pass is run with it.
	want := (s.Batch.Labels[0] + 1) % Classes
	l.do(WhatIfLabel{Label: want})
	if s.LabelAuto || s.Label != want || s.Batch.Labels[0] != want {
		t.Errorf("what if %d: label %d (auto %v), the pass's %d", want, s.Label, s.LabelAuto, s.Batch.Labels[0])
	}
	if l.do(WhatIfLabel{Label: Classes}); s.Label != want {
		t.Errorf("what if %d changed the label to %d", Classes, s.Label)
	}

	// The nudge of b2[t] by 1e-4: central difference ≈ backprop.
	l.do(SetNudge{Param: "b2", Index: "3", H: "0.0001"})
	l.do(RunNudge{})
	r := s.Nudge.Result
	if r == nil {
		t.Fatalf("no nudge result: %v", s.Nudge.Err)
	}
	if r.Grad == 0 || math.Abs(r.Central()-r.Grad) > 1e-7*math.Abs(r.Grad) {
		t.Errorf("nudge b2[3]: central %v, backprop %v", r.Central(), r.Grad)
	}
	if len(s.Nudge.Ladder) != len(NudgeSteps) {
		t.Errorf("the nudge's ladder has %d steps, want %d", len(s.Nudge.Ladder), len(NudgeSteps))
	}
	l.do(SetNudge{Param: "W2", Index: "99,0"})
	l.do(RunNudge{})
	if s.Nudge.Err.IsZero() || s.Nudge.Result != nil {
		t.Errorf("nudge W2[99,0] of 3 hidden units: error %v, result %v", s.Nudge.Err, s.Nudge.Result)
	}
}
