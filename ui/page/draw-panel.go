package page

import "github.com/backprop-lab/backprop-lab/ui"

// DrawPanel holds the drawing pad, what the net sees and its prediction.
type DrawPanel struct {
	App *ui.App
}
