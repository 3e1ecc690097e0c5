package page

import "github.com/backprop-lab/backprop-lab/ui"

// SettingsForm is the training panel's settings (learning rate, batch,
// iterations, hidden size, activation, seed, init, sampling). It is a
// component of its own to keep TrainPanel's generated Build small (doc.go).
type SettingsForm struct {
	App *ui.App
}
