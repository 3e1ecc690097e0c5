package page

import "github.com/backprop-lab/backprop-lab/ui"

// ChartsPanel shows the loss curve and the accuracy per epoch (islands
// "loss" and "acc": see island.go).
type ChartsPanel struct {
	App *ui.App
}
