package ui

// DrawPanel holds the drawing pad, what the net sees and its prediction.
type DrawPanel struct {
	App *App
}
