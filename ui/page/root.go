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

// BenchRunningText says what the bench is doing.
func (c *Root) BenchRunningText() string {
	b := &c.M.Bench
	if b.Warmup == 0 {
		return fmt.Sprintf(c.W().BenchRunning, b.Iters)
	}
	return fmt.Sprintf(c.W().BenchWarming, b.Iters, b.Warmup)
}
