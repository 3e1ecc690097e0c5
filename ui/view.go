package ui

import (
	"fmt"
	"strconv"

	"github.com/vugu/vugu/js"
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
		return a.L.Pause
	}
	if a.P.Iter > 0 && a.Status != "done" {
		return a.L.Resume
	}
	return a.L.Train
}

// BudgetText says how far the run is.
func (a *App) BudgetText() string {
	return fmt.Sprintf(a.L.Budget, a.P.Iter, a.Applied.Iters)
}

// StatusText is the status for people, in the page's language (the
// status hook keeps the machine word).
func (a *App) StatusText() string { return a.L.Status(a.Status) }

// StatusSay is the live region's announcement of the status.
func (a *App) StatusSay() string { return fmt.Sprintf(a.L.StatusSay, a.StatusText()) }

// FieldErr is a field's problem in the page's language.
func (a *App) FieldErr(f Field) string { return f.Problem.Text(a.L) }

// MountPad creates the drawing canvas in host, named in the page's language.
func (a *App) MountPad(host js.Value) {
	a.Pad.SetLabels(a.L.PadAria, a.L.PreviewAria)
	a.Pad.MountCanvas(host)
}

// MountPreview creates the canvas of what the net sees in host.
func (a *App) MountPreview(host js.Value) {
	a.Pad.SetLabels(a.L.PadAria, a.L.PreviewAria)
	a.Pad.MountPreview(host)
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
		return a.L.HintLoading
	}
	return a.L.HintDraw
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

// ProbAria reads digit i's row out: "digit 3: 12.5%".
func (a *App) ProbAria(i int) string {
	p := a.ProbPct(i)
	if p == "" {
		p = "–"
	}
	return fmt.Sprintf(a.L.ProbRow, i, p)
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
	a.said = -1
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
		return fmt.Sprintf(a.L.TestImageN, a.Probe.Index)
	}
	return a.L.YourDrawing
}

// BenchRunningText says what the benchmark is doing.
func (a *App) BenchRunningText() string {
	if a.BenchWarmup == 0 {
		return fmt.Sprintf(a.L.BenchRunning, a.BenchIters)
	}
	return fmt.Sprintf(a.L.BenchWarming, a.BenchIters, a.BenchWarmup)
}

// Views are the weight and gradient pictures, for the page's canvases.
func (a *App) Views() *Inside { return a.inside }

// AriaBool is an ARIA state's value. (Vugu writes a true bool attribute as
// its own name, aria-pressed="aria-pressed", and leaves a false one out.)
func AriaBool(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
