package page

import (
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// InsidePanel shows the weights, the ReLU mask and the gradients.
type InsidePanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *InsidePanel) W() *i18n.Words { return c.M.Words() }

// Cap fills a weight caption's format with the hidden size.
func (c *InsidePanel) Cap(format string) string { return fmt.Sprintf(format, c.M.Hidden()) }

// ShowingTest says which test image the views show instead of the drawing.
func (c *InsidePanel) ShowingTest() string {
	return fmt.Sprintf(c.W().ShowingTest, c.M.Inside.Probe.Index)
}

// MaskClick selects the unit whose button was clicked: one listener for
// all of the mask's buttons, which package dom writes.
func (c *InsidePanel) MaskClick(e vugu.DOMEvent) {
	if j, ok := unitOf(e); ok {
		c.Do(model.SelectUnit{J: j})
	}
}

// unitOf is the hidden unit of the mask button an event came from.
func unitOf(e vugu.DOMEvent) (int, bool) {
	u := e.JSEventTarget().Call("closest", "[data-unit]")
	if !u.Truthy() {
		return 0, false
	}
	j, err := strconv.Atoi(u.Call("getAttribute", "data-unit").String())
	return j, err == nil
}
