package page

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/ui"
)

// InsidePanel shows the weights, the ReLU mask and the gradients.
type InsidePanel struct {
	App *ui.App
}

// Cap fills a weight caption's format with the hidden size.
func (c *InsidePanel) Cap(format string) string { return fmt.Sprintf(format, c.App.HiddenN()) }

// ShowingTest says which test image the views show instead of the drawing.
func (c *InsidePanel) ShowingTest() string {
	return fmt.Sprintf(c.App.L.ShowingTest, c.App.Probe.Index)
}
