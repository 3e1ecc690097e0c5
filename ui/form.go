package ui

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/wire"
)

// Limits of the settings form. Each says why.
const (
	maxLR     = 1000      // a rate of 50 already diverges; beyond 1000 nothing is learnt that 1000 does not show
	maxHidden = 2048      // 784×2048 weights, 13 MB per copy; the page holds several copies
	maxIters  = 1_000_000 // 100,000 epochs of the subset: hours even at full speed
	maxSeed   = 1<<53 - 1 // seeds travel through JavaScript numbers and URLs
)

// Field is one text input of the form: what the user typed and, if it
// cannot be used, why.
type Field struct {
	Raw string
	Err string
}

// Form holds the settings as typed. Only values that pass validation reach
// the trainer.
type Form struct {
	LR, Batch, Hidden, Seed, Iters Field
	Activation, Init, Sampling     string
}

// NewForm returns a form showing s.
func NewForm(s wire.Settings) Form {
	return Form{
		LR:         Field{Raw: strconv.FormatFloat(s.LearningRate, 'g', -1, 64)},
		Batch:      Field{Raw: strconv.Itoa(s.BatchSize)},
		Hidden:     Field{Raw: strconv.Itoa(s.Hidden)},
		Seed:       Field{Raw: strconv.FormatUint(s.Seed, 10)},
		Iters:      Field{Raw: strconv.Itoa(s.Iters)},
		Activation: s.Activation, Init: s.Init, Sampling: s.Sampling,
	}
}

func parseFloatField(raw, what string, lo, hi float64) (float64, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, what + " is empty: enter a number"
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Sprintf("%s %q is not a number", what, s)
	}
	if v <= lo {
		return 0, fmt.Sprintf("%s %s must be greater than %g", what, s, lo)
	}
	if v > hi {
		return 0, fmt.Sprintf("%s %s is too large: at most %g", what, s, hi)
	}
	return v, ""
}

func parseIntField(raw, what string, lo, hi int64) (int64, string) {
	s := strings.TrimSpace(raw)
	if s == "" {
		return 0, what + " is empty: enter a whole number"
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && f >= float64(lo) && f <= float64(hi) {
			return 0, fmt.Sprintf("%s %s must be a whole number", what, s)
		}
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			return 0, fmt.Sprintf("%s %s is too large: at most %d", what, s, hi)
		}
		return 0, fmt.Sprintf("%s %q is not a whole number", what, s)
	}
	if v < lo {
		return 0, fmt.Sprintf("%s %d must be at least %d", what, v, lo)
	}
	if v > hi {
		return 0, fmt.Sprintf("%s %d is too large: at most %d", what, v, hi)
	}
	return v, ""
}

// Settings validates every field against a training set of trainN images,
// records each field's error, and returns the settings when all are valid.
func (f *Form) Settings(trainN int) (wire.Settings, bool) {
	var s wire.Settings
	s.LearningRate, f.LR.Err = parseFloatField(f.LR.Raw, "learning rate", 0, maxLR)
	var v int64
	v, f.Batch.Err = parseIntField(f.Batch.Raw, "batch size", 1, int64(trainN))
	s.BatchSize = int(v)
	v, f.Hidden.Err = parseIntField(f.Hidden.Raw, "hidden size", 1, maxHidden)
	s.Hidden = int(v)
	v, f.Seed.Err = parseIntField(f.Seed.Raw, "seed", 0, maxSeed)
	s.Seed = uint64(v)
	v, f.Iters.Err = parseIntField(f.Iters.Raw, "iterations", 1, maxIters)
	s.Iters = int(v)
	s.Activation, s.Init, s.Sampling = f.Activation, f.Init, f.Sampling
	ok := f.LR.Err == "" && f.Batch.Err == "" && f.Hidden.Err == "" && f.Seed.Err == "" && f.Iters.Err == ""
	switch s.Activation {
	case "relu", "sigmoid":
	default:
		ok = false
	}
	switch s.Init {
	case "book", "he", "xavier":
	default:
		ok = false
	}
	switch s.Sampling {
	case "replace", "shuffle":
	default:
		ok = false
	}
	return s, ok
}
