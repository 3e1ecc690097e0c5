package page

import (
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// ChartsPanel holds the loss and accuracy charts and the timeline.
type ChartsPanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *ChartsPanel) W() *i18n.Words { return c.M.Words() }

// Playing says whether the timeline plays back.
func (c *ChartsPanel) Playing() string { return strconv.FormatBool(c.M.Time.Playing) }

// PlayText is the playback button's words.
func (c *ChartsPanel) PlayText() string {
	if c.M.Time.Playing {
		return c.W().TimelinePause
	}
	return c.W().TimelinePlay
}

// SetSpeed picks the playback's speed.
func (c *ChartsPanel) SetSpeed(e vugu.DOMEvent) {
	if s, err := strconv.Atoi(e.JSEventTarget().Get("value").String()); err == nil {
		c.Do(model.SetTimelineSpeed{Speed: s})
	}
}
