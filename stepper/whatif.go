package stepper

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Quiet is the change of the loss below which a pass is quiet: the update
// moves the loss and y[t] by less than the page can show, as on an image
// the net already gets right. WhatIf brings such a pass to life.
const Quiet = 1e-3

// A Change is what the update of a pass did to one image: its loss
// −log(y[n,t] + Epsilon) and the probability y[n,t] of its label t, before
// and after the SGD step.
type Change struct {
	Image, Label          int
	LossBefore, LossAfter float64
	YBefore, YAfter       float64
}

// DLoss returns LossAfter − LossBefore, negative when the step helped.
func (c Change) DLoss() float64 { return c.LossAfter - c.LossBefore }

// DY returns YAfter − YBefore, positive when the step helped.
func (c Change) DY() float64 { return c.YAfter - c.YBefore }

// Change returns what the update did to image n, or an error if n is not
// in [0, N).
func (b *Batch) Change(n int) (Change, error) {
	if n < 0 || n >= b.N {
		return Change{}, fmt.Errorf("stepper: image %d is not in [0, %d)", n, b.N)
	}
	t := b.Labels[n]
	y0, y1 := b.Y[n*b.Output+t], b.ProbsAfter[n*b.Output+t]
	return Change{
		Image: n, Label: t,
		LossBefore: -math.Log(y0 + Epsilon), LossAfter: -math.Log(y1 + Epsilon),
		YBefore: y0, YAfter: y1,
	}, nil
}

// DLoss returns LossAfter − Loss, what the update did to the batch's loss
// (the page's stepper-delta).
func (b *Batch) DLoss() float64 { return b.LossAfter - b.Loss }

// Quiet reports whether the update changes the batch's loss by less than
// Quiet.
func (b *Batch) Quiet() bool { return math.Abs(b.DLoss()) < Quiet }

// Correct reports whether the net predicts image n's label before the
// update; false if n is not in [0, N).
func (b *Batch) Correct(n int) bool {
	return n >= 0 && n < b.N && b.PredictedBefore(n) == b.Labels[n]
}

// RunnerUp returns the class other than image n's label that the net finds
// most likely (the first on ties): its prediction where it is wrong, its
// second guess where it is right. It is the label WhatIf offers first,
// since the net half believes it. It returns -1 if n is not in [0, N).
func (b *Batch) RunnerUp(n int) int {
	if n < 0 || n >= b.N {
		return -1
	}
	y := b.Y[n*b.Output : (n+1)*b.Output]
	best := -1
	for k, v := range y {
		if k != b.Labels[n] && (best < 0 || v > y[best]) {
			best = k
		}
	}
	return best
}

// WhatIf runs the pass again, on the same images with the same parameters
// and learning rate, with image n labelled label instead: on an image the
// net already gets right the gradient is nearly 0, and under another label
// it is not. The batch itself is unchanged. It returns an error if n is
// not in [0, N) or label not in [0, Output).
func (b *Batch) WhatIf(n, label int) (*Batch, error) {
	if n < 0 || n >= b.N {
		return nil, fmt.Errorf("stepper: image %d is not in [0, %d)", n, b.N)
	}
	if label < 0 || label >= b.Output {
		return nil, fmt.Errorf("stepper: label %d is not in [0, %d)", label, b.Output)
	}
	labels := slices.Clone(b.Labels)
	labels[n] = label
	return RunBatch(b.net(), b.X, labels, b.LearningRate)
}

// Hardest looks at len(labels) images, x holding them one after the other
// (any number of them, e.g. the test set), and returns two that make a
// pass with a live gradient: uncertain, the image whose prediction is least
// sure (the lowest top probability), and wrong, the misclassified image
// whose label the net finds least likely (the largest loss), or -1 if net
// gets every image right. It runs a clone of net, so net and its layers'
// caches are unchanged. It returns an error if net is not a two-layer net,
// there are no labels, len(x) is not len(labels)·Input, x holds NaN or
// ±Inf or a label is out of range.
func Hardest(net *nn.TwoLayerNet, x []float64, labels []int) (uncertain, wrong int, err error) {
	if err := checkNet(net); err != nil {
		return -1, -1, err
	}
	cfg := net.Config()
	total := len(labels)
	if total == 0 {
		return -1, -1, errors.New("stepper: no images")
	}
	if len(x) != total*cfg.Input {
		return -1, -1, fmt.Errorf("stepper: input has %d values, want %d (%d images of %d)", len(x), total*cfg.Input, total, cfg.Input)
	}
	for k, v := range x {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return -1, -1, fmt.Errorf("stepper: input x[%d,%d] is %v, want a finite value", k/cfg.Input, k%cfg.Input, v)
		}
	}
	for r, l := range labels {
		if l < 0 || l >= cfg.Output {
			return -1, -1, fmt.Errorf("stepper: label %d of image %d is not in [0, %d)", l, r, cfg.Output)
		}
	}
	c := net.Clone()
	var probs mat.Dense
	uncertain, wrong = -1, -1
	top, worst := math.Inf(1), math.Inf(1)
	for from := 0; from < total; from += MaxBatch {
		to := min(from+MaxBatch, total)
		part, partLabels := x[from*cfg.Input:to*cfg.Input], labels[from:to]
		probs.Reset()
		c.Probabilities(mat.NewDense(to-from, cfg.Input, slices.Clone(part)), &probs)
		raw := probs.RawMatrix()
		for r := range to - from {
			y := raw.Data[r*raw.Stride : r*raw.Stride+cfg.Output]
			p := nn.Argmax(y)
			if y[p] < top {
				top, uncertain = y[p], from+r
			}
			if t := partLabels[r]; p != t && y[t] < worst {
				worst, wrong = y[t], from+r
			}
		}
	}
	return uncertain, wrong, nil
}
