package page

import "github.com/backprop-lab/backprop-lab/ui"

// TrainPanel holds the training controls, the readouts and the settings.
type TrainPanel struct {
	App *ui.App
}
