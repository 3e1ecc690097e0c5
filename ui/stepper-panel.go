package ui

import (
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/stepper"
)

// StepperPanel steps through one forward and backward pass.
type StepperPanel struct {
	App *App
}

// UseDrawing makes the drawing the input again and reruns the pass.
func (c *StepperPanel) UseDrawing() {
	c.App.UseDrawing()
	c.App.Stepper.LabelAuto = true
	c.App.RunStep()
}

// TestIndex is the test image in use, "" for the drawing.
func (c *StepperPanel) TestIndex() string {
	if !c.App.Probe.FromTest {
		return ""
	}
	return strconv.Itoa(c.App.Probe.Index)
}

// Go jumps to stage s.
func (c *StepperPanel) Go(s int) {
	if c.App.Stepper.Pass == nil {
		c.App.RunStep()
	}
	c.App.StepGo(stepper.Stage(s))
}

// SetUnit picks the unit detailed in the affine1 stage.
func (c *StepperPanel) SetUnit(v string) {
	if j, err := strconv.Atoi(v); err == nil {
		c.App.SelectUnit(j)
	}
}

// ActName is the activation layer's name in the chain.
func (c *StepperPanel) ActName() string {
	if c.App.Sigmoid() {
		return "Sigmoid"
	}
	return "ReLU"
}

// PassText says what the pass ran on.
func (c *StepperPanel) PassText() string {
	p := c.App.Stepper.Pass
	src := "your drawing"
	if c.App.Probe.FromTest {
		src = fmt.Sprintf("test image #%d", c.App.Probe.Index)
	}
	return fmt.Sprintf("Input: %s, label t = %d, weights of iteration %d, learning rate %g.", src, p.Label, c.App.Stepper.Iter, p.LearningRate)
}
