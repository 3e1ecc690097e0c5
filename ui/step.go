package ui

import (
	"fmt"
	"math"
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
	Iter      int // the trainer iteration whose weights the pass used
	Err       string
	Unit      int // the unit whose sum the affine1 stage details

	X, Template, Products, DW1, DW2 CanvasView
	buf                             [5][]byte
	tiles                           viz.TileLayout
}

func (a *App) initStep() {
	s := &a.Stepper
	s.LabelAuto = true
	s.X = CanvasView{TestID: "stepper-x", Label: "the input x as 28×28"}
	s.Template = CanvasView{TestID: "stepper-template", Label: "the template W1[:,j] of the selected unit"}
	s.Products = CanvasView{TestID: "stepper-products", Label: "the products x ⊙ W1[:,j] of the selected unit"}
	s.DW1 = CanvasView{TestID: "stepper-dw1", Label: "dW1 = xᵀ·da, one tile per hidden unit"}
	s.DW2 = CanvasView{TestID: "stepper-dw2", Label: "dW2 = zᵀ·dout, rows digits, columns hidden units"}
	pix := func(name string, get func(p *stepper.Pass, j int) []float64) func(x, y int) string {
		return func(x, y int) string {
			p := s.Pass
			if p == nil || x < 0 || y < 0 || x >= 28 || y >= 28 {
				return ""
			}
			return fmt.Sprintf("%s at pixel row %d, column %d (x[%d]) = %.5g", name, y, x, y*28+x, get(p, s.Unit)[y*28+x])
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
		s.Pass, s.Err = nil, err.Error()
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
	var i int
	if _, err := fmt.Sscan(strings.TrimSpace(v), &i); err != nil || a.Test == nil || i < 0 || i >= a.Test.N {
		n := 0
		if a.Test != nil {
			n = a.Test.N
		}
		a.Stepper.Err = fmt.Sprintf("test image %q: enter a whole number from 0 to %d", v, n-1)
		return
	}
	a.UseTestImage(i)
	a.Stepper.LabelAuto = true
	a.RunStep()
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

var stageTitles = [stepper.NumStages]string{
	"Input x", "Affine1: a = x·W1 + b1", "ReLU: z = max(0, a)", "Affine2: s = z·W2 + b2",
	"SoftmaxWithLoss: y = softmax(s), loss = −log y[t]", "Backward starts: dout = (y − t) / batch",
	"Affine2 backward: dW2 = zᵀ·dout, db2 = dout, dz = dout·W2ᵀ", "ReLU backward: da = dz where the unit was on, 0 where masked",
	"Affine1 backward: dW1 = xᵀ·da, db1 = da", "Update: W ← W − lr·dW, on a copy",
}

// StageTitle names the current stage for people.
func (a *App) StageTitle() string {
	t := stageTitles[a.Stepper.Stage]
	if a.Sigmoid() && a.Stepper.Stage == stepper.Relu {
		t = "Sigmoid: z = 1 / (1 + exp(−a))"
	}
	if a.Sigmoid() && a.Stepper.Stage == stepper.ReluBack {
		t = "Sigmoid backward: da = dz · z(1 − z)"
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
	act := "ReLU caches its mask (a ≤ 0) to zero those units' gradient on the way back."
	if a.Sigmoid() {
		act = "Sigmoid caches its output z, since its derivative is z(1 − z)."
	}
	switch a.Stepper.Stage {
	case stepper.Input:
		return "The input is what Affine1 will cache."
	case stepper.Affine1, stepper.Affine1Back:
		return "Affine1 caches its input x: the backward pass needs it for dW1 = xᵀ·da."
	case stepper.Relu, stepper.ReluBack:
		return act
	case stepper.Affine2, stepper.Affine2Back:
		return "Affine2 caches its input z for dW2 = zᵀ·dout, and uses W2 for dz = dout·W2ᵀ."
	case stepper.Softmax, stepper.Dout:
		return "SoftmaxWithLoss caches y and the one-hot t: its backward is simply (y − t) / batch."
	}
	return "The gradients of all four parameters are known now: one SGD step moves each against its gradient."
}

// VecTable shows a short vector's values (10 scores, probabilities, dout).
func VecTable(name string, v []float64, mark int) vugu.HTML {
	var b strings.Builder
	b.WriteString(`<table class="vec"><tr><th scope="row">k</th>`)
	for k := range v {
		fmt.Fprintf(&b, "<td>%d</td>", k)
	}
	fmt.Fprintf(&b, `</tr><tr><th scope="row">%s</th>`, name)
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
	return fmt.Sprintf("a[%d] = Σᵢ x[i]·W1[i,%d] + b1[%d] = (%.4f from pixels that push it up) + (%.4f from pixels that push it down) + %.4f = %.4f",
		d.J, d.J, d.J, pos, neg, d.Bias, d.Sum+d.Bias)
}

// MaskText counts the masked (or saturated) units of the pass.
func (a *App) MaskText() string {
	p := a.Stepper.Pass
	if p == nil {
		return ""
	}
	if a.Sigmoid() {
		return fmt.Sprintf("%d of %d units are saturated (z < 0.05 or z > 0.95): their local gradient z(1 − z) is below 0.0475.", p.SaturatedCount(), p.Hidden)
	}
	return fmt.Sprintf("%d of %d units are masked (a ≤ 0, so z = 0); %d pass their value on.", p.MaskedCount(), p.Hidden, p.Hidden-p.MaskedCount())
}

// UpdateText compares the prediction before and after one SGD step.
func (a *App) UpdateText() string {
	p := a.Stepper.Pass
	if p == nil {
		return ""
	}
	return fmt.Sprintf("With lr = %g: loss %.4f → %.4f; y[t=%d] %.4f → %.4f; predicted digit %d → %d.",
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
	return BarsSVG(v, name, sel)
}

// LogLoss is −log(y[t]) for the explanation.
func LogLoss(y float64) float64 { return -math.Log(y) }
