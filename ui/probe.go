package ui

import (
	"bytes"
	"fmt"

	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/viz"
	"gonum.org/v1/gonum/mat"
)

// TestSet is the bundled test set as the UI holds it: for the probe, the
// stepper, the confusion matrix and its gallery.
type TestSet struct {
	Pix    []uint8 // N×784
	Labels []uint8
	N      int
}

// Image returns test image i scaled to [0,1].
func (t *TestSet) Image(i int, dst []float64) []float64 {
	dst = append(dst[:0], make([]float64, 784)...)
	for k, v := range t.Pix[i*784 : (i+1)*784] {
		dst[k] = float64(v) / 255
	}
	return dst
}

func decodeTestSet(images, labels []byte) (*TestSet, error) {
	// The page hands over the files decompressed (fetched with
	// Content-Encoding); gzip'd ones are read too.
	decodeImages, decodeLabels := mnist.DecodeRawImages, mnist.DecodeRawLabels
	if mnist.IsGzip(images) {
		decodeImages = mnist.DecodeImages
	}
	if mnist.IsGzip(labels) {
		decodeLabels = mnist.DecodeLabels
	}
	im, err := decodeImages(bytes.NewReader(images))
	if err != nil {
		return nil, err
	}
	lb, err := decodeLabels(bytes.NewReader(labels))
	if err != nil {
		return nil, err
	}
	if len(lb) != im.N {
		return nil, fmt.Errorf("ui: %d test images but %d labels", im.N, len(lb))
	}
	return &TestSet{Pix: im.Pix, Labels: lb, N: im.N}, nil
}

// Probe is the input whose hidden activations the ReLU view shows: the
// drawing or a test image.
type Probe struct {
	FromTest bool
	Index    int       // test image index when FromTest
	A, Z     []float64 // hidden pre-activations a = x·W1 + b1 and outputs z
	Valid    bool
}

// probeInput returns the probe's 784 inputs, or nil when there is none.
func (a *App) probeInput() []float64 {
	if a.Probe.FromTest {
		if a.Test == nil || a.Probe.Index < 0 || a.Probe.Index >= a.Test.N {
			return nil
		}
		a.probeX = a.Test.Image(a.Probe.Index, a.probeX)
		return a.probeX
	}
	if a.Pad == nil || a.Pad.Empty {
		return nil
	}
	a.probeX = append(a.probeX[:0], make([]float64, 784)...)
	for i, v := range a.Sees {
		a.probeX[i] = float64(v) / 255
	}
	return a.probeX
}

// updateProbe runs the UI's net on the probe and keeps the hidden layer's
// values: the layers' own caches, as the engine computed them.
func (a *App) updateProbe() {
	a.Probe.Valid = false
	x := a.probeInput()
	if x == nil || a.net == nil {
		return
	}
	in := mat.NewDense(1, len(x), x)
	a.net.Predict(in)
	h := a.net.Config().Hidden
	a.Probe.A = append(a.Probe.A[:0], make([]float64, h)...)
	a.Probe.Z = append(a.Probe.Z[:0], make([]float64, h)...)
	aOut, ok1 := a.net.Layers[0].(*nn.Affine)
	zOut, ok2 := a.net.Layers[1].(interface{ Out() mat.Matrix })
	if !ok1 || !ok2 {
		return
	}
	for j := range h {
		a.Probe.A[j] = aOut.Out().At(0, j)
		a.Probe.Z[j] = zOut.Out().At(0, j)
	}
	a.Probe.Valid = true
}

// Sigmoid reports whether the net uses Sigmoid (the views then show
// saturation where they show the ReLU mask).
func (a *App) Sigmoid() bool { return a.Applied.Activation == "sigmoid" }

// UnitOn reports whether hidden unit j is on for the probe: ReLU output > 0,
// or for Sigmoid, not saturated.
func (a *App) UnitOn(j int) bool {
	if !a.Probe.Valid || j >= len(a.Probe.Z) {
		return false
	}
	z := a.Probe.Z[j]
	if a.Sigmoid() {
		return z >= 0.05 && z <= 0.95
	}
	return z > 0
}

// HiddenN is the number of hidden units of the net shown.
func (a *App) HiddenN() int {
	if a.Snap != nil {
		return a.Snap.Hidden
	}
	return a.Applied.Hidden
}

// UnitActiveAttr is data-active of unit j: "1" on, "0" off, "" without a probe.
func (a *App) UnitActiveAttr(j int) string {
	if !a.Probe.Valid {
		return ""
	}
	if a.UnitOn(j) {
		return "1"
	}
	return "0"
}

// UnitStyle colours unit j's cell by its output z (sequential palette up to
// the largest output of the probe); off units are drawn hatched by CSS.
func (a *App) UnitStyle(j int) string {
	if !a.Probe.Valid || j >= len(a.Probe.Z) {
		return ""
	}
	max := 0.0
	for _, z := range a.Probe.Z {
		max = maxf(max, z)
	}
	r, g, b := viz.Sequential(a.Probe.Z[j], max)
	return fmt.Sprintf("background-color: rgb(%d,%d,%d)", r, g, b)
}

func maxf(a, b float64) float64 {
	if a > b {
		return a
	}
	return b
}

// UnitClass is the class of unit j's cell.
func (a *App) UnitClass(j int) string {
	c := "unit"
	if a.Probe.Valid && !a.UnitOn(j) {
		c += " off"
	}
	if j == a.Unit {
		c += " selected"
	}
	return c
}

// UnitTitle explains unit j's cell (hover and screen readers).
func (a *App) UnitTitle(j int) string {
	l := a.L
	if !a.Probe.Valid || j >= len(a.Probe.Z) {
		return fmt.Sprintf(l.UnitPlain, j)
	}
	state := l.UnitOn
	if !a.UnitOn(j) {
		state = l.UnitOff
		if a.Sigmoid() {
			state = l.UnitSat
		}
	}
	return fmt.Sprintf(l.UnitTitle, j, a.Probe.A[j], a.Probe.Z[j], state)
}

// MaskSummary counts the probe's active units.
func (a *App) MaskSummary() string {
	l := a.L
	if !a.Probe.Valid {
		if a.Probe.FromTest {
			return l.MaskNoNet
		}
		return l.MaskHint
	}
	on := 0
	for j := range a.Probe.Z {
		if a.UnitOn(j) {
			on++
		}
	}
	if a.Sigmoid() {
		return fmt.Sprintf(l.MaskSigmoid, on, len(a.Probe.Z), len(a.Probe.Z)-on)
	}
	return fmt.Sprintf(l.MaskReLU, on, len(a.Probe.Z), len(a.Probe.Z)-on)
}

// DeadSummary counts units never active (ReLU) or always saturated
// (Sigmoid) over the test set, from the last epoch's statistics.
func (a *App) DeadSummary() string {
	if len(a.UnitFrac) == 0 {
		return a.L.DeadBefore
	}
	n := 0
	for _, f := range a.UnitFrac {
		if a.Sigmoid() {
			if f >= 1 {
				n++
			}
		} else if f == 0 {
			n++
		}
	}
	if a.Sigmoid() {
		return fmt.Sprintf(a.L.DeadSigmoid, a.TestN, n, len(a.UnitFrac))
	}
	return fmt.Sprintf(a.L.DeadReLU, a.TestN, n, len(a.UnitFrac))
}

// MaskCaption explains the ReLU-mask view after its title.
func (a *App) MaskCaption() string {
	s := fmt.Sprintf(a.L.CapMask, a.ProbeName())
	if a.Sigmoid() {
		s += a.L.CapMaskSig
	}
	return s + "."
}

// UnitPressed is aria-pressed of unit j's cell: whether it is selected.
func (a *App) UnitPressed(j int) string { return AriaBool(j == a.Unit) }

// SelectUnit selects hidden unit j in every view (again: unselect). The
// caller holds the event lock (a Vugu event handler does).
func (a *App) SelectUnit(j int) {
	if a.Unit == j {
		j = -1
	}
	a.Unit = j
	a.inside.Paint()
	if j >= 0 {
		a.SetStepUnit(j)
	}
}

// selectUnit is SelectUnit for callbacks outside Vugu's events (canvas
// clicks): it takes the lock in a goroutine, as a js callback must not block.
func (a *App) selectUnit(j int) {
	go func() {
		a.env.Lock()
		a.SelectUnit(j)
		a.env.UnlockRender()
	}()
}
