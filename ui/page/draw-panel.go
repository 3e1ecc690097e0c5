package page

import (
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
)

// DrawPanel is the drawing pad, what the net sees and what it predicts.
type DrawPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *DrawPanel) W() *i18n.Words { return c.M.Words() }
