package page

import "github.com/backprop-lab/backprop-lab/ui"

// GradcheckPanel runs the gradient check and lets the learner break a layer.
type GradcheckPanel struct {
	App *ui.App
}
