package page

import (
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// ConfusionPanel shows the test set's confusion matrix and the test images
// of a cell.
type ConfusionPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *ConfusionPanel) W() *i18n.Words { return c.M.Words() }

// Click selects the clicked cell: one listener for all the cells, which
// package dom writes.
func (c *ConfusionPanel) Click(e vugu.DOMEvent) {
	if t, p, ok := cellOf(e); ok {
		c.Do(model.PickCell{T: t, P: p})
	}
}

// Key selects a cell with Enter or space; the key stops there, so that
// the page's space shortcut (play/pause) does not fire as well.
func (c *ConfusionPanel) Key(e vugu.DOMEvent) {
	if a, ok := arrowOf(e); ok {
		if _, _, in := cellOf(e); in {
			e.PreventDefault()
			e.StopPropagation() // not the stepper's ← and → as well
			c.Do(model.MoveCell{Key: a})
		}
		return
	}
	switch e.PropString("key") {
	case "Enter", " ":
		if t, p, ok := cellOf(e); ok {
			e.PreventDefault()
			e.StopPropagation()
			c.Do(model.PickCell{T: t, P: p})
		}
	}
}

// cellOf is the confusion cell (true, predicted) an event came from.
func cellOf(e vugu.DOMEvent) (t, p int, ok bool) {
	cell := e.JSEventTarget().Call("closest", "[data-true]")
	if !cell.Truthy() {
		return 0, 0, false
	}
	t, err1 := strconv.Atoi(cell.Call("getAttribute", "data-true").String())
	p, err2 := strconv.Atoi(cell.Call("getAttribute", "data-pred").String())
	return t, p, err1 == nil && err2 == nil
}
