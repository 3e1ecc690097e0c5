package page

import (
	"fmt"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu"
)

// MinePanel labels the drawing, teaches it to the net one step at a time
// and holds the learner's own set of digits.
type MinePanel struct {
	M  *model.Model
	Do func(model.Command)
}

// W are the page's words.
func (c *MinePanel) W() *i18n.Words { return c.M.Words() }

// Label labels the drawing with the digit of the button clicked: one
// listener for the ten.
func (c *MinePanel) Label(e vugu.DOMEvent) {
	b := e.JSEventTarget().Call("closest", "[data-digit]")
	if !b.Truthy() {
		return
	}
	if d, err := strconv.Atoi(b.Call("getAttribute", "data-digit").String()); err == nil {
		c.Do(model.LabelDrawing{Digit: d})
	}
}

// Pressed says whether digit d is the drawing's label.
func (c *MinePanel) Pressed(d int) string { return strconv.FormatBool(c.M.Mine.Labelled() == d) }

// LabelAria names digit d's button.
func (c *MinePanel) LabelAria(d int) string { return fmt.Sprintf(c.W().MineLabelAria, d) }

// CanStep says whether a step can be asked for now: a labelled drawing,
// a net, and no fine-tune under way. An unlabelled drawing leaves the
// button on, so that a press says what is missing.
func (c *MinePanel) CanStep() bool {
	return !c.M.Draw.Empty && c.M.Snap != nil && c.M.Run.Ready() && !c.M.Mine.Tuning
}

// StepText is the step button's words.
func (c *MinePanel) StepText() string {
	if c.M.Mine.Waiting > 0 {
		return c.W().MineStepWait
	}
	return c.W().MineStep
}

// LRText is a learning rate as the select shows and sends it.
func (c *MinePanel) LRText(lr float64) string { return strconv.FormatFloat(lr, 'g', -1, 64) }

// SetLR picks the step's learning rate.
func (c *MinePanel) SetLR(e vugu.DOMEvent) {
	c.Do(model.SetTeachLR{Value: e.JSEventTarget().Get("value").String()})
}

// CanTune says whether a fine-tune can start.
func (c *MinePanel) CanTune() bool {
	return len(c.M.Mine.Digits) > 0 && c.M.Snap != nil && c.M.Run.Ready() && !c.M.Mine.Tuning
}

// TuneText is the fine-tune button's words.
func (c *MinePanel) TuneText() string {
	if c.M.Mine.Tuning {
		return c.W().MineTuning
	}
	return fmt.Sprintf(c.W().MineFineTune, model.FineTuneIters)
}

// CountText says how many digits the set holds.
func (c *MinePanel) CountText() string {
	return fmt.Sprintf(c.W().MineCount, len(c.M.Mine.Digits), wire.MaxMine)
}

// UndoText offers the digits of the last clear back.
func (c *MinePanel) UndoText() string { return fmt.Sprintf(c.W().MineUndo, len(c.M.Mine.Undo)) }

// Import reads the IDX files (or the export) picked.
func (c *MinePanel) Import(e vugu.DOMEvent) {
	files := e.JSEventTarget().Get("files")
	n := files.Get("length").Int()
	if n == 0 {
		return
	}
	var im model.ImportMine
	for i := range n {
		f := files.Index(i)
		im.Files = append(im.Files, f)
		im.Names = append(im.Names, f.Get("name").String())
	}
	c.Do(im)
	e.JSEventTarget().Set("value", "") // the same files picked again are a new change
}
