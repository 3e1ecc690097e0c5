package page

import (
	"fmt"
	"math"
	"strconv"

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

// Params are the parameters in the order of the check's results.
var Params = []string{"W1", "b1", "W2", "b2"}

// SetBreak picks the broken layer of the next check.
func (c *GradcheckPanel) SetBreak(e vugu.DOMEvent) { c.Do(model.SetBreak{Kind: value(e)}) }

// Note explains the chosen broken layer.
func (c *GradcheckPanel) Note() string { return c.W().BreakDesc(c.G().Break) }

// Diff is parameter k's mean difference, "" before a run.
func (c *GradcheckPanel) Diff(k int) string {
	if k >= len(c.G().Diffs) {
		return ""
	}
	return strconv.FormatFloat(c.G().Diffs[k], 'e', 3, 64)
}

// Wrong reports whether parameter k's difference is more than rounding.
func (c *GradcheckPanel) Wrong(k int) bool { return !(c.G().Diffs[k] < model.Limit) }

// Verdict says whether parameter k's difference is rounding or a bug.
func (c *GradcheckPanel) Verdict(k int) string {
	if k >= len(c.G().Diffs) {
		return ""
	}
	if c.Wrong(k) {
		return c.W().GCWrong
	}
	return c.W().GCOK
}

// BarClass and BarStyle draw the difference on a log scale from 1e-12
// to 1.
func (c *GradcheckPanel) BarClass(k int) string {
	if k < len(c.G().Diffs) && c.Wrong(k) {
		return "gc-bar wrong"
	}
	return "gc-bar"
}

func (c *GradcheckPanel) BarStyle(k int) string {
	if k >= len(c.G().Diffs) {
		return "width:0"
	}
	d, f := c.G().Diffs[k], 1.0
	if d > 0 && !math.IsInf(d, 0) {
		f = (math.Log10(d) + 12) / 12
	}
	return fmt.Sprintf("width:%.1f%%", 100*min(max(f, 0.01), 1))
}

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
