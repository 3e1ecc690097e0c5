package ui

// GradcheckPanel runs the gradient check and lets the learner break a layer.
type GradcheckPanel struct {
	App *App
}
