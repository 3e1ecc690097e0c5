package model

import (
	"math"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
)

// The stepper's pass runs on a batch: the probe (the drawing or a test
// image) first, then the test images after it, BatchN in all. Its stage
// views show the probe's row of each per-image tensor and the batch's
// gradients; any entry can be opened into its terms (Cell), and any weight
// nudged (Nudger).

// Cell is the entry of the pass that the learner opened.
type Cell struct {
	Tensor stepper.Tensor
	I, J   int
	// Index is the index field's text: the opened entry's, or what the
	// user typed.
	Index string
	// Explain is how the entry comes about, nil when none is open or the
	// pass has no such entry.
	Explain *stepper.Explanation
}

// Nudger is the nudge of one weight: L(w+h) − L(w) against h·∂L/∂w.
type Nudger struct {
	Param  stepper.Param
	I, J   int
	H      float64
	Index  string // the index as typed
	Result *stepper.Nudge
	// Ladder is the same weight nudged by h = 1e-1 … 1e-5: the central
	// difference's error shrinks like h².
	Ladder []*stepper.Nudge
	Err    i18n.Message
}

// NudgeSteps are the nudge's choices of h.
var NudgeSteps = []float64{1e-1, 1e-2, 1e-3, 1e-4, 1e-5}

// batchImages returns the pass's images and labels: the probe x with label
// first, then the test images that follow it.
func (m *Model) batchImages(x []float64, label int) ([]float64, []int) {
	n := max(m.Stepper.BatchN, 1)
	xs := append([]float64(nil), x...)
	labels := []int{label}
	if m.Test == nil {
		return xs, labels
	}
	from := 0
	if p := &m.Inside.Probe; p.FromTest {
		from = p.Index + 1
	}
	var img []float64
	for k := 0; len(labels) < n && k < m.Test.N; k++ {
		i := (from + k) % m.Test.N
		if p := &m.Inside.Probe; p.FromTest && i == p.Index {
			continue
		}
		img = m.Test.Image(i, img)
		xs = append(xs, img...)
		labels = append(labels, int(m.Test.Labels[i]))
	}
	return xs, labels
}

// PassOf is the probe's pass within batch b: the probe's row of every
// per-image tensor, the batch's gradients and its mean losses. Pass names
// Affine1's output A and the activation's Z, the other way round from
// Batch (see stepper.Pass).
func PassOf(b *stepper.Batch) *stepper.Pass {
	row := func(v []float64, w int) []float64 { return append([]float64(nil), v[:w]...) }
	p := &stepper.Pass{
		Activation: b.Activation, Input: b.Input, Hidden: b.Hidden, Output: b.Output,
		Label: b.Labels[0], LearningRate: b.LearningRate,
		W1: b.W1, B1: b.B1, W2: b.W2, B2: b.B2,
		X: row(b.X, b.Input), A: row(b.Z, b.Hidden), Z: row(b.A, b.Hidden),
		Local: row(b.Local, b.Hidden),
		S:     row(b.S, b.Output), Y: row(b.Y, b.Output), T: row(b.T, b.Output),
		Loss: b.Loss,
		Dout: row(b.Dout, b.Output), DW2: b.DW2, DB2: b.DB2,
		DZ: row(b.DA, b.Hidden), DA: row(b.DZ, b.Hidden), DW1: b.DW1, DB1: b.DB1,
		ProbsBefore: row(b.Y, b.Output), ProbsAfter: row(b.ProbsAfter, b.Output), LossAfter: b.LossAfter,
	}
	if b.Mask != nil {
		p.Mask = append([]bool(nil), b.Mask[:b.Hidden]...)
	}
	if b.Saturated != nil {
		p.Saturated = append([]bool(nil), b.Saturated[:b.Hidden]...)
	}
	return p
}

// explainCell opens the cell again on the current pass (its values are
// the new pass's).
func (m *Model) explainCell() {
	c, b := &m.Stepper.Cell, m.Stepper.Batch
	c.Explain = nil
	if b == nil || c.I < 0 {
		return
	}
	if e, err := b.Explain(c.Tensor, c.I, c.J); err == nil {
		c.Explain = e
	}
}

// SetBatchSize sets how many images the stepper's pass runs on, 1 to
// stepper.MaxBatch.
type SetBatchSize struct{ Value string }

func (c SetBatchSize) apply(m *Model) Changed {
	n, err := strconv.Atoi(strings.TrimSpace(c.Value))
	if err != nil || n < 1 || n > stepper.MaxBatch {
		m.Stepper.BatchErr = i18n.M(i18n.BatchRange, stepper.MaxBatch)
		return Structure
	}
	m.Stepper.BatchErr = i18n.Message{}
	m.Stepper.BatchN = n
	return m.runPass()
}

// OpenCell opens entry (I, J) of Tensor: the terms it is the sum of.
type OpenCell struct {
	Tensor stepper.Tensor
	I, J   int
}

func (c OpenCell) apply(m *Model) Changed {
	cell := &m.Stepper.Cell
	cell.Tensor, cell.I, cell.J, cell.Index = c.Tensor, c.I, c.J, c.Tensor.Index(c.I, c.J)
	m.Stepper.CellErr = i18n.Message{}
	m.explainCell()
	if cell.Explain == nil {
		cell.I = -1
	} else if p, ok := paramOf(c.Tensor); ok {
		// A gradient's entry: the nudge takes its weight.
		n := &m.Stepper.Nudge
		n.Param, n.I, n.J, n.Index, n.Result, n.Ladder = p, c.I, c.J, p.Index(c.I, c.J), nil, nil
	}
	return Structure | Pass
}

// OpenCellText opens the entry named by a tensor's name and an index typed
// as "i" or "i,j" (the keyboard's way).
type OpenCellText struct{ Tensor, Index string }

func (c OpenCellText) apply(m *Model) Changed {
	t, err := stepper.ParseTensor(c.Tensor)
	if err != nil {
		return 0
	}
	i, j, err := t.ParseIndex(c.Index)
	if err != nil || m.Stepper.Batch == nil {
		m.Stepper.CellErr = i18n.M(i18n.CellBad, c.Tensor, short(c.Index))
		return Structure
	}
	if _, err := m.Stepper.Batch.At(t, i, j); err != nil {
		rows, cols := m.Stepper.Batch.Dims(t)
		m.Stepper.CellErr = i18n.M(i18n.CellOutside, short(c.Index), c.Tensor, rows, cols)
		return Structure
	}
	m.Stepper.CellErr = i18n.Message{}
	return OpenCell{Tensor: t, I: i, J: j}.apply(m)
}

// TypeCellIndex and TypeNudgeIndex keep what the user types into the
// index fields, so that a render does not undo it.
type (
	TypeCellIndex  struct{ Value string }
	TypeNudgeIndex struct{ Value string }
)

func (c TypeCellIndex) apply(m *Model) Changed  { m.Stepper.Cell.Index = c.Value; return 0 }
func (c TypeNudgeIndex) apply(m *Model) Changed { m.Stepper.Nudge.Index = c.Value; return 0 }

// CloseCell closes the opened entry.
type CloseCell struct{}

func (CloseCell) apply(m *Model) Changed {
	m.Stepper.Cell = Cell{I: -1, Tensor: m.Stepper.Cell.Tensor, Index: m.Stepper.Cell.Index}
	return Structure | Pass
}

// paramOf is the parameter whose gradient t is.
func paramOf(t stepper.Tensor) (stepper.Param, bool) {
	for _, p := range stepper.Params() {
		if p.Grad() == t {
			return p, true
		}
	}
	return 0, false
}

// short is at most maxShown characters of s, for a message that repeats
// what the user typed.
func short(s string) string {
	if r := []rune(s); len(r) > maxShown {
		return string(r[:maxShown]) + "…"
	}
	return s
}

// WhatIfLabel runs the pass again as if the probe's label were Label: on
// an image the net already gets right, the wrong label's loss is large and
// the gradient alive.
type WhatIfLabel struct{ Label int }

func (c WhatIfLabel) apply(m *Model) Changed {
	if c.Label < 0 || c.Label >= Classes {
		return 0
	}
	m.Stepper.LabelAuto, m.Stepper.Label = false, c.Label
	return m.runPass()
}

// UseHardest makes the test image the net is least sure of (Wrong: the
// misclassified one it finds least likely) the probe.
type UseHardest struct{ Wrong bool }

func (c UseHardest) apply(m *Model) Changed {
	if m.Test == nil || m.net == nil {
		return 0
	}
	x := make([]float64, 0, m.Test.N*784)
	labels := make([]int, m.Test.N)
	var img []float64
	for i := range m.Test.N {
		img = m.Test.Image(i, img)
		x = append(x, img...)
		labels[i] = int(m.Test.Labels[i])
	}
	unsure, wrong, err := stepper.Hardest(m.net, x, labels)
	i := unsure
	if c.Wrong {
		i = wrong
	}
	if err != nil || i < 0 {
		m.Stepper.Err = i18n.M(i18n.NoneWrong)
		return Structure
	}
	return UseTestImage{I: i}.apply(m)
}

// SetNudge picks the weight to nudge and the step: Param W1, b1, W2 or
// b2, Index "i,j" (a bias: "j"), H one of NudgeSteps.
type SetNudge struct{ Param, Index, H string }

func (c SetNudge) apply(m *Model) Changed {
	n := &m.Stepper.Nudge
	n.Err, n.Result, n.Ladder = i18n.Message{}, nil, nil
	if c.Param != "" {
		if p, err := stepper.ParseParam(c.Param); err == nil {
			n.Param = p
		}
	}
	if c.H != "" {
		if h, err := strconv.ParseFloat(c.H, 64); err == nil && h > 0 && !math.IsInf(h, 0) {
			n.H = h
		}
	}
	if c.Index != "" || c.Param != "" {
		idx := c.Index
		if idx == "" {
			idx = n.Index
		}
		n.Index = idx
		i, j, err := n.Param.ParseIndex(idx)
		if err != nil {
			n.Err = i18n.M(i18n.NudgeBadIndex, short(idx), n.Param.String())
			return Structure
		}
		n.I, n.J = i, j
	}
	return Structure
}

// RunNudge nudges the chosen weight by h and by each of NudgeSteps.
type RunNudge struct{}

func (RunNudge) apply(m *Model) Changed {
	n, b := &m.Stepper.Nudge, m.Stepper.Batch
	if b == nil {
		n.Err = i18n.M(i18n.NudgeNoPass)
		return Structure
	}
	if n.H == 0 {
		n.H = 1e-4
	}
	r, err := b.Nudge(n.Param, n.I, n.J, n.H)
	if err != nil {
		rows, cols := b.Dims(n.Param.Grad())
		n.Err, n.Result = i18n.M(i18n.NudgeOutside, short(n.Index), n.Param.String(), rows, cols), nil
		return Structure
	}
	n.Err, n.Result, n.Ladder = i18n.Message{}, r, nil
	for _, h := range NudgeSteps {
		if u, err := b.Nudge(n.Param, n.I, n.J, h); err == nil {
			n.Ladder = append(n.Ladder, u)
		}
	}
	return Structure | Pass
}
