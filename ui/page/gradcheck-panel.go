package page

import (
	"fmt"
	"strings"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// GradcheckPanel runs the gradient check on the net shown, with a layer
// broken on purpose if the learner picks one, shows where the check fails
// and plays the bug hunt.
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

// SetGuess picks the learner's guess of the hunt's bug.
func (c *GradcheckPanel) SetGuess(e vugu.DOMEvent) { c.Do(model.SetGuess{Kind: value(e)}) }

// Note explains the chosen broken layer, and the batch when it is not the
// usual one.
func (c *GradcheckPanel) Note() string {
	k := c.M.ChosenBreak()
	s := c.W().BreakDesc(k)
	if n := c.M.CheckImages(); n != broken.CheckImages {
		s += " " + fmt.Sprintf(c.W().GCSquare, n)
	}
	return s
}

// LeftOut says which broken layers the select leaves out, and why.
func (c *GradcheckPanel) LeftOut() string {
	w := c.W()
	var why []string
	for _, k := range c.M.HiddenKinds() {
		switch k.Name {
		case broken.ReluInPlace:
			why = append(why, fmt.Sprintf(w.GCWhyInPlace, w.BreakName(k.Name)))
		case broken.AffineSquare:
			why = append(why, fmt.Sprintf(w.GCWhySquare, w.BreakName(k.Name), c.M.Hidden(), broken.MaxSquare))
		default:
			why = append(why, "“"+w.BreakName(k.Name)+"”")
		}
	}
	if why == nil {
		return ""
	}
	return fmt.Sprintf(w.GCLeftOut, strings.Join(why, "; "))
}

// Progress is how far the running check is, 0..1.
func (c *GradcheckPanel) Progress() float64 {
	if c.G().Total == 0 {
		return 0
	}
	return float64(c.G().Done) / float64(c.G().Total)
}

// RunText says what the results show; during a hunt, not which layer is
// broken.
func (c *GradcheckPanel) RunText() string {
	g, w := c.G(), c.W()
	switch {
	case g.Running && g.Total == 0:
		return w.GCStarting
	case g.Running:
		return fmt.Sprintf(w.GCRunning, g.Done, g.Total)
	case g.Diffs == nil:
		return w.GCNone
	}
	switch b := c.M.ResultsBreak(); b {
	case model.HuntBreak:
		return w.HuntResults
	case broken.None:
		return w.GCAgree
	default:
		return fmt.Sprintf(w.GCBroken, w.BreakName(b))
	}
}

// MapState is the maps' state for the tests: "none" before a check,
// "running", "shown", or "missing" when the trainer sent no maps.
func (c *GradcheckPanel) MapState() string {
	g := c.G()
	switch {
	case g.Running:
		return "running"
	case g.Diffs == nil:
		return "none"
	case g.Maps.Diff == nil:
		return "missing"
	}
	return "shown"
}

// HuntStatus says where the hunt is.
func (c *GradcheckPanel) HuntStatus() string {
	h, w := &c.M.Hunt, c.W()
	switch {
	case h.On && c.G().Running:
		return w.HuntRunning
	case h.On && c.G().Diffs != nil:
		return w.HuntLook
	case h.Rounds > 0:
		return fmt.Sprintf(w.HuntScore, h.Right, h.Rounds)
	}
	return ""
}

// HuntCorrect is the reveal's data-correct.
func (c *GradcheckPanel) HuntCorrect() string {
	if c.M.Hunt.Correct {
		return "1"
	}
	return "0"
}

// HuntVerdict says whether the guess was right, and what the bug was.
func (c *GradcheckPanel) HuntVerdict() string {
	h, w := &c.M.Hunt, c.W()
	if h.Correct {
		return fmt.Sprintf(w.HuntRight, w.BreakName(h.Bug))
	}
	return fmt.Sprintf(w.HuntWrong, w.BreakName(h.Guess), w.BreakName(h.Bug))
}

// HuntWhere says where the bug shows in the maps.
func (c *GradcheckPanel) HuntWhere() string {
	return fmt.Sprintf(c.W().HuntWhere, c.W().BreakPrints[c.M.Hunt.Bug])
}
