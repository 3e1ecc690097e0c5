package page

import "github.com/backprop-lab/backprop-lab/ui"

// ConfusionPanel shows the confusion matrix of the test set and a gallery
// of the images of one of its cells.
type ConfusionPanel struct {
	App *ui.App
}
