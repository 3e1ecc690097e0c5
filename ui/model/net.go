package model

import (
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
	"gonum.org/v1/gonum/mat"
)

// Drawing is the drawing pad's input and the net's answer to it.
type Drawing struct {
	Sees  [digit.Pixels]uint8 // the 28×28 image the net sees
	Empty bool
	// Probs are the net's probabilities for the drawing; nil when there is
	// nothing to predict (an empty pad or no net yet).
	Probs []float64
	Pred  int
	// Evals counts the predictions made: a tool timing the pen can tell a
	// move whose prediction came out the same from one still waiting.
	Evals int
	// Said is the prediction the live region announces, -1 for none: it
	// follows the pen only once a stroke ends, so that a screen reader
	// hears the result, not every frame.
	Said int
	// PenDown says a stroke is under way.
	PenDown bool
}

// Inside is the state of the views inside the net.
type Inside struct {
	// Unit is the selected hidden unit, -1 for none.
	Unit int
	// Cursor is the unit that holds the mask's one tab stop (a roving
	// tabindex): the one last picked or reached with the arrow keys.
	Cursor int
	Probe  Probe
	// UnitFrac is, per hidden unit, the share of test images on which it
	// is on (saturated for Sigmoid), from the last epoch.
	UnitFrac []float64
}

// Probe is the input whose hidden units the mask view shows: the drawing or
// a test image.
type Probe struct {
	FromTest bool
	Index    int       // test image index when FromTest
	A, Z     []float64 // hidden pre-activations a = x·W1 + b1 and outputs z
	Valid    bool
	x        []float64
}

// On reports whether hidden unit j is on for the probe: ReLU output > 0,
// or for Sigmoid, not saturated.
func (m *Model) UnitOn(j int) bool {
	p := &m.Inside.Probe
	if !p.Valid || j >= len(p.Z) {
		return false
	}
	z := p.Z[j]
	if m.Sigmoid() {
		return z >= stepper.SaturatedLow && z <= stepper.SaturatedHigh
	}
	return z > 0
}

// ProbeName names the probe input.
func (m *Model) ProbeName() string {
	w := m.Words()
	if m.Inside.Probe.FromTest {
		return sprintf(w.TestImageN, m.Inside.Probe.Index)
	}
	return w.YourDrawing
}

// adopt makes the snapshot s the page's net: its copy for predictions is
// rebuilt if the shape changed. The previous snapshot's arrays become the
// spares of the next decoding.
func (m *Model) adopt(s *wire.Snapshot) bool {
	if m.Viewing() {
		// The views show a past iteration: the live net waits.
		if s.Hidden() != m.Time.Past.Hidden() {
			m.Time.Past, m.Time.Asked, m.Time.Playing = nil, -1, false
		} else {
			m.keepLive(s)
			return false
		}
	}
	if !m.setNet(s) {
		return false
	}
	m.keepLive(s)
	m.predict()
	m.updateProbe()
	return true
}

// keepLive makes s the live snapshot; the previous one's arrays become the
// spares of the next decoding.
func (m *Model) keepLive(s *wire.Snapshot) {
	if old := m.Snap; old != nil && old != s {
		m.spare = [][]float64{old.W1, old.B1, old.W2, old.B2, old.DW1, old.DB1, old.DW2, old.DB2}
	}
	m.Snap = s
}

// setNet makes the page's net for predictions that of s: rebuilt if the
// shape changed.
func (m *Model) setNet(s *wire.Snapshot) bool {
	hidden := s.Hidden()
	act, err := nn.ParseActivation(m.Run.Applied.Activation)
	if err != nil {
		m.Notice.warn(i18n.M(i18n.BadWeights), err.Error())
		return false
	}
	if m.net == nil || m.net.Config().Hidden != hidden || m.net.Config().Activation != act {
		c := nn.DefaultConfig()
		c.Hidden, c.Activation = hidden, act
		net, err := nn.NewTwoLayerNet(c)
		if err != nil {
			m.Notice.warn(i18n.M(i18n.BadWeights), err.Error())
			return false
		}
		m.net = net
	}
	if err := m.net.SetParams(s.W1, s.B1, s.W2, s.B2); err != nil {
		m.Notice.warn(i18n.M(i18n.BadWeights), err.Error())
		return false
	}
	return true
}

// predict runs the page's net on the drawing.
func (m *Model) predict() {
	d := &m.Draw
	d.Evals++
	if m.net == nil || d.Empty {
		d.Probs = nil
		m.settle()
		return
	}
	x := m.x.RawMatrix().Data
	for i, v := range d.Sees {
		x[i] = float64(v) / 255
	}
	m.net.Probabilities(m.x, m.out)
	d.Probs = append(d.Probs[:0], m.out.RawRowView(0)...)
	d.Pred = nn.Argmax(d.Probs)
	m.settle()
}

// settle gives the live region the prediction once no stroke is under way.
func (m *Model) settle() {
	d := &m.Draw
	if d.PenDown {
		return
	}
	d.Said = -1
	if d.Probs != nil {
		d.Said = d.Pred
	}
}

// probeInput returns the probe's inputs, or nil when there is none.
func (m *Model) probeInput() []float64 {
	p := &m.Inside.Probe
	if p.FromTest {
		if m.Test == nil || p.Index < 0 || p.Index >= m.Test.N {
			return nil
		}
		p.x = m.Test.Image(p.Index, p.x)
		return p.x
	}
	if m.Draw.Empty {
		return nil
	}
	p.x = append(p.x[:0], make([]float64, digit.Pixels)...)
	for i, v := range m.Draw.Sees {
		p.x[i] = float64(v) / 255
	}
	return p.x
}

// updateProbe runs the page's net on the probe and keeps the hidden layer's
// values: the layers' own caches, as the engine computed them.
func (m *Model) updateProbe() {
	p := &m.Inside.Probe
	p.Valid = false
	x := m.probeInput()
	if x == nil || m.net == nil {
		return
	}
	m.net.Predict(mat.NewDense(1, len(x), x))
	h := m.net.Config().Hidden
	aOut, ok1 := m.net.Layers[0].(*nn.Affine)
	zOut, ok2 := m.net.Layers[1].(interface{ Out() mat.Matrix })
	if !ok1 || !ok2 {
		return
	}
	p.A = append(p.A[:0], make([]float64, h)...)
	p.Z = append(p.Z[:0], make([]float64, h)...)
	for j := range h {
		p.A[j] = aOut.Out().At(0, j)
		p.Z[j] = zOut.Out().At(0, j)
	}
	p.Valid = true
}
