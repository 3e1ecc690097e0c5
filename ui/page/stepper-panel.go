package page

import (
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/markup"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// StepperPanel steps through one forward and backward pass.
type StepperPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *StepperPanel) W() *i18n.Words { return c.M.Words() }

// S is the stepper's state; P its pass, nil before the first.
func (c *StepperPanel) S() *model.Stepper { return &c.M.Stepper }
func (c *StepperPanel) P() *stepper.Pass  { return c.M.Stepper.Pass }

// Digits are the labels t the user can pick.
var Digits = []int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// Value reads an event's control's value.
func value(e vugu.DOMEvent) string { return e.JSEventTarget().Get("value").String() }

// SetUnit picks the unit detailed in the affine1 stage.
func (c *StepperPanel) SetUnit(e vugu.DOMEvent) {
	if j, err := strconv.Atoi(value(e)); err == nil {
		c.Do(model.SelectUnit{J: j})
	}
}

// Go jumps to stage s, running the pass first if there is none.
func (c *StepperPanel) Go(s stepper.Stage) {
	if c.P() == nil {
		c.Do(model.RunPass{})
	}
	c.Do(model.StepTo{Stage: s})
}

// Is reports whether the current stage is s.
func (c *StepperPanel) Is(s stepper.Stage) bool { return c.S().Stage == s }

// Shapes fills a stage's shape text with the hidden size.
func (c *StepperPanel) Shapes(format string) string { return fmt.Sprintf(format, c.P().Hidden) }

// ActName is the activation layer's name in the chain.
func (c *StepperPanel) ActName() string {
	if c.M.Sigmoid() {
		return "Sigmoid"
	}
	return "ReLU"
}

// PassText says what the pass ran on.
func (c *StepperPanel) PassText() string {
	p := c.P()
	return fmt.Sprintf(c.W().PassText, c.M.ProbeName(), p.Label, c.S().Iter, p.LearningRate)
}

// ErrText is why there is no pass, "" for no reason.
func (c *StepperPanel) ErrText() string {
	if c.S().Err.IsZero() {
		return ""
	}
	return c.M.Say(c.S().Err)
}

// StageTitle names the current stage for people.
func (c *StepperPanel) StageTitle() string {
	w, st := c.W(), c.S().Stage
	t := w.StageTitles[st]
	if c.M.Sigmoid() && st == stepper.Relu {
		t = w.StageSigmoid
	}
	if c.M.Sigmoid() && st == stepper.ReluBack {
		t = w.StageSigmoidBack
	}
	return fmt.Sprintf("%d / %d · %s", int(st)+1, stepper.NumStages, t)
}

// Cached says what the current stage's layer keeps for its backward pass.
func (c *StepperPanel) Cached() string {
	w := c.W()
	switch c.S().Stage {
	case stepper.Input:
		return w.CachedInput
	case stepper.Affine1, stepper.Affine1Back:
		return w.CachedAffine1
	case stepper.Relu, stepper.ReluBack:
		if c.M.Sigmoid() {
			return w.CachedSigmoid
		}
		return w.CachedReLU
	case stepper.Affine2, stepper.Affine2Back:
		return w.CachedAffine2
	case stepper.Softmax, stepper.Dout:
		return w.CachedSoftmax
	}
	return w.CachedUpdate
}

// UnitSum spells out how a[j] comes about.
func (c *StepperPanel) UnitSum() string {
	d, ok := c.S().UnitDetail()
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
	return fmt.Sprintf(c.W().UnitSum, d.J, pos, neg, d.Bias, d.Sum+d.Bias)
}

// MaskText counts the masked (or saturated) units of the pass.
func (c *StepperPanel) MaskText() string {
	p := c.P()
	if c.M.Sigmoid() {
		return fmt.Sprintf(c.W().MaskTextSigmoid, p.SaturatedCount(), p.Hidden)
	}
	return fmt.Sprintf(c.W().MaskTextReLU, p.MaskedCount(), p.Hidden, p.Hidden-p.MaskedCount())
}

// UpdateText compares the prediction before and after one SGD step.
func (c *StepperPanel) UpdateText() string {
	p := c.P()
	return fmt.Sprintf(c.W().UpdateText, p.LearningRate, markup.Num(p.Loss, 4), markup.Num(p.LossAfter, 4),
		p.Label, markup.Num(p.ProbsBefore[p.Label], 4), markup.Num(p.ProbsAfter[p.Label], 4), p.PredictedBefore(), p.PredictedAfter())
}

// LossText is the pass's loss (the stepper-loss hook).
func (c *StepperPanel) LossText() string {
	if c.P() == nil {
		return ""
	}
	return strconv.FormatFloat(c.P().Loss, 'g', 6, 64)
}

// Units are the hidden units the affine1 stage can detail.
func (c *StepperPanel) Units() []int {
	u := make([]int, c.P().Hidden)
	for j := range u {
		u[j] = j
	}
	return u
}

// BarClick selects the unit of the bar of a that was clicked.
func (c *StepperPanel) BarClick(e vugu.DOMEvent) {
	if j, ok := unitOf(e); ok {
		c.Do(model.SetStepUnit{J: j})
	}
}

// Quiet reports whether the net already gets the pass's input right: the
// stepper then offers to wake the pass up.
func (c *StepperPanel) Quiet() bool {
	b := c.S().Batch
	return b != nil && b.Correct(0)
}

// RunnerUp is the digit the net finds most likely after the input's label:
// the what-if label.
func (c *StepperPanel) RunnerUp() int {
	if b := c.S().Batch; b != nil {
		return b.RunnerUp(0)
	}
	return 0
}

// WhatIfText is the what-if button's words.
func (c *StepperPanel) WhatIfText() string { return fmt.Sprintf(c.W().WhatIf, c.RunnerUp()) }

// BatchText is the batch size field's value.
func (c *StepperPanel) BatchText() string { return strconv.Itoa(c.S().BatchN) }

// BatchErrText says why the typed batch size was refused.
func (c *StepperPanel) BatchErrText() string { return c.M.Say(c.S().BatchErr) }

// CellErrText says why the typed entry could not be opened.
func (c *StepperPanel) CellErrText() string { return c.M.Say(c.S().CellErr) }

// NudgeErrText says why the nudge could not run.
func (c *StepperPanel) NudgeErrText() string { return c.M.Say(c.S().Nudge.Err) }

// Tensors are the names of the entries that can be opened.
func (c *StepperPanel) Tensors() []string {
	var out []string
	for _, t := range stepper.Tensors() {
		out = append(out, t.String())
	}
	return out
}

// Params are the parameters that can be nudged.
func (c *StepperPanel) Params() []string {
	var out []string
	for _, p := range stepper.Params() {
		out = append(out, p.String())
	}
	return out
}

// Steps are the nudge's choices of h.
func (c *StepperPanel) Steps() []string {
	var out []string
	for _, h := range model.NudgeSteps {
		out = append(out, strconv.FormatFloat(h, 'g', -1, 64))
	}
	return out
}

// IsStep reports whether h is the nudge's step.
func (c *StepperPanel) IsStep(h string) bool {
	return h == strconv.FormatFloat(c.S().Nudge.H, 'g', -1, 64)
}

// CellClick opens the entry of the pass that was clicked (a bar or a cell
// of a table carries data-tensor and data-index).
func (c *StepperPanel) CellClick(e vugu.DOMEvent) {
	el := e.JSEventTarget().Call("closest", "[data-tensor][data-index]")
	if !el.Truthy() {
		return
	}
	c.Do(model.OpenCellText{Tensor: el.Call("getAttribute", "data-tensor").String(), Index: el.Call("getAttribute", "data-index").String()})
}

// GraphClick goes to the stage of the graph's node that was clicked.
func (c *StepperPanel) GraphClick(e vugu.DOMEvent) {
	el := e.JSEventTarget().Call("closest", "[data-node]")
	if !el.Truthy() {
		return
	}
	if s, ok := markup.GraphStage(el.Call("getAttribute", "data-node").String(), c.S().Stage); ok {
		c.Do(model.StepTo{Stage: s})
	}
}

// OpenTyped opens the entry the tensor select and the index field name.
func (c *StepperPanel) OpenTyped() {
	c.Do(model.OpenCellText{Tensor: c.S().Cell.Tensor.String(), Index: c.S().Cell.Index})
}

// SetCellTensor picks the tensor of the entry to open.
func (c *StepperPanel) SetCellTensor(e vugu.DOMEvent) {
	c.Do(model.OpenCellText{Tensor: value(e), Index: c.S().Cell.Index})
}
