package ui

import (
	"fmt"
	"strconv"
)

// Helpers the templates call.

// CanPlay reports whether the play/pause button does something now.
func (a *App) CanPlay() bool {
	switch a.Status {
	case "ready", "training", "paused":
		return true
	}
	return false
}

// CanStep reports whether one step can be trained now.
func (a *App) CanStep() bool { return a.Status == "ready" || a.Status == "paused" }

// ToggleText is the play/pause button's label.
func (a *App) ToggleText() string {
	if a.Training() {
		return "❚❚ Pause"
	}
	if a.P.Iter > 0 && a.Status != "done" {
		return "▶ Resume"
	}
	return "▶ Train"
}

// BudgetText says how far the run is.
func (a *App) BudgetText() string {
	return fmt.Sprintf("%d / %d iterations", a.P.Iter, a.Applied.Iters)
}

// AlertText is what the error area shows: a fatal error, else a warning.
func (a *App) AlertText() string {
	if a.Fatal != "" {
		return a.Fatal
	}
	return a.Warning
}

// AlertClass styles the error area.
func (a *App) AlertClass() string {
	switch {
	case a.Fatal != "":
		return "alert alert-fatal"
	case a.Warning != "":
		return "alert alert-warn"
	}
	return "alert alert-none"
}

// HintText explains an empty prediction.
func (a *App) HintText() string {
	if a.net == nil {
		return "The net is loading…"
	}
	return "Draw a digit 0–9 in the black square: the net's guess appears here."
}

// ProbText is digit i's probability as a plain number, "" without a prediction.
func (a *App) ProbText(i int) string {
	if a.Probs == nil {
		return ""
	}
	return strconv.FormatFloat(a.Probs[i], 'f', 6, 64)
}

// ProbPct is digit i's probability in percent, for people.
func (a *App) ProbPct(i int) string {
	if a.Probs == nil {
		return ""
	}
	return fmt.Sprintf("%.1f%%", 100*a.Probs[i])
}

// ProbStyle sizes digit i's bar.
func (a *App) ProbStyle(i int) string {
	if a.Probs == nil {
		return "width:0%"
	}
	return fmt.Sprintf("width:%.1f%%", 100*a.Probs[i])
}

// ProbClass is the class of digit i's row; it marks the predicted digit.
// (A dynamic :class replaces the static one, so it carries both.)
func (a *App) ProbClass(i int) string {
	if a.Probs != nil && i == a.Pred {
		return "prob top"
	}
	return "prob"
}

// ClearDrawing wipes the pad and the prediction.
func (a *App) ClearDrawing() {
	if a.Pad != nil {
		a.Pad.Clear()
	}
	a.Sees = [784]uint8{}
	a.Probs = nil
}

// SnapB1 and friends are the snapshot's vectors, nil before the first one.
func (a *App) SnapB1() []float64 {
	if a.Snap == nil {
		return nil
	}
	return a.Snap.B1
}

func (a *App) SnapB2() []float64 {
	if a.Snap == nil {
		return nil
	}
	return a.Snap.B2
}

func (a *App) SnapDB1() []float64 {
	if a.Snap == nil {
		return nil
	}
	return a.Snap.DB1
}

func (a *App) SnapDB2() []float64 {
	if a.Snap == nil {
		return nil
	}
	return a.Snap.DB2
}

// ProbeName names the probe input.
func (a *App) ProbeName() string {
	if a.Probe.FromTest {
		return fmt.Sprintf("test image #%d", a.Probe.Index)
	}
	return "your drawing"
}
