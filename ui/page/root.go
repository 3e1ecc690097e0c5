package page

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// Root is the page.
type Root struct {
	M  *model.Model
	Do func(model.Command)
}

// New returns the page of m, whose events go to do (see dom.Run).
func New(m *model.Model, do func(model.Command)) vugu.Builder { return &Root{M: m, Do: do} }

// W are the page's words.
func (c *Root) W() *i18n.Words { return c.M.Words() }

// SetLang switches the language to the menu's choice.
func (c *Root) SetLang(e vugu.DOMEvent) {
	c.Do(model.SetLang{Code: e.JSEventTarget().Get("value").String()})
}

// StatusText is the status for people; StatusSay announces it.
func (c *Root) StatusText() string { return c.W().Status(c.M.Run.Status.String()) }
func (c *Root) StatusSay() string  { return fmt.Sprintf(c.W().StatusSay, c.StatusText()) }

// Alert reports whether the message slot holds a problem (a warning or a
// fatal message), which the alert shows; news goes to the notice.
func (c *Root) Alert() bool { return c.M.Notice.Shown() && c.M.Notice.Level >= model.Warning }

// News reports whether the message slot holds news.
func (c *Root) News() bool { return c.M.Notice.Shown() && c.M.Notice.Level == model.Info }

// AlertClass styles the alert by the message's level.
func (c *Root) AlertClass() string {
	switch {
	case !c.Alert():
		return "alert alert-none"
	case c.M.Notice.Level == model.Fatal:
		return "alert alert-fatal"
	}
	return "alert alert-warn"
}

// Text is the message in the slot, in the page's language.
func (c *Root) Text() string { return c.M.Say(c.M.Notice.Msg) }

// BenchSay says what the bench is doing, or that its result is of a
// stopped bench; "" for the result of a whole one.
func (c *Root) BenchSay() string {
	b := &c.M.Bench
	switch {
	case b.Result == "" && b.Warmup == 0:
		return fmt.Sprintf(c.W().BenchRunning, b.Iters)
	case b.Result == "":
		return fmt.Sprintf(c.W().BenchWarming, b.Iters, b.Warmup)
	case b.Last.Stopped && b.Last.Iters == 0 && b.Last.WarmupAsked > 0:
		return fmt.Sprintf(c.W().BenchStoppedWarm, b.Last.WarmupIters, b.Last.WarmupAsked)
	case b.Last.Stopped:
		return fmt.Sprintf(c.W().BenchStopped, b.Last.Iters, b.Last.ItersAsked)
	}
	return ""
}

// BenchStopText is the stop button's word.
func (c *Root) BenchStopText() string {
	if c.M.Bench.Stopping {
		return c.W().BenchStopping
	}
	return c.W().BenchStop
}
