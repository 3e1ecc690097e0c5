package model

import (
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Command is something the user (or the page on the user's behalf) asks
// of the page: a value of one of the command types below.
type Command interface {
	apply(m *Model) Changed
}

// Do carries out c and returns what it changed.
func (m *Model) Do(c Command) Changed {
	was := m.Run.Status
	ready := m.Run.Ready()
	ch := c.apply(m)
	if m.Run.Status != was || m.Run.Ready() != ready {
		ch |= Structure
	}
	return ch
}

// The run.

// TogglePlay starts or pauses training.
type TogglePlay struct{}

func (TogglePlay) apply(m *Model) Changed {
	m.Run.PausedHidden = false // the learner's own pause or play decides
	switch m.Run.Status {
	case wire.StatusTraining:
		m.post(wire.Pause{})
	case wire.StatusReady, wire.StatusPaused:
		m.Notice.clear()
		m.post(wire.Play{})
		// The trainer answers with "training" (or, if it cannot, with its
		// state): showing it now makes the click's render the only one.
		m.Run.Status = wire.StatusTraining
		return Structure
	}
	return 0
}

// PageHidden says the tab was hidden (another tab, a closed laptop lid, a
// phone's home screen) or shown again. A hidden tab pauses training unless
// the learner asked to keep it training; shown again, it goes on exactly
// where it paused.
type PageHidden struct{ Hidden bool }

func (c PageHidden) apply(m *Model) Changed {
	r := &m.Run
	switch {
	case c.Hidden && r.Training() && !r.TrainHidden:
		m.post(wire.Pause{})
		r.PausedHidden = true
		return Structure
	case !c.Hidden && r.PausedHidden:
		r.PausedHidden = false
		if r.CanPlay() {
			m.post(wire.Play{})
			r.Status = wire.StatusTraining
		}
		return Structure
	}
	return 0
}

// SetTrainHidden keeps training in a hidden tab (On) or not.
type SetTrainHidden struct{ On bool }

func (c SetTrainHidden) apply(m *Model) Changed {
	m.Run.TrainHidden = c.On
	return Structure
}

// Step trains on one mini-batch.
type Step struct{}

func (Step) apply(m *Model) Changed {
	if !m.Run.CanStep() {
		return 0
	}
	m.Notice.clear()
	m.post(wire.Step{Steps: 1})
	return Structure
}

// Reset rebuilds the net from the same seed: the same initial weights and
// the same batch order as before.
type Reset struct{}

func (Reset) apply(m *Model) Changed {
	if !m.Run.Ready() {
		return 0
	}
	m.Notice.clear()
	return m.init(m.Run.Applied)
}

// NewSeed rebuilds the net with seed Seed (the page picks it at random).
type NewSeed struct{ Seed uint64 }

func (c NewSeed) apply(m *Model) Changed {
	if !m.Run.Ready() {
		return 0
	}
	s := m.Run.Applied
	s.Seed = c.Seed % (wire.MaxSeed + 1)
	m.Notice.clear()
	return m.init(s)
}

// TypeField records what the user typed into a field (an input event)
// and validates the whole form, so that a bad value is explained at once.
type TypeField struct{ Name, Value string }

func (c TypeField) apply(m *Model) Changed {
	m.Run.Form.set(c.Name, c.Value)
	m.Run.Form.Settings(m.Run.trainN())
	return Structure
}

// CommitField applies a field once the user is done with it (a change
// event): a valid learning rate, batch size, budget or sampling goes to the
// trainer at once; a new shape, init or seed asks first when trained
// weights would be lost.
type CommitField struct{ Name, Value string }

func (c CommitField) apply(m *Model) Changed {
	r := &m.Run
	r.Form.set(c.Name, c.Value)
	s, ok := r.Form.Settings(r.trainN())
	if !ok || !r.Ready() {
		return Structure
	}
	a := r.Applied
	if s.Hidden != a.Hidden || s.Activation != a.Activation || s.Init != a.Init || s.Seed != a.Seed {
		if r.P.Iter == 0 {
			return m.init(s)
		}
		r.Pending, r.pendingFrom = &s, c.Name
		// The question takes the focus (a keyboard user would otherwise
		// be left on a field the dialog's answer resets).
		m.ask(Focus{TestID: "confirm-keep"})
		return Structure
	}
	if s != a {
		r.Applied = s
		r.P.Iters = s.Iters
		m.post(wire.Configure{Settings: s})
		return Structure | Progress | Address
	}
	return Structure
}

// ConfirmPending builds the net the user asked for, throwing away the
// trained one.
type ConfirmPending struct{}

func (ConfirmPending) apply(m *Model) Changed {
	if p := m.Run.Pending; p != nil {
		m.ask(Focus{TestID: m.Run.pendingFrom})
		return m.init(*p)
	}
	return 0
}

// CancelPending keeps the trained net and puts the form back.
type CancelPending struct{}

func (CancelPending) apply(m *Model) Changed {
	if m.Run.Pending != nil {
		m.ask(Focus{TestID: m.Run.pendingFrom})
	}
	m.Run.Pending = nil
	m.Run.Form = NewForm(m.Run.Applied)
	return Structure
}

// Weights files.

// Import sends the weights file File to the trainer, which checks it and
// answers with the new net or an error (the current net then stays). From
// names where it came from: a file name, or an i18n.Message phrase.
type Import struct {
	File []byte
	From any
}

func (c Import) apply(m *Model) Changed {
	if len(c.File) > wire.MaxFileBytes {
		m.Notice.warn(i18n.M(i18n.TooBig, c.From, len(c.File), wire.MaxFileBytes), "")
		return Structure
	}
	m.Notice.clear()
	m.boot.importFrom, m.boot.importing = c.From, c.File
	m.post(wire.Import{File: c.File})
	return Structure
}

// Report puts a problem that the page met outside the model (a file it
// could not read, a fetch that failed) into the message slot.
type Report struct {
	Msg    i18n.Message
	Detail string
	Fatal  bool
}

func (c Report) apply(m *Model) Changed {
	if c.Fatal {
		m.stopped(c.Msg, c.Detail)
	} else {
		m.Notice.warn(c.Msg, c.Detail)
	}
	return Structure
}

// TrainerGone reports that the trainer worker stopped or could not start;
// the page offers a restart.
type TrainerGone struct {
	NoStart bool // it never started
	Detail  string
}

func (c TrainerGone) apply(m *Model) Changed {
	id := i18n.TrainerDown
	if c.NoStart {
		id = i18n.TrainerNoStart
	}
	m.trainerDown(i18n.M(id), c.Detail)
	return Structure
}

// RestoreKept loads the kept net that the page offered.
type RestoreKept struct{}

func (RestoreKept) apply(m *Model) Changed {
	k := m.Keep.Kept
	if k == nil || !m.Run.Ready() {
		return 0
	}
	m.Keep.Offer = false
	return Import{File: k.bytes, From: i18n.M(i18n.TheKept)}.apply(m)
}

// DiscardKept empties the storage slot. If the page shows the kept net, a
// new net starts from the same settings, as Reset does.
type DiscardKept struct{}

func (DiscardKept) apply(m *Model) Changed {
	showing := m.Keep.Kept != nil && !m.Keep.Offer && (m.Run.P.Iter > 0 || m.Keep.loaded)
	m.removeKept()
	c := Structure
	if showing && m.Run.Ready() {
		c |= m.init(m.Run.Applied)
	}
	m.Notice.inform(i18n.M(i18n.KeptDiscarded))
	return c
}

// KeepNow keeps the page's net in the storage now (the page is hidden or
// left).
type KeepNow struct{}

func (KeepNow) apply(m *Model) Changed { return m.keepNet() }

// Dismiss empties the message slot (a fatal message stays).
type Dismiss struct{}

func (Dismiss) apply(m *Model) Changed {
	m.Notice.clear()
	return Structure
}

// Restart is the page starting a new trainer after a crash: it keeps the
// last weights the page received, which the new trainer gets once it is
// there.
type Restart struct{}

func (Restart) apply(m *Model) Changed {
	m.Run.TrainerDown = false
	m.Notice = Notice{Seq: m.Notice.Seq}
	m.Run.Status = wire.StatusLoading
	if _, b, ok := m.Export(); ok {
		m.boot.restore, m.boot.restoreFrom = b, i18n.M(i18n.TheRestored)
	}
	return Structure
}

// Start is the page's trainer being there (new, or after a restart): the
// page asks it for its first net, the kept or restored weights if any, else
// a new net with the applied settings. The trainer takes its messages in
// order once its data is loaded, so this is sent when it starts, not when
// it says it is ready.
type Start struct{}

func (Start) apply(m *Model) Changed {
	if m.Bench.On {
		return 0 // the bench page starts the bench when the trainer is ready
	}
	if b := m.boot.restore; b != nil {
		m.boot.restore, m.boot.restoring = nil, b
		return Import{File: b, From: m.boot.restoreFrom}.apply(m)
	}
	return m.init(m.Run.Applied)
}

// BenchAgain runs the bench once more in the same trainer, without the
// warm-up: its code is optimized by now.
type BenchAgain struct{}

func (BenchAgain) apply(m *Model) Changed {
	if !m.Bench.On || m.Bench.Result == "" {
		return 0
	}
	m.Bench.Result, m.Bench.Warmup = "", 0
	m.postBench()
	return Structure
}

// StopBench stops the bench under way: the trainer answers with the
// result of the steps it did, marked stopped.
type StopBench struct{}

func (StopBench) apply(m *Model) Changed {
	if !m.Bench.Running || m.Bench.Stopping {
		return 0
	}
	m.Bench.Stopping = true
	m.post(wire.BenchStop{})
	return Structure
}

// The language.

// SetLang switches the page to the language of Code.
type SetLang struct{ Code string }

func (c SetLang) apply(m *Model) Changed {
	m.Lang = i18n.Get(c.Code)
	m.ask(RememberLang{Code: m.Lang.Code})
	return Everything
}

// The drawing.

// Drew gives the page the drawing pad's normalised 28×28 image after a
// stroke moved (Ink false: the pad is empty); PenDown says a stroke is
// still under way.
type Drew struct {
	Image   [digit.Pixels]uint8
	Ink     bool
	PenDown bool
}

func (c Drew) apply(m *Model) Changed {
	d := &m.Draw
	d.Empty, d.Sees, d.PenDown = !c.Ink, c.Image, c.PenDown
	m.predict()
	ch := Prediction | m.drawingChanged()
	if !m.Inside.Probe.FromTest {
		m.updateProbe()
		ch |= Mask
	}
	return ch
}

// ClearDrawing wipes the pad and the prediction.
type ClearDrawing struct{}

func (ClearDrawing) apply(m *Model) Changed {
	m.ask(ClearPad{})
	return Drew{}.apply(m)
}

// PenRested runs the stepper's pass over the drawing once the pen has
// rested after a stroke or a clear.
type PenRested struct{}

func (PenRested) apply(m *Model) Changed {
	if m.Inside.Probe.FromTest {
		return 0
	}
	return m.runPass()
}

// The views inside the net.

// SelectUnit selects hidden unit J in every view (again: unselects it).
type SelectUnit struct{ J int }

func (c SelectUnit) apply(m *Model) Changed {
	j := c.J
	if j < -1 || j >= m.Hidden() || m.Inside.Unit == j {
		j = -1
	}
	m.Inside.Unit = j
	if j >= 0 {
		m.Inside.Cursor = j
	}
	ch := Selection | Structure
	if p := m.Stepper.Pass; j >= 0 && p != nil && j < p.Hidden {
		m.Stepper.Unit = j
		ch |= Pass
	}
	return ch
}

// UseTestImage makes test image I the probe and runs the pass on it;
// Reveal scrolls the stepper into view (a click in the gallery, far below
// it).
type UseTestImage struct {
	I      int
	Reveal bool
}

func (c UseTestImage) apply(m *Model) Changed {
	if m.Test == nil || c.I < 0 || c.I >= m.Test.N {
		return 0
	}
	m.Inside.Probe.FromTest, m.Inside.Probe.Index = true, c.I
	m.Stepper.typing = false
	m.Stepper.LabelAuto = true
	m.Stepper.Err = i18n.Message{}
	m.updateProbe()
	if c.Reveal {
		m.ask(Reveal{TestID: "stepper"})
	}
	return Mask | Structure | m.runPass()
}

// UseDrawing makes the drawing the probe again.
type UseDrawing struct{}

func (UseDrawing) apply(m *Model) Changed {
	m.Inside.Probe.FromTest, m.Stepper.typing = false, false
	m.updateProbe()
	return Mask | Structure | m.runPass()
}

// PickCell selects confusion cell (T, P) and shows its test images (again:
// unselects it).
type PickCell struct{ T, P int }

func (c PickCell) apply(m *Model) Changed {
	cf := &m.Conf
	if c.T < 0 || c.T >= Classes || c.P < 0 || c.P >= Classes || cf.T == c.T && cf.P == c.P {
		cf.T, cf.P, cf.Gallery = -1, -1, nil
	} else {
		cf.T, cf.P = c.T, c.P
		cf.CT, cf.CP = c.T, c.P
		m.refreshGallery()
	}
	return Epochs | Gallery | Structure
}

// The grids (the mask's units, the confusion matrix's cells) are one tab
// stop each; the arrow keys move within them.

// Arrow is a key that moves within a grid.
type Arrow int

const (
	ArrowLeft Arrow = iota
	ArrowRight
	ArrowUp
	ArrowDown
	ArrowHome // the first of the row
	ArrowEnd  // the last of the row
)

// MaskColumns is how many units a row of the mask holds (web/style.css lays
// the mask out in as many columns).
const MaskColumns = 10

// move moves (r, c) in a grid of rows×cols cells, n of them in use (the
// last row may be short), by key a; ok is false when it stays.
func move(r, c, rows, cols, n int, a Arrow) (int, int, bool) {
	r0, c0 := r, c
	switch a {
	case ArrowLeft:
		c--
	case ArrowRight:
		c++
	case ArrowUp:
		r--
	case ArrowDown:
		r++
	case ArrowHome:
		c = 0
	case ArrowEnd:
		c = cols - 1
	}
	r, c = min(max(r, 0), rows-1), min(max(c, 0), cols-1)
	if r*cols+c >= n {
		if a == ArrowDown || a == ArrowUp {
			r, c = r0, c0
		} else {
			c = n - 1 - r*cols
		}
	}
	return r, c, r != r0 || c != c0
}

// MoveUnit moves the mask's tab stop (the focus follows it).
type MoveUnit struct{ Key Arrow }

func (c MoveUnit) apply(m *Model) Changed {
	n := m.Hidden()
	j := m.UnitCursor()
	rows := (n + MaskColumns - 1) / MaskColumns
	r, col, ok := move(j/MaskColumns, j%MaskColumns, rows, MaskColumns, n, c.Key)
	if !ok {
		return 0
	}
	m.Inside.Cursor = r*MaskColumns + col
	return Selection
}

// MoveCell moves the confusion matrix's tab stop (the focus follows it).
type MoveCell struct{ Key Arrow }

func (c MoveCell) apply(m *Model) Changed {
	t, p := m.CellCursor()
	t, p, ok := move(t, p, Classes, Classes, Classes*Classes, c.Key)
	if !ok {
		return 0
	}
	m.Conf.CT, m.Conf.CP = t, p
	return Epochs
}

// The stepper.

// RunPass runs the pass again on the current input and weights.
type RunPass struct{}

func (RunPass) apply(m *Model) Changed { return m.runPass() }

// runPass runs the stepper's pass on the probe.
func (m *Model) runPass() Changed {
	s := &m.Stepper
	s.Err = i18n.Message{}
	x := m.probeInput()
	if x == nil || m.net == nil {
		s.Pass, s.Batch = nil, nil
		s.Cell.Explain, s.Nudge.Result, s.Nudge.Ladder = nil, nil, nil
		return Structure | Pass
	}
	if s.LabelAuto {
		if m.Inside.Probe.FromTest {
			s.Label = int(m.Test.Labels[m.Inside.Probe.Index])
		} else {
			// A drawing has no true label: the net's guess until the
			// user picks one.
			s.Label = m.Draw.Pred
		}
	}
	xs, labels := m.batchImages(x, s.Label)
	b, err := stepper.RunBatch(m.net, xs, labels, m.Run.Applied.LearningRate)
	if err != nil {
		s.Pass, s.Batch = nil, nil
		m.Notice.warn(i18n.M(i18n.TrainerID(string(wire.ErrInternal))), err.Error())
		return Structure | Pass
	}
	s.Batch, s.Pass, s.Iter = b, PassOf(b), m.Run.P.Iter
	if s.Unit < 0 || s.Unit >= b.Hidden {
		s.Unit = 0
	}
	m.explainCell()
	if s.Nudge.Result != nil {
		RunNudge{}.apply(m) // the same weight, on the new pass
	}
	return Structure | Pass
}

// StepNext and StepPrev move through the stages; StepTo jumps to one.
type (
	StepNext struct{}
	StepPrev struct{}
	StepTo   struct{ Stage stepper.Stage }
)

func (StepNext) apply(m *Model) Changed {
	var c Changed
	if m.Stepper.Pass == nil {
		c = m.runPass()
	}
	m.Stepper.Stage = m.Stepper.Stage.Next()
	return c | Structure | Pass
}

func (StepPrev) apply(m *Model) Changed {
	m.Stepper.Stage = m.Stepper.Stage.Prev()
	return Structure | Pass
}

func (c StepTo) apply(m *Model) Changed {
	if !c.Stage.Valid() {
		return 0
	}
	m.Stepper.Stage = c.Stage
	return Structure | Pass
}

// SetLabel sets the stepper's label t ("auto": the true label, or the
// net's guess for a drawing).
type SetLabel struct{ Value string }

func (c SetLabel) apply(m *Model) Changed {
	if c.Value == "auto" {
		m.Stepper.LabelAuto = true
	} else if n, err := strconv.Atoi(c.Value); err == nil && n >= 0 && n < Classes {
		m.Stepper.LabelAuto, m.Stepper.Label = false, n
	}
	return m.runPass()
}

// TypeTestIndex records what the user types into the test image field.
type TypeTestIndex struct{ Value string }

func (c TypeTestIndex) apply(m *Model) Changed {
	m.Stepper.typed, m.Stepper.typing = c.Value, true
	return 0
}

// SetTestIndex makes the test image the user typed the input.
type SetTestIndex struct{ Value string }

func (c SetTestIndex) apply(m *Model) Changed {
	m.Stepper.typing = false
	n := 0
	if m.Test != nil {
		n = m.Test.N
	}
	i, err := strconv.Atoi(strings.TrimSpace(c.Value))
	if err != nil || i < 0 || i >= n {
		m.Stepper.Err = i18n.M(i18n.StepTestBad, short(c.Value), n-1)
		return Structure
	}
	return UseTestImage{I: i}.apply(m)
}

// TestIndexText is what the test image field shows: what the user is
// typing, else the test image in use, "" for the drawing.
func (m *Model) TestIndexText() string {
	if m.Stepper.typing {
		return m.Stepper.typed
	}
	if !m.Inside.Probe.FromTest {
		return ""
	}
	return strconv.Itoa(m.Inside.Probe.Index)
}

// SetStepUnit selects the unit the affine1 stage details.
type SetStepUnit struct{ J int }

func (c SetStepUnit) apply(m *Model) Changed {
	if p := m.Stepper.Pass; p != nil && c.J >= 0 && c.J < p.Hidden {
		m.Stepper.Unit = c.J
		return Structure | Pass
	}
	return 0
}

// The gradient check.

// SetBreak picks the broken layer of the next check.
type SetBreak struct{ Kind string }

func (c SetBreak) apply(m *Model) Changed {
	for _, k := range m.ShownKinds() {
		if k.Name == c.Kind {
			m.Check.Break = c.Kind
			return Structure
		}
	}
	return 0
}

// RunGradCheck asks the trainer to check the current net.
type RunGradCheck struct{}

func (RunGradCheck) apply(m *Model) Changed {
	g := &m.Check
	if !m.Run.Ready() || g.Running || m.Hunt.On {
		return 0 // a hunt's check stays until the guess
	}
	g.Break = m.ChosenBreak()
	m.Hunt.Done = false
	m.runCheck(g.Break)
	return Structure
}
