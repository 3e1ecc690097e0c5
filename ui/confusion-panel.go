package ui

import (
	"fmt"

	"github.com/vugu/vugu"
)

// ConfusionPanel shows the confusion matrix of the test set and a gallery
// of the images of one of its cells.
type ConfusionPanel struct {
	App *App
}

// CellClass marks the diagonal and the selected cell.
func (c *ConfusionPanel) CellClass(t, p int) string {
	s := "cell"
	if t == p {
		s += " diag"
	}
	if t == c.App.ConfT && p == c.App.ConfP {
		s += " selected"
	}
	return s
}

// CellLabel reads a cell out.
func (c *ConfusionPanel) CellLabel(t, p int) string {
	return fmt.Sprintf(c.App.L.CellLabel, c.App.Conf.Counts[t][p], t, p)
}

// CellPressed is aria-pressed of cell (t, p): whether it is selected.
func (c *ConfusionPanel) CellPressed(t, p int) string {
	return ariaBool(t == c.App.ConfT && p == c.App.ConfP)
}

// Key selects a cell with Enter or space; the key stops there, so that
// the page's space shortcut (play/pause) does not fire as well.
func (c *ConfusionPanel) Key(e vugu.DOMEvent, t, p int) {
	switch e.PropString("key") {
	case "Enter", " ":
		e.PreventDefault()
		e.StopPropagation()
		c.App.PickCell(t, p)
	}
}
