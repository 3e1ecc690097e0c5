package page

import (
	"github.com/backprop-lab/backprop-lab/ui"
	"github.com/vugu/vugu"
)

// Root is the page.
type Root struct {
	App *ui.App
}

// New returns the page of app, for ui.Run.
func New(app *ui.App) vugu.Builder { return &Root{App: app} }
