package page

import (
	"fmt"
	"math/rand/v2"
	"strings"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// TrainPanel runs the training: play, step, reset, the weights files and
// the readouts.
type TrainPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *TrainPanel) W() *i18n.Words { return c.M.Words() }

// ToggleText names what the play button does now.
func (c *TrainPanel) ToggleText() string {
	r := &c.M.Run
	switch {
	case r.Training():
		return c.W().Pause
	case r.P.Iter > 0 && r.Status.String() != "done":
		return c.W().Resume
	}
	return c.W().Train
}

// NewSeed rebuilds the net with a random seed.
func (c *TrainPanel) NewSeed() { c.Do(model.NewSeed{Seed: rand.Uint64()}) }

// ImportFile loads the weights file the user picked.
func (c *TrainPanel) ImportFile(e vugu.DOMEvent) {
	files := e.JSEventTarget().Get("files")
	if files.Get("length").Int() == 0 {
		return
	}
	f := files.Index(0)
	c.Do(model.ImportFile{File: f, Name: f.Get("name").String()})
	// The same file picked again is a new change.
	e.JSEventTarget().Set("value", "")
}

// TrainHidden keeps training in a hidden tab, or not.
func (c *TrainPanel) TrainHidden(e vugu.DOMEvent) {
	c.Do(model.SetTrainHidden{On: e.JSEventTarget().Get("checked").Bool()})
}

// PendingText says what a new net would throw away.
func (c *TrainPanel) PendingText() string {
	r := &c.M.Run
	p, a, w := r.Pending, r.Applied, c.W()
	if p == nil {
		return ""
	}
	var what []string
	if p.Hidden != a.Hidden {
		what = append(what, fmt.Sprintf(w.PendHidden, a.Hidden, p.Hidden))
	}
	if p.Activation != a.Activation {
		what = append(what, fmt.Sprintf(w.PendAct, w.ActName(a.Activation), w.ActName(p.Activation)))
	}
	if p.Init != a.Init {
		what = append(what, fmt.Sprintf(w.PendInit, w.InitName(a.Init), w.InitName(p.Init)))
	}
	if p.Seed != a.Seed {
		what = append(what, fmt.Sprintf(w.PendSeed, a.Seed, p.Seed))
	}
	return fmt.Sprintf(w.Pending, strings.Join(what, ", "), r.P.Iter)
}
