package page

import (
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
)

// ChartsPanel holds the loss and accuracy charts.
type ChartsPanel struct {
	M *model.Model
}

// W are the page's words.
func (c *ChartsPanel) W() *i18n.Words { return c.M.Words() }
