package page

import (
	"github.com/backprop-lab/backprop-lab/ui"

	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/stepper"
)

// StepperPanel steps through one forward and backward pass.
type StepperPanel struct {
	App *ui.App
}

// UseDrawing makes the drawing the input again and reruns the pass.
func (c *StepperPanel) UseDrawing() {
	c.App.UseDrawing()
	c.App.Stepper.LabelAuto = true
	c.App.RunStep()
}

// TestIndex is the test image in use, "" for the drawing.
func (c *StepperPanel) TestIndex() string { return c.App.StepTestIndex() }

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

// Shapes1, Shapes2 and Shapes1Back spell out the shapes of the affine
// stages for the net's hidden size.
func (c *StepperPanel) Shapes1() string {
	return fmt.Sprintf(c.App.L.StgAffine1, c.App.Stepper.Pass.Hidden)
}

func (c *StepperPanel) Shapes2() string {
	return fmt.Sprintf(c.App.L.StgAffine2, c.App.Stepper.Pass.Hidden)
}

func (c *StepperPanel) Shapes2Back() string {
	return fmt.Sprintf(c.App.L.StgAffine2Back, c.App.Stepper.Pass.Hidden)
}

func (c *StepperPanel) Shapes1Back() string {
	return fmt.Sprintf(c.App.L.StgAffine1Back, c.App.Stepper.Pass.Hidden)
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
	return fmt.Sprintf(c.App.L.PassText, c.App.ProbeName(), p.Label, c.App.Stepper.Iter, p.LearningRate)
}
