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

// MaskKey moves the mask's one tab stop with the arrow keys (the focus
// follows it: package dom focuses the stop after writing the mask).
func (c *InsidePanel) MaskKey(e vugu.DOMEvent) {
	if a, ok := arrowOf(e); ok {
		if _, in := unitOf(e); in {
			e.PreventDefault()
			e.StopPropagation() // not the stepper's ← and → as well
			c.Do(model.MoveUnit{Key: a})
		}
	}
}

// arrowOf is the grid key an event carries.
func arrowOf(e vugu.DOMEvent) (model.Arrow, bool) {
	if e.PropBool("ctrlKey") || e.PropBool("metaKey") || e.PropBool("altKey") {
		return 0, false
	}
	switch e.PropString("key") {
	case "ArrowLeft":
		return model.ArrowLeft, true
	case "ArrowRight":
		return model.ArrowRight, true
	case "ArrowUp":
		return model.ArrowUp, true
	case "ArrowDown":
		return model.ArrowDown, true
	case "Home":
		return model.ArrowHome, true
	case "End":
		return model.ArrowEnd, true
	}
	return 0, false
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
