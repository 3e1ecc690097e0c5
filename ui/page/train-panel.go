package ui

// TrainPanel holds the training controls, the readouts and the settings.
type TrainPanel struct {
	App *App
}
