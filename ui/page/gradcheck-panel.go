package page

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// GradcheckPanel runs the gradient check on the net shown, with a layer
// broken on purpose if the learner picks one.
type GradcheckPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *GradcheckPanel) W() *i18n.Words { return c.M.Words() }

// G is the check's state.
func (c *GradcheckPanel) G() *model.GradCheck { return &c.M.Check }

// SetBreak picks the broken layer of the next check.
func (c *GradcheckPanel) SetBreak(e vugu.DOMEvent) { c.Do(model.SetBreak{Kind: value(e)}) }

// Note explains the chosen broken layer.
func (c *GradcheckPanel) Note() string { return c.W().BreakDesc(c.G().Break) }

// Progress is how far the running check is, 0..1.
func (c *GradcheckPanel) Progress() float64 {
	if c.G().Total == 0 {
		return 0
	}
	return float64(c.G().Done) / float64(c.G().Total)
}

// RunText says what the results show.
func (c *GradcheckPanel) RunText() string {
	g, w := c.G(), c.W()
	switch {
	case g.Running && g.Total == 0:
		return w.GCStarting
	case g.Running:
		return fmt.Sprintf(w.GCRunning, g.Done, g.Total)
	case g.Diffs == nil:
		return w.GCNone
	case g.DiffsBreak == broken.None:
		return w.GCAgree
	}
	return fmt.Sprintf(w.GCBroken, w.BreakName(g.DiffsBreak))
}
