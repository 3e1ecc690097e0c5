package ui

import (
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/viz"
	"github.com/vugu/vugu"
)

// StepperState is the stepper's state: one forward and backward pass of the probe
// input (the drawing or a test image), frozen at the weights it was run
// with, so the numbers hold still while the learner reads them.
type StepperState struct {
	Stage     stepper.Stage
	Pass      *stepper.Pass
	Label     int // the label t the pass used
	LabelAuto bool
	Iter      int    // the trainer iteration whose weights the pass used
	Err       string // why there is no pass (English; errNote says it in any language)
	errNote   note
	Unit      int // the unit whose sum the affine1 stage details
	// typed is what the user is typing into the test image field, kept
	// until it is applied (change) so that a render does not undo it.
	typed  string
	typing bool

	X, Template, Products, DW1, DW2 CanvasView
	buf                             [5][]byte
	tiles                           viz.TileLayout
}

func (a *App) initStep() {
	s := &a.Stepper
	s.LabelAuto = true
	s.X = CanvasView{TestID: "stepper-x"}
	s.Template = CanvasView{TestID: "stepper-template"}
	s.Products = CanvasView{TestID: "stepper-products"}
	s.DW1 = CanvasView{TestID: "stepper-dw1"}
	s.DW2 = CanvasView{TestID: "stepper-dw2"}
	pix := func(name string, get func(p *stepper.Pass, j int) []float64) func(x, y int) string {
		return func(x, y int) string {
			p := s.Pass
			if p == nil || x < 0 || y < 0 || x >= 28 || y >= 28 {
				return ""
			}
			return fmt.Sprintf(a.L.DescX, name, y, x, y*28+x, get(p, s.Unit)[y*28+x])
		}
	}
	s.X.Describe = pix("x", func(p *stepper.Pass, _ int) []float64 { return p.X })
	s.Template.Describe = func(x, y int) string {
		d, ok := a.stepUnit()
		if !ok || x >= 28 || y >= 28 {
			return ""
		}
		return fmt.Sprintf("W1[%d, %d] = %.5g", y*28+x, d.J, d.Template[y*28+x])
	}
	s.Products.Describe = func(x, y int) string {
		d, ok := a.stepUnit()
		if !ok || x >= 28 || y >= 28 {
			return ""
		}
		i := y*28 + x
		return fmt.Sprintf("x[%d]·W1[%d, %d] = %.4g × %.4g = %.5g", i, i, d.J, s.Pass.X[i], d.Template[i], d.Products[i])
	}
	s.DW1.Describe = func(x, y int) string {
		p := s.Pass
		j, r, c, ok := s.tiles.TileAt(x, y)
		if p == nil || !ok {
			return ""
		}
		i := r*28 + c
		return fmt.Sprintf("dW1[%d, %d] = x[%d]·da[%d] = %.4g × %.4g = %.5g", i, j, i, j, p.X[i], p.DA[j], p.DW1[i*p.Hidden+j])
	}
	s.DW1.Click = func(x, y int) {
		if j, _, _, ok := s.tiles.TileAt(x, y); ok {
			a.selectUnit(j)
		}
	}
	s.DW2.Describe = func(x, y int) string {
		p := s.Pass
		if p == nil {
			return ""
		}
		k, j, ok := viz.CellAt(x, y, p.Output, p.Hidden, w2Cell)
		if !ok {
			return ""
		}
		return fmt.Sprintf("dW2[%d, %d] = z[%d]·dout[%d] = %.4g × %.4g = %.5g", j, k, j, k, p.Z[j], p.Dout[k], p.DW2[j*p.Output+k])
	}
}

// stepInput returns the stepper's input and the label it defaults to.
func (a *App) stepInput() (x []float64, label int, ok bool) {
	x = a.probeInput()
	if x == nil {
		return nil, 0, false
	}
	if a.Probe.FromTest {
		return x, int(a.Test.Labels[a.Probe.Index]), true
	}
	return x, a.Pred, true // a drawing has no true label: the net's guess until the user picks one
}

// RunStep runs the pass again on the current input and weights.
func (a *App) RunStep() {
	s := &a.Stepper
	s.Err = ""
	x, def, ok := a.stepInput()
	if !ok || a.net == nil {
		s.Pass = nil
		return
	}
	if s.LabelAuto {
		s.Label = def
	}
	p, err := stepper.Run(a.net, x, s.Label, a.Applied.LearningRate)
	if err != nil {
		s.Pass, s.Err, s.errNote = nil, err.Error(), note{}
		return
	}
	s.Pass, s.Iter = p, a.P.Iter
	if s.Unit < 0 || s.Unit >= p.Hidden {
		s.Unit = 0
	}
	a.paintStep()
}

func (a *App) paintStep() {
	s := &a.Stepper
	p := s.Pass
	if p == nil {
		return
	}
	var img []byte
	var err error
	if img, err = viz.Image28(s.buf[0], p.X, 1, false); err == nil {
		s.buf[0] = img
		s.X.Paint(img, 28, 28)
	}
	if d, ok := a.stepUnit(); ok {
		if img, err = viz.Image28(s.buf[1], d.Template, viz.Scale(d.Template), true); err == nil {
			s.buf[1] = img
			s.Template.Paint(img, 28, 28)
		}
		if img, err = viz.Image28(s.buf[2], d.Products, viz.Scale(d.Products), true); err == nil {
			s.buf[2] = img
			s.Products.Paint(img, 28, 28)
		}
	}
	if s.tiles.Cols != p.Hidden {
		s.tiles, _ = viz.NewTileLayout(p.Input, p.Hidden, 28, 28, tilesPerRow, tileGap)
	}
	if img, err = s.tiles.Draw(s.buf[3], p.DW1, viz.Scale(p.DW1)); err == nil {
		s.buf[3] = img
		w, h := s.tiles.Size()
		s.DW1.Paint(img, w, h)
	}
	t := transpose(nil, p.DW2, p.Hidden, p.Output)
	var w, h int
	if img, w, h, err = viz.Heatmap(s.buf[4], t, p.Output, p.Hidden, w2Cell, viz.Scale(p.DW2), true); err == nil {
		s.buf[4] = img
		s.DW2.Paint(img, w, h)
	}
}

func (a *App) stepUnit() (stepper.UnitDetail, bool) {
	if a.Stepper.Pass == nil {
		return stepper.UnitDetail{}, false
	}
	d, err := a.Stepper.Pass.Unit(a.Stepper.Unit)
	return d, err == nil
}

// StepNext and StepPrev move through the stages.
func (a *App) StepNext() {
	if a.Stepper.Pass == nil {
		a.RunStep()
	}
	a.Stepper.Stage = a.Stepper.Stage.Next()
}

func (a *App) StepPrev() { a.Stepper.Stage = a.Stepper.Stage.Prev() }

// StepGo jumps to stage s (the chain diagram's buttons).
func (a *App) StepGo(s stepper.Stage) {
	if s.Valid() {
		a.Stepper.Stage = s
	}
}

// SetStepLabel sets the label t ("auto" for the default).
func (a *App) SetStepLabel(v string) {
	if v == "auto" {
		a.Stepper.LabelAuto = true
	} else if len(v) == 1 && v[0] >= '0' && v[0] <= '9' {
		a.Stepper.LabelAuto, a.Stepper.Label = false, int(v[0]-'0')
	}
	a.RunStep()
}

// SetStepTest makes test image i (typed by the user) the input.
func (a *App) SetStepTest(v string) {
	a.Stepper.typing = false
	var i int
	if _, err := fmt.Sscan(strings.TrimSpace(v), &i); err != nil || a.Test == nil || i < 0 || i >= a.Test.N {
		n := 0
		if a.Test != nil {
			n = a.Test.N
		}
		a.Stepper.errNote = noteOf(func(l *labels) string { return fmt.Sprintf(l.StepErr, v, n-1) })
		a.Stepper.Err = a.Stepper.errNote.en
		return
	}
	a.UseTestImage(i)
	a.Stepper.LabelAuto = true
	a.RunStep()
}

// TypeStepTest records what the user types into the test image field.
func (a *App) TypeStepTest(v string) { a.Stepper.typed, a.Stepper.typing = v, true }

// StepTestIndex is what the test image field shows: what the user is
// typing, else the test image in use, "" for the drawing.
func (a *App) StepTestIndex() string {
	if a.Stepper.typing {
		return a.Stepper.typed
	}
	if !a.Probe.FromTest {
		return ""
	}
	return strconv.Itoa(a.Probe.Index)
}

// SetStepUnit selects the unit the affine1 stage details.
func (a *App) SetStepUnit(j int) {
	if a.Stepper.Pass != nil && j >= 0 && j < a.Stepper.Pass.Hidden {
		a.Stepper.Unit = j
		a.paintStep()
	}
}

// Template helpers.

// StageName is the current stage's name (the test hook's text).
func (a *App) StageName() string { return a.Stepper.Stage.String() }

// StepErrText is the stepper's error in the page's language.
func (a *App) StepErrText() string { return a.text(a.Stepper.Err, a.Stepper.errNote) }

// StageTitle names the current stage for people.
func (a *App) StageTitle() string {
	t := a.L.StageTitles[a.Stepper.Stage]
	if a.Sigmoid() && a.Stepper.Stage == stepper.Relu {
		t = a.L.StageSigmoid
	}
	if a.Sigmoid() && a.Stepper.Stage == stepper.ReluBack {
		t = a.L.StageSigmoidBack
	}
	return fmt.Sprintf("%d / %d · %s", int(a.Stepper.Stage)+1, stepper.NumStages, t)
}

// Is reports whether the current stage is the one named.
func (a *App) Is(name string) bool { return a.Stepper.Stage.String() == name }

// StepLossText is the pass's loss (the stepper-loss hook).
func (a *App) StepLossText() string {
	if a.Stepper.Pass == nil {
		return ""
	}
	return fmt.Sprintf("%.6g", a.Stepper.Pass.Loss)
}

// ChainClass highlights the layer of the chain diagram for the current stage.
func (a *App) ChainClass(layer string) string {
	active := map[stepper.Stage]string{
		stepper.Input: "x", stepper.Affine1: "affine1", stepper.Relu: "relu", stepper.Affine2: "affine2",
		stepper.Softmax: "softmax", stepper.Dout: "softmax", stepper.Affine2Back: "affine2",
		stepper.ReluBack: "relu", stepper.Affine1Back: "affine1", stepper.Update: "update",
	}[a.Stepper.Stage]
	c := "chain-node"
	if layer == active {
		c += " current"
		if a.Stepper.Stage.Backward() {
			c += " back"
		}
	}
	return c
}

// Cached says what the current stage's layer keeps for its backward pass.
func (a *App) Cached() string {
	l := a.L
	act := l.CachedReLU
	if a.Sigmoid() {
		act = l.CachedSigmoid
	}
	switch a.Stepper.Stage {
	case stepper.Input:
		return l.CachedInput
	case stepper.Affine1, stepper.Affine1Back:
		return l.CachedAffine1
	case stepper.Relu, stepper.ReluBack:
		return act
	case stepper.Affine2, stepper.Affine2Back:
		return l.CachedAffine2
	case stepper.Softmax, stepper.Dout:
		return l.CachedSoftmax
	}
	return l.CachedUpdate
}

// VecTable shows a short vector's values (10 scores, probabilities, dout):
// a row of indexes k and a row of values, which a narrow screen shows as
// two columns instead (style.css).
func VecTable(name string, v []float64, mark int) vugu.HTML {
	var b strings.Builder
	fmt.Fprintf(&b, `<table class="vec" style="--vec-rows: %d"><tr><th scope="row">k</th>`, len(v)+1)
	for k := range v {
		fmt.Fprintf(&b, "<td>%d</td>", k)
	}
	fmt.Fprintf(&b, `</tr><tr><th scope="row">%s</th>`, html.EscapeString(name))
	for k, x := range v {
		cls := ""
		if k == mark {
			cls = ` class="mark"`
		}
		fmt.Fprintf(&b, "<td%s>%.4g</td>", cls, x)
	}
	b.WriteString("</tr></table>")
	return vugu.HTML(b.String())
}

// UnitSum spells out how a[j] comes about.
func (a *App) UnitSum() string {
	d, ok := a.stepUnit()
	if !ok {
		return ""
	}
	pos, neg := 0.0, 0.0
	for _, v := range d.Products {
		if v > 0 {
			pos += v
		} else {
			neg += v
		}
	}
	return fmt.Sprintf(a.L.UnitSum, d.J, pos, neg, d.Bias, d.Sum+d.Bias)
}

// MaskText counts the masked (or saturated) units of the pass.
func (a *App) MaskText() string {
	p := a.Stepper.Pass
	if p == nil {
		return ""
	}
	if a.Sigmoid() {
		return fmt.Sprintf(a.L.MaskTextSigmoid, p.SaturatedCount(), p.Hidden)
	}
	return fmt.Sprintf(a.L.MaskTextReLU, p.MaskedCount(), p.Hidden, p.Hidden-p.MaskedCount())
}

// UpdateText compares the prediction before and after one SGD step.
func (a *App) UpdateText() string {
	p := a.Stepper.Pass
	if p == nil {
		return ""
	}
	return fmt.Sprintf(a.L.UpdateText,
		p.LearningRate, p.Loss, p.LossAfter, p.Label, p.ProbsBefore[p.Label], p.ProbsAfter[p.Label], p.PredictedBefore(), p.PredictedAfter())
}

// StepBars draws a vector of the pass as bars (50 hidden values, or 10).
func (a *App) StepBars(name string) vugu.HTML {
	p := a.Stepper.Pass
	if p == nil {
		return ""
	}
	var v []float64
	switch name {
	case "a":
		v = p.A
	case "z":
		v = p.Z
	case "dz":
		v = p.DZ
	case "da":
		v = p.DA
	case "db1":
		v = p.DB1
	case "db2":
		v = p.DB2
	}
	sel := a.Stepper.Unit
	return BarsSVG(a.L, v, name, sel)
}
