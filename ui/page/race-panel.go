package page

import (
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/vugu"
)

// RacePanel races two runs that differ in one setting.
type RacePanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *RacePanel) W() *i18n.Words { return c.M.Words() }

// SettingName names a setting the race may differ in.
func (c *RacePanel) SettingName(s string) string { return c.M.Say(i18n.M(i18n.FieldID(s))) }

// Choices are the values of the race's setting, nil for a number.
func (c *RacePanel) Choices() []string { return model.RaceChoices(c.M.Race.Setting) }

// Chosen says whether run B's value is picked from choices (else typed).
func (c *RacePanel) Chosen() bool { return c.Choices() != nil }

// RunName says which run i is.
func (c *RacePanel) RunName(i int) string { return c.M.RaceRunName(i) }

// Running says whether a run of the race trains.
func (c *RacePanel) Running() bool {
	r := &c.M.Race
	return r.On && (r.Runs[0].Running || r.Runs[1].Running || !r.Runs[0].Ready || !r.Runs[1].Ready)
}

// SetSetting picks the setting the runs differ in.
func (c *RacePanel) SetSetting(e vugu.DOMEvent) {
	c.Do(model.SetRaceSetting{Setting: e.JSEventTarget().Get("value").String()})
}

// SetValue sets run B's value.
func (c *RacePanel) SetValue(e vugu.DOMEvent) {
	c.Do(model.SetRaceValue{Value: e.JSEventTarget().Get("value").String()})
}
