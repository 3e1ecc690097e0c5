package ui

// ChartsPanel shows the loss curve and the accuracy per epoch (islands
// "loss" and "acc": see island.go).
type ChartsPanel struct {
	App *App
}
