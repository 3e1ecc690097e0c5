package page

import (
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu"
)

// SettingsForm holds the run's settings as typed.
type SettingsForm struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *SettingsForm) W() *i18n.Words { return c.M.Words() }

// Raw is what field name shows.
func (c *SettingsForm) Raw(name string) string { return c.M.Run.Form.Field(wire.Field(name)).Raw }

// Invalid is field name's aria-invalid.
func (c *SettingsForm) Invalid(name string) string {
	if c.M.Run.Form.Field(wire.Field(name)).OK() {
		return "false"
	}
	return "true"
}

// Err is field name's problem in the page's language, "" for none.
func (c *SettingsForm) Err(name string) string {
	return c.M.Run.Form.Field(wire.Field(name)).Problem.Text(c.W())
}

// Type and Commit take an input event (typing) and a change event (the
// user is done with the field).
func (c *SettingsForm) Type(name string, e vugu.DOMEvent) {
	c.Do(model.TypeField{Name: name, Value: e.JSEventTarget().Get("value").String()})
}

func (c *SettingsForm) Commit(name string, e vugu.DOMEvent) {
	c.Do(model.CommitField{Name: name, Value: e.JSEventTarget().Get("value").String()})
}

// Switch takes a checkbox's change event: the switch name On or Off.
func (c *SettingsForm) Switch(name string, e vugu.DOMEvent) {
	c.Do(model.CommitField{Name: name, Value: model.OnOff(e.JSEventTarget().Get("checked").Bool())})
}
