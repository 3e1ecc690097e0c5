// Package model is the page's state and the only code that changes it.
//
// The state is split into concept-sized parts (the run, the drawing, the
// views inside the net, the stepper, the gradient check, the confusion
// matrix, the kept net, the bench, the message slot). Two doors change it:
// Apply, for a message from the trainer, and Do, for a command of the page
// (a click, a key, a stroke). Both return the Changed bits that say which
// parts of the page must be drawn again; package ui/dom draws them.
//
// The model reaches the trainer only through the Trainer interface and the
// browser's storage only through Store, so it is pure Go: its tests run
// natively, message in, state and bits out.
package model

import (
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
	"gonum.org/v1/gonum/mat"
)

// Trainer takes the page's messages to the trainer worker.
type Trainer interface {
	Post(wire.Msg)
}

// Store is the browser's storage, where the page keeps its net between
// visits. Get answers at once: the slot is read before the page starts.
// Set and Remove take effect in the order they are called but may finish
// after they return. Set fails at once when the browser has no storage;
// a write that fails later (a full disk, a storage the browser forbids)
// comes back as the command KeepFailed with the number write that Set was
// given.
type Store interface {
	Get(key string) ([]byte, bool)
	Set(key string, value []byte, write int) error
	Remove(key string)
}

// Changed says which parts of the page a change touched. Structure needs a
// render of the page's templates; each other bit is followed by the views
// registered for it (package ui/markup).
type Changed uint32

const (
	// Structure: what the templates show (status, enabled controls, which
	// stage or panel is open, the words of the language).
	Structure Changed = 1 << iota
	// Progress: the readouts of training and the loss and norm charts.
	Progress
	// Weights: the pictures of the weights and gradients.
	Weights
	// Epochs: the accuracy chart, the confusion matrix and what follows
	// each epoch.
	Epochs
	// Prediction: the drawing's 28×28 input and its probabilities.
	Prediction
	// Mask: the hidden units of the drawing or test image shown.
	Mask
	// Selection: the selected hidden unit, in every view.
	Selection
	// Pass: the stepper's pass.
	Pass
	// Gallery: the test images of the selected confusion cell.
	Gallery
	// Address: the settings that the page's address carries.
	Address
	// MineSet: the learner's digits, their teaching and how the net does
	// on them.
	MineSet

	// Everything is what a change of language touches.
	Everything Changed = 1<<iota - 1
)

// Has reports whether c has any of the bits of d.
func (c Changed) Has(d Changed) bool { return c&d != 0 }

// Config is what New needs.
type Config struct {
	Lang    *i18n.Lang
	Trainer Trainer
	Store   Store // nil: nothing is kept between visits
	Test    *TestSet
}

// Model is the page's state.
type Model struct {
	Lang    *i18n.Lang
	Run     Run
	Draw    Drawing
	Inside  Inside
	Stepper Stepper
	Check   GradCheck
	Hunt    Hunt
	Conf    Confusion
	Keep    Keep
	Mine    Mine
	Time    Timeline
	Race    Race
	Bench   Bench
	Notice  Notice
	Test    *TestSet
	// Memory is the page's own memory at its last reading.
	Memory Memory

	// Snap is the trainer's last snapshot: the net the page shows.
	Snap *wire.Snapshot
	// net is the page's own copy of Snap's net, for predictions.
	net *nn.TwoLayerNet
	// spare holds the arrays of the snapshot before Snap, which nothing
	// shows any more: the next message is decoded into them.
	spare [][]float64

	trainer Trainer
	store   Store
	boot    boot
	effects []Effect

	x, out *mat.Dense  // the drawing's input and its probabilities
	preds  []epochPred // each epoch's test predictions, for the timeline

	raceTrainers RaceTrainers
}

// New returns the page's state in its loading state with the book's
// settings.
func New(c Config) *Model {
	m := &Model{
		Lang: c.Lang, trainer: c.Trainer, store: c.Store, Test: c.Test,
		x: mat.NewDense(1, digit.Pixels, nil), out: mat.NewDense(1, Classes, nil),
	}
	if m.Lang == nil {
		m.Lang = i18n.English
	}
	m.Run = newRun(wire.DefaultSettings())
	m.Draw = Drawing{Empty: true, Said: -1}
	m.Inside.Unit = -1
	m.Stepper = Stepper{LabelAuto: true, BatchN: 1, Cell: Cell{I: -1, Index: "0,0"}, Nudge: Nudger{H: 1e-4, Index: "0,0"}}
	m.Check.Break = "none"
	m.Conf.T, m.Conf.P = -1, -1
	m.Mine.Current, m.Mine.LR = -1, DefaultTeachLR
	m.Time.Asked, m.Time.Speed = -1, 5
	m.Race.Setting = "activation"
	m.Race.Value = m.raceDefault(m.Race.Setting)
	return m
}

// Classes is the number of digits the net tells apart.
const Classes = 10

// Words are the page's fixed words in its language.
func (m *Model) Words() *i18n.Words { return m.Lang.W }

// Say renders a message in the page's language.
func (m *Model) Say(msg i18n.Message) string { return m.Lang.Say(msg) }

// Net returns the page's copy of the net shown, nil before the first
// snapshot. Callers must not change it.
func (m *Model) Net() *nn.TwoLayerNet { return m.net }

// Spare hands the arrays of a snapshot no longer shown to the caller, for
// decoding the next message into (wire.FromJSReusing), and forgets them.
func (m *Model) Spare() [][]float64 {
	s := m.spare
	m.spare = nil
	return s
}

func (m *Model) post(msg wire.Msg) {
	if m.trainer != nil {
		m.trainer.Post(msg)
	}
}

// Hidden is the number of hidden units of the net shown.
func (m *Model) Hidden() int {
	if m.Snap != nil {
		return m.Snap.Hidden()
	}
	return m.Run.Applied.Hidden
}

// UnitCursor is the mask unit that holds its tab stop.
func (m *Model) UnitCursor() int {
	if j := m.Inside.Cursor; j >= 0 && j < m.Hidden() {
		return j
	}
	return 0
}

// CellCursor is the confusion cell (true, predicted) that holds its tab
// stop.
func (m *Model) CellCursor() (t, p int) {
	return min(max(m.Conf.CT, 0), Classes-1), min(max(m.Conf.CP, 0), Classes-1)
}

// Sigmoid reports whether the net uses Sigmoid (the views then show
// saturation where they show the ReLU mask).
func (m *Model) Sigmoid() bool { return m.Run.Applied.Activation == "sigmoid" }

// Memory is the size of the page's WebAssembly memory and its Go heap
// (the bytes live after the last collection, and the size at which the next
// one starts), for tests that watch the page's memory.
type Memory struct{ Page, Live, Goal int64 }

// Measured records a reading of the page's memory.
type Measured struct{ Memory Memory }

func (c Measured) apply(m *Model) Changed {
	m.Memory = c.Memory
	return Progress
}

// SetStore gives the model the browser's storage, where it keeps the net
// between visits.
func (m *Model) SetStore(s Store) { m.store = s }
