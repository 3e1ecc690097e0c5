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
// cannot be used, why: Err in English (empty when the value is usable) and
// Problem, which says it in any language.
type Field struct {
	Raw     string
	Err     string
	Problem Problem
}

// Problem is why a field's value cannot be used, in words of no language
// yet: Text says it in one.
type Problem struct {
	Kind  problemKind
	What  string // the field: lr, batch, hidden, seed or iters
	Value string // the value as typed (or as parsed), for the message
	Limit string // the bound it breaks, formatted
}

type problemKind int

const (
	noProblem problemKind = iota
	emptyNum
	emptyInt
	notNum
	notInt
	notGreater // at most the exclusive lower bound
	tooLarge
	notWhole
	belowMin
)

// Text says the problem in l's language, "" for none.
func (p Problem) Text(l *labels) string {
	what := map[string]string{"lr": l.ErrWhatLR, "batch": l.ErrWhatBatch, "hidden": l.ErrWhatHidden, "seed": l.ErrWhatSeed, "iters": l.ErrWhatIters}[p.What]
	switch p.Kind {
	case emptyNum:
		return fmt.Sprintf(l.ErrEmptyNum, what)
	case emptyInt:
		return fmt.Sprintf(l.ErrEmptyInt, what)
	case notNum:
		return fmt.Sprintf(l.ErrNotNum, what, p.Value)
	case notInt:
		return fmt.Sprintf(l.ErrNotInt, what, p.Value)
	case notGreater:
		return fmt.Sprintf(l.ErrGreater, what, p.Value, p.Limit)
	case tooLarge:
		return fmt.Sprintf(l.ErrTooLarge, what, p.Value, p.Limit)
	case notWhole:
		return fmt.Sprintf(l.ErrWhole, what, p.Value)
	case belowMin:
		return fmt.Sprintf(l.ErrAtLeast, what, p.Value, p.Limit)
	}
	return ""
}

// set records the problem p (none when p.Kind is 0) in f.
func (f *Field) set(p Problem) {
	f.Problem = p
	f.Err = p.Text(&english)
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

func parseFloatField(raw, what string, lo, hi float64) (float64, Problem) {
	s := strings.TrimSpace(raw)
	p := Problem{What: what, Value: s}
	if s == "" {
		p.Kind = emptyNum
		return 0, p
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		p.Kind = notNum
		return 0, p
	}
	if v <= lo {
		p.Kind, p.Limit = notGreater, fmt.Sprintf("%g", lo)
		return 0, p
	}
	if v > hi {
		p.Kind, p.Limit = tooLarge, fmt.Sprintf("%g", hi)
		return 0, p
	}
	return v, Problem{}
}

func parseIntField(raw, what string, lo, hi int64) (int64, Problem) {
	s := strings.TrimSpace(raw)
	p := Problem{What: what, Value: s}
	if s == "" {
		p.Kind = emptyInt
		return 0, p
	}
	v, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && f >= float64(lo) && f <= float64(hi) {
			p.Kind = notWhole
			return 0, p
		}
		if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
			p.Kind, p.Limit = tooLarge, strconv.FormatInt(hi, 10)
			return 0, p
		}
		p.Kind = notInt
		return 0, p
	}
	p.Value = strconv.FormatInt(v, 10)
	if v < lo {
		p.Kind, p.Limit = belowMin, strconv.FormatInt(lo, 10)
		return 0, p
	}
	if v > hi {
		p.Kind, p.Limit = tooLarge, strconv.FormatInt(hi, 10)
		return 0, p
	}
	return v, Problem{}
}

// Settings validates every field against a training set of trainN images,
// records each field's error, and returns the settings when all are valid.
func (f *Form) Settings(trainN int) (wire.Settings, bool) {
	var s wire.Settings
	var p Problem
	s.LearningRate, p = parseFloatField(f.LR.Raw, "lr", 0, maxLR)
	f.LR.set(p)
	var v int64
	v, p = parseIntField(f.Batch.Raw, "batch", 1, int64(trainN))
	f.Batch.set(p)
	s.BatchSize = int(v)
	v, p = parseIntField(f.Hidden.Raw, "hidden", 1, maxHidden)
	f.Hidden.set(p)
	s.Hidden = int(v)
	v, p = parseIntField(f.Seed.Raw, "seed", 0, maxSeed)
	f.Seed.set(p)
	s.Seed = uint64(v)
	v, p = parseIntField(f.Iters.Raw, "iters", 1, maxIters)
	f.Iters.set(p)
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
