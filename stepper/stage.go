package stepper

import (
	"fmt"
	"strings"
)

// Stage is one step of the walk through a forward and backward pass, in
// the order the page shows them (Next and Prev move between them).
type Stage int

const (
	Input       Stage = iota // x, the N×784 images
	Affine1                  // z = x·W1 + b1
	Relu                     // a = max(0, z) and its mask (a = sigmoid(z) with a Sigmoid net)
	Affine2                  // s = a·W2 + b2, the scores
	Softmax                  // y = softmax(s) and the loss -log(y[t] + 1e-7)
	Dout                     // dout = (y - t)/N, the start of the backward pass
	Affine2Back              // dW2 = aᵀ·dout, db2 = Σ_n dout, da = dout·W2ᵀ
	ReluBack                 // dz = da where the unit is on, 0 where masked (da·a(1-a) with a Sigmoid net)
	Affine1Back              // dW1 = xᵀ·dz, db1 = Σ_n dz
	Update                   // W ← W - lr·dW on a copy, prediction before and after
)

// NumStages is the number of stages; valid stages are 0 ≤ s < NumStages.
const NumStages = int(Update) + 1

var stageNames = [NumStages]string{
	"input", "affine1", "relu", "affine2", "softmax",
	"dout", "affine2-back", "relu-back", "affine1-back", "update",
}

// Stages returns every stage in order, a new slice on each call.
func Stages() []Stage {
	s := make([]Stage, NumStages)
	for i := range s {
		s[i] = Stage(i)
	}
	return s
}

// String returns the stage's name: "input", "affine1", "relu", "affine2",
// "softmax", "dout", "affine2-back", "relu-back", "affine1-back" or
// "update"; "Stage(n)" for an invalid value.
func (s Stage) String() string {
	if !s.Valid() {
		return fmt.Sprintf("Stage(%d)", int(s))
	}
	return stageNames[s]
}

// Valid reports whether s is one of the stages.
func (s Stage) Valid() bool { return s >= 0 && int(s) < NumStages }

// Backward reports whether s belongs to the backward pass (dout to
// affine1-back).
func (s Stage) Backward() bool { return s >= Dout && s <= Affine1Back }

// Next returns the stage after s, or s itself at the last stage (the Next
// button does nothing there). An invalid s gives Input.
func (s Stage) Next() Stage {
	switch {
	case !s.Valid():
		return Input
	case s == Update:
		return s
	}
	return s + 1
}

// Prev returns the stage before s, or s itself at the first stage. An
// invalid s gives Input.
func (s Stage) Prev() Stage {
	if !s.Valid() || s == Input {
		return Input
	}
	return s - 1
}

// ParseStage returns the stage named name (as String returns it,
// case-insensitive, surrounding spaces ignored), or an error naming it.
func ParseStage(name string) (Stage, error) {
	n := strings.TrimSpace(name)
	for i, sn := range stageNames {
		if strings.EqualFold(n, sn) {
			return Stage(i), nil
		}
	}
	return 0, fmt.Errorf("stepper: unknown stage %q (want one of %s)", name, strings.Join(stageNames[:], ", "))
}
