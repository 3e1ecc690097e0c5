package model

import (
	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
)

// Stepper is the stepper's state: one forward and backward pass of the
// probe input (the drawing or a test image), frozen at the weights it was
// run with, so the numbers hold still while the learner reads them.
type Stepper struct {
	Stage     stepper.Stage
	Pass      *stepper.Pass
	Label     int // the label t the pass used
	LabelAuto bool
	Iter      int          // the trainer iteration whose weights the pass used
	Err       i18n.Message // why there is no pass
	Unit      int          // the unit whose sum the affine1 stage details
	// Batch is the pass as it ran, on BatchN images (the probe first);
	// Pass is the probe's share of it, which the stage views show.
	Batch    *stepper.Batch
	BatchN   int
	BatchErr i18n.Message // why the typed batch size was refused
	Cell     Cell         // the opened entry
	CellErr  i18n.Message // why the typed entry could not be opened
	Nudge    Nudger
	// typed is what the user is typing into the test image field, kept
	// until it is applied so that a render does not undo it.
	typed  string
	typing bool
}

// UnitDetail returns how the selected unit's sum comes about.
func (s *Stepper) UnitDetail() (stepper.UnitDetail, bool) {
	if s.Pass == nil {
		return stepper.UnitDetail{}, false
	}
	d, err := s.Pass.Unit(s.Unit)
	return d, err == nil
}

// GradCheck is the visible gradient check.
type GradCheck struct {
	Break       string // the chosen broken layer, "none" first
	Running     bool
	Done, Total int
	// Diffs are the mean differences of W1, b1, W2, b2 of the last run,
	// of the broken layer DiffsBreak; nil while a run is under way.
	Diffs      []float64
	DiffsBreak string
}

// Limit is where a mean difference stops being rounding: the book's check
// prints 4e-10 to 1.4e-7 for a correct backward pass.
const Limit = 1e-6

// Kinds lists the broken layers that fit the current net.
func (m *Model) Kinds() []broken.Kind {
	act := nn.ActReLU
	if m.Sigmoid() {
		act = nn.ActSigmoid
	}
	return broken.KindsFor(act)
}

// Confusion is the confusion matrix of the test set after the last epoch,
// and the selected cell.
type Confusion struct {
	Matrix *Matrix // nil before the first epoch
	// T and P are the selected cell (true, predicted); -1 for none.
	T, P int
	// CT and CP are the cell that holds the matrix's one tab stop (a
	// roving tabindex): the one last picked or reached with the arrow
	// keys.
	CT, CP int
	// Pred is each test image's predicted class at the last epoch.
	Pred []float64
	// Gallery are the test images of the selected cell, at most
	// MaxGallery.
	Gallery []int
}

// Bench is the bench page (?bench=train): a training benchmark and its
// result.
type Bench struct {
	On      bool
	Iters   int
	Workers int // 1 trains in the trainer alone
	// Messages makes the bench's helpers get their work as messages.
	Messages bool
	Warmup   int    // untimed steps before the timed ones
	Result   string // JSON, once the bench has run
}

// DefaultBenchWarmup is how many untimed steps the bench page runs before
// its timed ones (?warmup= changes it).
const DefaultBenchWarmup = 1000
