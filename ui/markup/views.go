package markup

import (
	"bytes"
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
)

// Kind says how a view reaches its host element.
type Kind uint8

const (
	// Text views set the host's text.
	Text Kind = iota
	// Region views write the host's inner markup.
	Region
	// Canvas views paint a canvas inside the host, and answer the pointer
	// and the keyboard on it.
	Canvas
	// Device views are input devices that package dom makes in the host
	// (the drawing pad): listed here so that no template binds their host.
	Device
)

// View is one entry of the registry: a part of the page that the
// templates leave empty (a host element with data-view="ID") and that the
// view's function fills from the model whenever a change carries one of
// the bits of Follows.
type View struct {
	ID      string
	Follows model.Changed
	Kind    Kind
	// Text is a Text view's text.
	Text func(m *model.Model) string
	// Write writes a Region view's markup to b.
	Write func(b *bytes.Buffer, m *model.Model, sc *Scratch)
	// Picture is a Canvas view's picture.
	Picture *Picture
	// Attrs are attributes of the host that a Region view writes with its
	// markup (the templates leave them out), nil for none.
	Attrs func(m *model.Model) []Attr
}

// Attr is an attribute of a view's host.
type Attr struct{ Name, Value string }

// Views is the registry: every part of the page that changes while the
// page trains or the pen moves. Adding a view is adding an entry here, its
// function, and an empty host element in a template.
var Views = []View{
	// Training.
	{ID: "iteration", Follows: model.Progress, Text: func(m *model.Model) string { return strconv.Itoa(m.Run.P.Iter) }},
	{ID: "epoch", Follows: model.Progress, Text: func(m *model.Model) string { return Num(float64(m.Run.P.Epoch), 2) }},
	{ID: "epoch-note", Follows: model.Progress, Text: EpochNote},
	{ID: "loss", Follows: model.Progress, Text: LossText},
	{ID: "loss-why", Follows: model.Progress | model.Structure, Text: LossWhy},
	{ID: "train-acc", Follows: model.Epochs | model.Progress, Text: func(m *model.Model) string { return accText(m, true) }},
	{ID: "test-acc", Follows: model.Epochs | model.Progress, Text: func(m *model.Model) string { return accText(m, false) }},
	{ID: "speed", Follows: model.Progress, Kind: Region, Write: writeSpeed},
	{ID: "budget-text", Follows: model.Progress, Text: BudgetText},
	{ID: "train-progress", Follows: model.Progress, Kind: Region, Write: writeProgress},
	{ID: "memory", Follows: model.Progress | model.Epochs, Kind: Region, Write: writeMemory},
	{ID: "loss-chart", Follows: model.Progress, Kind: Region, Write: func(b *bytes.Buffer, m *model.Model, sc *Scratch) {
		mark := -1
		if m.Viewing() {
			mark = m.ShownIter()
		}
		LossChart(b, sc, &m.Run.Losses, mark, m.Words())
	}},
	{ID: "timeline", Follows: model.Progress | model.Structure, Kind: Device},
	{ID: "timeline-text", Follows: model.Progress | model.Structure, Text: TimelineText},
	{ID: "viewing-text", Follows: model.Progress | model.Structure, Text: func(m *model.Model) string {
		if !m.Viewing() {
			return ""
		}
		return fmt.Sprintf(m.Words().ViewingBar, m.ShownIter(), m.Run.P.Iter)
	}},
	{ID: "acc-chart", Follows: model.Epochs, Kind: Region, Write: func(b *bytes.Buffer, m *model.Model, sc *Scratch) {
		AccChart(b, sc, m.Run.Epochs, m.Run.PriorEpochs, m.Words())
	}},
	{ID: "gradnorm", Follows: model.Progress, Kind: Region, Write: func(b *bytes.Buffer, m *model.Model, sc *Scratch) {
		NormChart(b, sc, &m.Run.Norms, m.Run.P.Iter, m.Words())
	}},
	{ID: "norm-text", Follows: model.Progress, Text: func(m *model.Model) string { return NormText(&m.Run.Norms, m.Words()) }},

	// The drawing.
	{ID: "prediction", Follows: model.Prediction, Text: func(m *model.Model) string {
		if m.Draw.Probs == nil {
			return ""
		}
		return strconv.Itoa(m.Draw.Pred)
	}},
	{ID: "prediction-hint", Follows: model.Prediction | model.Weights, Text: func(m *model.Model) string {
		switch {
		case m.Draw.Probs != nil:
			return ""
		case m.Net() == nil:
			return m.Words().HintLoading
		}
		return m.Words().HintDraw
	}},
	{ID: "prediction-say", Follows: model.Prediction, Text: func(m *model.Model) string {
		if m.Draw.Said < 0 {
			return ""
		}
		return fmt.Sprintf(m.Words().PredSay, m.Draw.Said)
	}},
	{ID: "probabilities", Follows: model.Prediction, Kind: Region, Write: writeProbs, Attrs: func(m *model.Model) []Attr {
		return []Attr{{"data-evals", strconv.Itoa(m.Draw.Evals)}, {"aria-label", m.Words().ProbsAria}}
	}},
	{ID: "draw-preview", Follows: model.Prediction, Kind: Canvas, Picture: &previewPicture},
	{ID: "draw-pad", Kind: Device},

	// The race.
	{ID: "race-a", Follows: model.Progress | model.Epochs | model.Structure, Kind: Region, Write: raceReadouts(0), Attrs: raceAttrs(0)},
	{ID: "race-b", Follows: model.Progress | model.Epochs | model.Structure, Kind: Region, Write: raceReadouts(1), Attrs: raceAttrs(1)},
	{ID: "race-loss", Follows: model.Progress | model.Structure, Kind: Region, Write: writeRaceLoss},
	{ID: "race-acc", Follows: model.Epochs | model.Structure, Kind: Region, Write: writeRaceAcc},
	{ID: "race-w1-a", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: racePicture(0)},
	{ID: "race-w1-b", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: racePicture(1)},

	// The learner's digits.
	{ID: "my-result", Follows: model.MineSet | model.Structure, Text: MineResult},
	{ID: "my-acc", Follows: model.MineSet | model.Structure, Text: MineAcc},
	{ID: "my-confusion", Follows: model.MineSet | model.Structure, Kind: Region, Write: writeMineConfusion},
	{ID: "my-dw1", Follows: model.MineSet | model.Selection, Kind: Canvas, Picture: &mineDW1Picture},

	// Inside the net.
	{ID: "weights-w1", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: &w1Picture},
	{ID: "weights-w2", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: &w2Picture},
	{ID: "gradients-w1", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: &dw1Picture},
	{ID: "gradients-w2", Follows: model.Weights | model.Selection, Kind: Canvas, Picture: &dw2Picture},
	{ID: "w2-units", Follows: model.Structure, Kind: Region, Write: writeUnitTicks},
	{ID: "dw2-units", Follows: model.Structure, Kind: Region, Write: writeUnitTicks},
	{ID: "legend-W1", Follows: model.Weights, Kind: Region, Write: legendOf("W1", func(s *snap) []float64 { return s.W1 })},
	{ID: "legend-W2", Follows: model.Weights, Kind: Region, Write: legendOf("W2", func(s *snap) []float64 { return s.W2 })},
	{ID: "legend-dW1", Follows: model.Weights, Kind: Region, Write: legendOf("dW1", func(s *snap) []float64 { return s.DW1 })},
	{ID: "legend-dW2", Follows: model.Weights, Kind: Region, Write: legendOf("dW2", func(s *snap) []float64 { return s.DW2 })},
	{ID: "bars-b1", Follows: model.Weights | model.Selection, Kind: Region, Write: barsOf("b1", true, func(s *snap) []float64 { return s.B1 })},
	{ID: "bars-b2", Follows: model.Weights, Kind: Region, Write: barsOf("b2", false, func(s *snap) []float64 { return s.B2 })},
	{ID: "bars-db1", Follows: model.Weights | model.Selection, Kind: Region, Write: barsOf("db1", true, func(s *snap) []float64 { return s.DB1 })},
	{ID: "bars-db2", Follows: model.Weights, Kind: Region, Write: barsOf("db2", false, func(s *snap) []float64 { return s.DB2 })},
	{ID: "mask", Follows: model.Mask | model.Selection, Kind: Region, Write: writeMask},
	{ID: "mask-title", Follows: model.Mask | model.Structure, Text: MaskTitle},
	{ID: "mask-caption", Follows: model.Mask, Text: MaskCaption},
	{ID: "norms-caption", Follows: model.Mask | model.Structure, Text: NormsCaption},
	{ID: "relu-summary", Follows: model.Mask, Text: MaskSummary},
	{ID: "dead-units", Follows: model.Epochs | model.Mask, Text: DeadSummary},

	// The stepper.
	{ID: "graph", Follows: model.Pass | model.Structure, Kind: Region, Write: writeGraph},
	{ID: "cell-explain", Follows: model.Pass | model.Structure, Kind: Region, Write: writeExplain, Attrs: cellAttrs},
	{ID: "nudge-result", Follows: model.Pass | model.Structure, Kind: Region, Write: writeNudge},
	{ID: "stepper-update", Follows: model.Pass, Kind: Region, Write: writeUpdate},
	{ID: "stepper-quiet", Follows: model.Pass | model.Structure, Text: QuietText},
	{ID: "stepper-batch-note", Follows: model.Pass | model.Structure, Text: BatchText},
	{ID: "stepper-x", Follows: model.Pass, Kind: Canvas, Picture: &stepXPicture},
	{ID: "stepper-template", Follows: model.Pass, Kind: Canvas, Picture: &stepTemplatePicture},
	{ID: "stepper-products", Follows: model.Pass, Kind: Canvas, Picture: &stepProductsPicture},
	{ID: "stepper-dw1", Follows: model.Pass | model.Selection, Kind: Canvas, Picture: &stepDW1Picture},
	{ID: "stepper-dw2", Follows: model.Pass, Kind: Canvas, Picture: &stepDW2Picture},
	{ID: "stepper-bars-z", Follows: model.Pass | model.Selection, Kind: Region, Write: stepBars(stepper.TensorZ)},
	{ID: "stepper-bars-a", Follows: model.Pass | model.Selection, Kind: Region, Write: stepBars(stepper.TensorA)},
	{ID: "stepper-bars-da", Follows: model.Pass | model.Selection, Kind: Region, Write: stepBars(stepper.TensorDA)},
	{ID: "stepper-relu-back", Follows: model.Pass | model.Selection, Kind: Region, Write: writeReluBack},
	{ID: "stepper-vec-s", Follows: model.Pass, Kind: Region, Write: stepVec("s")},
	{ID: "stepper-vec-y", Follows: model.Pass, Kind: Region, Write: stepVec("y")},
	{ID: "stepper-vec-dout", Follows: model.Pass, Kind: Region, Write: stepVec("dout")},
	{ID: "stepper-vec-update", Follows: model.Pass, Kind: Region, Write: stepVec("update")},

	// The test set.
	{ID: "conf-later", Follows: model.Epochs, Text: func(m *model.Model) string {
		if m.Conf.Matrix != nil {
			return ""
		}
		return m.Words().ConfLater
	}},
	{ID: "confusion", Follows: model.Epochs, Kind: Region, Write: writeConfusion},

	// The gradient check.
	{ID: "gradcheck-table", Follows: model.Structure, Kind: Region, Write: writeGradCheck, Attrs: func(m *model.Model) []Attr {
		return []Attr{{"data-break", m.ResultsBreak()}}
	}},
	{ID: "gc-map-W1", Follows: model.Structure | model.Selection, Kind: Canvas, Picture: &gcW1},
	{ID: "gc-map-b1", Follows: model.Structure, Kind: Canvas, Picture: &gcB1},
	{ID: "gc-map-W2", Follows: model.Structure, Kind: Canvas, Picture: &gcW2},
	{ID: "gc-map-b2", Follows: model.Structure, Kind: Canvas, Picture: &gcB2},
	{ID: "gc-max-W1", Follows: model.Structure, Text: func(m *model.Model) string { return MapMax(m, "W1") }},
	{ID: "gc-max-b1", Follows: model.Structure, Text: func(m *model.Model) string { return MapMax(m, "b1") }},
	{ID: "gc-max-W2", Follows: model.Structure, Text: func(m *model.Model) string { return MapMax(m, "W2") }},
	{ID: "gc-max-b2", Follows: model.Structure, Text: func(m *model.Model) string { return MapMax(m, "b2") }},
	{ID: "gc-legend", Follows: model.Structure, Kind: Region, Write: writeMapLegend},
	{ID: "gallery-text", Follows: model.Epochs | model.Gallery, Text: GalleryText},
	{ID: "gallery", Follows: model.Gallery, Kind: Canvas, Picture: &galleryPicture},
}

// WrittenTestIDs are the data-testid hooks that the views write (inside
// their hosts), which no template may carry.
var WrittenTestIDs = []string{"confusion", "my-confusion", "gradcheck-W1", "gradcheck-W2", "gradcheck-b1", "gradcheck-b2", "memory",
	"nudge-central", "nudge-dloss", "nudge-grad", "nudge-linear", "relu-mask", "samples-per-sec", "stepper-delta", "train-progress"}

// ViewByID returns the registry entry of the view id.
func ViewByID(id string) (*View, bool) {
	for i := range Views {
		if Views[i].ID == id {
			return &Views[i], true
		}
	}
	return nil, false
}

// snap is the trainer's snapshot, as the views read it.
type snap = struct {
	W1, B1, W2, B2, DW1, DB1, DW2, DB2 []float64
}

// snapOf returns the model's snapshot's arrays, nil before the first.
func snapOf(m *model.Model) *snap {
	s := m.Shown()
	if s == nil {
		return nil
	}
	return &snap{s.W1, s.B1, s.W2, s.B2, s.DW1, s.DB1, s.DW2, s.DB2}
}

func legendOf(what string, get func(*snap) []float64) func(*bytes.Buffer, *model.Model, *Scratch) {
	return func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
		s := snapOf(m)
		if s == nil {
			return
		}
		v := get(s)
		if v == nil {
			notComputed(b, m, what)
			return
		}
		Legend(b, m.Words(), viz.Scale(v), what)
	}
}

func barsOf(label string, unit bool, get func(*snap) []float64) func(*bytes.Buffer, *model.Model, *Scratch) {
	return func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
		s := snapOf(m)
		if s == nil {
			return
		}
		v := get(s)
		if v == nil {
			notComputed(b, m, label)
			return
		}
		sel := -1
		if unit {
			sel = m.Inside.Unit
		}
		Bars(b, m.Words(), v, label, sel)
	}
}

// notComputed says that the gradient what was never computed, in the
// legend's style, where a gradient view would show it.
func notComputed(b *bytes.Buffer, m *model.Model, what string) {
	words := m.Words().NotComputed
	if m.Viewing() {
		words = m.Words().GradNotKept
	}
	fmt.Fprintf(b, `<div class="legend"><span class="legend-note">%s</span></div>`, esc(fmt.Sprintf(words, what)))
}
