package model

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Field is one text input of the settings form: what the user typed and,
// if it cannot be used, why.
type Field struct {
	Raw     string
	Problem Problem
}

// OK reports whether the field's value is usable.
func (f Field) OK() bool { return f.Problem.Kind == NoProblem }

// Problem is why a field's value cannot be used, in words of no language
// yet: Text says it in one.
type Problem struct {
	Kind  ProblemKind
	What  wire.Field
	Value string // the value as typed (or as parsed), for the message
	Limit string // the bound it breaks, formatted
}

// ProblemKind names a kind of bad value.
type ProblemKind int

// The kinds of bad value.
const (
	NoProblem  ProblemKind = iota
	EmptyNum               // a number field is empty
	EmptyInt               // a whole-number field is empty
	NotNum                 // not a number
	NotInt                 // not a whole number
	NotGreater             // at most the exclusive lower bound
	TooLarge               // above the upper bound
	NotWhole               // a number, but not whole
	BelowMin               // below the inclusive lower bound
)

// maxShown bounds how much of a typed value a message repeats.
const maxShown = 24

// Text says the problem in w's language, "" for none.
func (p Problem) Text(w *i18n.Words) string {
	what := map[wire.Field]string{wire.FieldLR: w.ErrWhatLR, wire.FieldBatch: w.ErrWhatBatch, wire.FieldHidden: w.ErrWhatHidden,
		wire.FieldSeed: w.ErrWhatSeed, wire.FieldIters: w.ErrWhatIters}[p.What]
	v := short(p.Value)
	switch p.Kind {
	case EmptyNum:
		return fmt.Sprintf(w.ErrEmptyNum, what)
	case EmptyInt:
		return fmt.Sprintf(w.ErrEmptyInt, what)
	case NotNum:
		return fmt.Sprintf(w.ErrNotNum, what, v)
	case NotInt:
		return fmt.Sprintf(w.ErrNotInt, what, v)
	case NotGreater:
		return fmt.Sprintf(w.ErrGreater, what, v, p.Limit)
	case TooLarge:
		return fmt.Sprintf(w.ErrTooLarge, what, v, p.Limit)
	case NotWhole:
		return fmt.Sprintf(w.ErrWhole, what, v)
	case BelowMin:
		return fmt.Sprintf(w.ErrAtLeast, what, v, p.Limit)
	}
	return ""
}

// Form holds the settings as typed. Only values that pass validation reach
// the trainer.
type Form struct {
	LR, Batch, Hidden, Seed, Iters Field
	Activation, Init, Sampling     string
	Augment                        bool
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
		Augment: s.Augment,
	}
}

// The values of the augmentation's switch, in the form's events and the
// page's address.
const (
	On  = "on"
	Off = "off"
)

// OnOff returns On for true, Off for false.
func OnOff(b bool) string {
	if b {
		return On
	}
	return Off
}

// field returns the text field named f, nil for none.
func (f *Form) field(name wire.Field) *Field {
	switch name {
	case wire.FieldLR:
		return &f.LR
	case wire.FieldBatch:
		return &f.Batch
	case wire.FieldHidden:
		return &f.Hidden
	case wire.FieldSeed:
		return &f.Seed
	case wire.FieldIters:
		return &f.Iters
	}
	return nil
}

// Field returns the text field named name (an empty one for an unknown
// name).
func (f *Form) Field(name wire.Field) Field {
	if p := f.field(name); p != nil {
		return *p
	}
	return Field{}
}

// choice returns the choice named name and its values, nil for none.
func (f *Form) choice(name string) (*string, []string) {
	switch name {
	case "activation":
		return &f.Activation, wire.Activations
	case "init":
		return &f.Init, wire.Inits
	case "sampling":
		return &f.Sampling, wire.Samplings
	}
	return nil, nil
}

// set records a value typed or picked for the field or choice name, or
// the augmentation switched On or Off.
func (f *Form) set(name, value string) {
	if p := f.field(wire.Field(name)); p != nil {
		p.Raw = value
	} else if c, _ := f.choice(name); c != nil {
		*c = value
	} else if name == "augment" {
		f.Augment = value == On
	}
}

// parse reads raw as a value of field what, bounded by b.
func parse(raw string, what wire.Field, b wire.Bound) (float64, Problem) {
	s := strings.TrimSpace(raw)
	p := Problem{What: what, Value: s}
	if s == "" {
		p.Kind = EmptyNum
		if b.Whole {
			p.Kind = EmptyInt
		}
		return 0, p
	}
	limit := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	var v float64
	if b.Whole {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			if f, ferr := strconv.ParseFloat(s, 64); ferr == nil && !math.IsNaN(f) && !math.IsInf(f, 0) && f >= b.Min && f <= b.Max {
				p.Kind = NotWhole
				return 0, p
			}
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				p.Kind, p.Limit = TooLarge, limit(b.Max)
				return 0, p
			}
			p.Kind = NotInt
			return 0, p
		}
		p.Value, v = strconv.FormatInt(n, 10), float64(n)
		if n > int64(b.Max) {
			p.Kind, p.Limit = TooLarge, limit(b.Max)
			return 0, p
		}
	} else {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			p.Kind = NotNum
			return 0, p
		}
		v = f
	}
	switch {
	case b.MinOpen && v <= b.Min:
		p.Kind, p.Limit = NotGreater, limit(b.Min)
	case v < b.Min:
		p.Kind, p.Limit = BelowMin, limit(b.Min)
	case v > b.Max:
		p.Kind, p.Limit = TooLarge, limit(b.Max)
	default:
		return v, Problem{}
	}
	return 0, p
}

// Settings validates every field against the limits of package wire for a
// training set of trainN images, records each field's problem, and returns
// the settings when all are valid.
func (f *Form) Settings(trainN int) (wire.Settings, bool) {
	var s wire.Settings
	ok := true
	for _, name := range wire.Fields {
		fld := f.field(name)
		v, p := parse(fld.Raw, name, wire.BoundOf(name, trainN))
		fld.Problem = p
		ok = ok && p.Kind == NoProblem
		s.SetValue(name, v)
	}
	s.Activation, s.Init, s.Sampling, s.Augment = f.Activation, f.Init, f.Sampling, f.Augment
	return s, ok && s.Check(trainN) == nil
}
