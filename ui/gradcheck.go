package ui

import (
	"fmt"
	"math"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// gradcheckLimit is where a mean difference stops being rounding: the book's
// check prints 4e-10 to 1.4e-7 for a correct backward pass.
const gradcheckLimit = 1e-6

// GradCheckState is the visible gradient check.
type GradCheckState struct {
	Break       string // the chosen broken layer, "none" first
	Running     bool
	Done, Total int
	Diffs       []float64 // W1, b1, W2, b2 of the last run
	DiffsBreak  string    // the broken layer of that run
}

// GradKinds lists the broken layers that fit the current net.
func (a *App) GradKinds() []broken.Kind {
	act := nn.ActReLU
	if a.Sigmoid() {
		act = nn.ActSigmoid
	}
	return broken.KindsFor(act)
}

// SetBreak picks the broken layer.
func (a *App) SetBreak(v string) { a.GC.Break = v }

// BreakDescription explains the chosen broken layer.
func (a *App) BreakDescription() string {
	for _, k := range a.GradKinds() {
		if k.Name == a.GC.Break {
			return a.L.BreakDesc(k)
		}
	}
	return ""
}

// breakName is the broken kind name's option text, name itself if unknown.
func (a *App) breakName(name string) string {
	for _, k := range broken.Kinds() {
		if k.Name == name {
			return a.L.BreakName(k)
		}
	}
	return name
}

// RunGradCheck asks the trainer to check the current net.
func (a *App) RunGradCheck() {
	if !a.Ready() || a.GC.Running {
		return
	}
	if a.GC.Break == "" {
		a.GC.Break = broken.None
	}
	a.GC.Running, a.GC.Done, a.GC.Total = true, 0, 0
	a.post(wire.Msg{Kind: wire.KindGradCheck, Break: a.GC.Break})
}

// GradDiff is parameter k's difference in Go's %e form, "" before a run.
func (a *App) GradDiff(k int) string {
	if k >= len(a.GC.Diffs) {
		return ""
	}
	return fmt.Sprintf("%e", a.GC.Diffs[k])
}

// GradVerdict says whether parameter k's difference is rounding or a bug.
func (a *App) GradVerdict(k int) string {
	if k >= len(a.GC.Diffs) {
		return ""
	}
	if a.GC.Diffs[k] < gradcheckLimit {
		return a.L.GCOK
	}
	return a.L.GCWrong
}

// GradBarStyle sizes a bar on a log scale from 1e-12 to 1.
func (a *App) GradBarStyle(k int) string {
	if k >= len(a.GC.Diffs) {
		return "width:0"
	}
	d := a.GC.Diffs[k]
	f := 1.0
	if d > 0 && !math.IsInf(d, 0) && !math.IsNaN(d) {
		f = (math.Log10(d) + 12) / 12
	}
	f = math.Min(math.Max(f, 0.01), 1)
	colour := colBlue
	if !(d < gradcheckLimit) {
		colour = colOrange
	}
	return fmt.Sprintf("width:%.1f%%; background:%s", 100*f, colour)
}

// GradProgress is how far the running check is, 0..1.
func (a *App) GradProgress() float64 {
	if a.GC.Total == 0 {
		return 0
	}
	return float64(a.GC.Done) / float64(a.GC.Total)
}

// GradRunText says what the result shows.
func (a *App) GradRunText() string {
	l := a.L
	switch {
	case a.GC.Running:
		return fmt.Sprintf(l.GCRunning, a.GC.Done, a.GC.Total)
	case a.GC.Diffs == nil:
		return l.GCNone
	case a.GC.DiffsBreak == broken.None:
		return l.GCAgree
	}
	return fmt.Sprintf(l.GCBroken, a.breakName(a.GC.DiffsBreak))
}
