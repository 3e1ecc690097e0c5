package page

import "github.com/backprop-lab/backprop-lab/ui/model"

// The "Use my drawing" buttons (in the mask view and the stepper) do
// nothing while the drawing is the probe already: they are disabled then,
// but say so and look current, not greyed out as if unavailable.

// drawingInUse reports whether the drawing is the probe.
func drawingInUse(m *model.Model) bool { return !m.Inside.Probe.FromTest }

// drawingButtonText is the buttons' words.
func drawingButtonText(m *model.Model) string {
	if drawingInUse(m) {
		return m.Words().UsingDrawing
	}
	return m.Words().UseDrawing
}

// drawingButtonClass is the buttons' look.
func drawingButtonClass(m *model.Model) string {
	if drawingInUse(m) {
		return "in-use"
	}
	return ""
}

// DrawingText and DrawingClass are the "Use my drawing" button's words
// and look.
func (c *InsidePanel) DrawingText() string  { return drawingButtonText(c.M) }
func (c *InsidePanel) DrawingClass() string { return drawingButtonClass(c.M) }

// DrawingText and DrawingClass are the "Use my drawing" button's words
// and look.
func (c *StepperPanel) DrawingText() string  { return drawingButtonText(c.M) }
func (c *StepperPanel) DrawingClass() string { return drawingButtonClass(c.M) }
