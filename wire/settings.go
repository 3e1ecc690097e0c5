package wire

import (
	"fmt"
	"math"
	"slices"
	"strconv"
)

// Settings are the hyperparameters a user can set on the page.
type Settings struct {
	Hidden       int     `json:"hidden"`
	Activation   string  `json:"activation"` // one of Activations
	Init         string  `json:"init"`       // one of Inits
	Seed         uint64  `json:"seed"`
	LearningRate float64 `json:"lr"`
	BatchSize    int     `json:"batch"`
	Iters        int     `json:"iters"`
	Sampling     string  `json:"sampling"` // one of Samplings
	// Augment varies each training image before its gradient (package
	// augment's Default: small moves, turns, scalings, stroke widths),
	// seeded with Seed. Off, the book's run stays the book's.
	Augment bool `json:"augment,omitempty"`
}

// The choices of the settings that are not numbers, the book's first.
var (
	Activations = []string{"relu", "sigmoid"}
	Inits       = []string{"book", "he", "xavier"}
	Samplings   = []string{"replace", "shuffle"}
)

// DefaultSettings are the book's: hidden 50, ReLU, 0.01·N(0,1), learning
// rate 0.1, batch 100, 10,000 iterations, batches drawn with replacement.
func DefaultSettings() Settings {
	return Settings{Hidden: 50, Activation: "relu", Init: "book", Seed: 1,
		LearningRate: 0.1, BatchSize: 100, Iters: 10000, Sampling: "replace"}
}

// SameShape reports whether a and b build the same net, so that switching
// from one to the other keeps the trained weights.
func (a Settings) SameShape(b Settings) bool {
	return a.Hidden == b.Hidden && a.Activation == b.Activation
}

// Field names a numeric setting, as the page's form and address name it.
type Field string

// The numeric settings.
const (
	FieldLR     Field = "lr"
	FieldBatch  Field = "batch"
	FieldHidden Field = "hidden"
	FieldSeed   Field = "seed"
	FieldIters  Field = "iters"
)

// Fields lists the numeric settings in the form's order.
var Fields = []Field{FieldLR, FieldBatch, FieldIters, FieldHidden, FieldSeed}

// The limits of the app: the one table that the settings form, the page's
// address, a weights file and the trainer all enforce. Each says why.
const (
	// MaxLearningRate: 50 already diverges; beyond 1000 nothing is learnt
	// that 1000 does not show.
	MaxLearningRate = 1000
	// MaxHidden: 784×2048 weights are 13 MB per copy, and the page holds
	// several copies.
	MaxHidden = 2048
	// MaxIters: 100,000 epochs of the subset, hours even at full speed.
	MaxIters = 1_000_000
	// MaxSeed: seeds travel through JavaScript numbers and addresses.
	MaxSeed = 1<<53 - 1
	// MaxFileBytes bounds a weights file: a 784-2048-10 net takes 12.9 MB.
	MaxFileBytes = 16 << 20
	// MaxBenchIters and MaxBenchWarmup bound a bench that any link can
	// start: 100,000 steps of 100 take minutes, not hours.
	MaxBenchIters  = 100_000
	MaxBenchWarmup = 100_000
	// MaxBenchWorkers bounds the bench's workers beyond one per core: a
	// batch of 100 split 16 ways is 6 rows a worker, and each worker
	// holds the data again (about 40 MB).
	MaxBenchWorkers = 16
)

// Bound is the range of a numeric setting: Min < v when MinOpen, else
// Min ≤ v, and v ≤ Max; Whole settings take integers only.
type Bound struct {
	Min, Max float64
	MinOpen  bool
	Whole    bool
}

// Contains reports whether v is in the range.
func (b Bound) Contains(v float64) bool {
	if math.IsNaN(v) || v > b.Max || v < b.Min || (b.MinOpen && v == b.Min) {
		return false
	}
	return !b.Whole || v == math.Trunc(v)
}

// BoundOf returns the range of field f for a training set of trainN images
// (the batch size is at most trainN).
func BoundOf(f Field, trainN int) Bound {
	switch f {
	case FieldLR:
		return Bound{Min: 0, MinOpen: true, Max: MaxLearningRate}
	case FieldBatch:
		return Bound{Min: 1, Max: float64(max(trainN, 1)), Whole: true}
	case FieldHidden:
		return Bound{Min: 1, Max: MaxHidden, Whole: true}
	case FieldSeed:
		return Bound{Min: 0, Max: MaxSeed, Whole: true}
	case FieldIters:
		return Bound{Min: 1, Max: MaxIters, Whole: true}
	}
	return Bound{Min: math.Inf(1), Max: math.Inf(-1)}
}

// LimitError says that a setting is outside its range.
type LimitError struct {
	Field Field
	Value float64
	Bound Bound
}

func (e *LimitError) Error() string {
	op := "≥"
	if e.Bound.MinOpen {
		op = ">"
	}
	return fmt.Sprintf("wire: %s %v is outside its range (%s %v, ≤ %v)", e.Field, e.Value, op, e.Bound.Min, e.Bound.Max)
}

// Args are the error's values for an Error message: field, value, min, max.
func (e *LimitError) Args() []string {
	g := func(v float64) string { return strconv.FormatFloat(v, 'g', -1, 64) }
	return []string{string(e.Field), g(e.Value), g(e.Bound.Min), g(e.Bound.Max)}
}

// Value returns setting f of s as a number.
func (s Settings) Value(f Field) float64 {
	switch f {
	case FieldLR:
		return s.LearningRate
	case FieldBatch:
		return float64(s.BatchSize)
	case FieldHidden:
		return float64(s.Hidden)
	case FieldSeed:
		return float64(s.Seed)
	case FieldIters:
		return float64(s.Iters)
	}
	return math.NaN()
}

// SetValue sets setting f of s to v, a value that passed f's bound (whole
// for every field but the learning rate).
func (s *Settings) SetValue(f Field, v float64) {
	switch f {
	case FieldLR:
		s.LearningRate = v
	case FieldBatch:
		s.BatchSize = int(v)
	case FieldHidden:
		s.Hidden = int(v)
	case FieldSeed:
		s.Seed = uint64(v)
	case FieldIters:
		s.Iters = int(v)
	}
}

// Check returns a *LimitError for the first numeric setting outside its
// range for a training set of trainN images, or an error naming a choice
// that is not one of Activations, Inits or Samplings; nil when every
// setting is usable.
func (s Settings) Check(trainN int) error {
	for _, f := range Fields {
		v := s.Value(f)
		if f == FieldSeed && s.Seed > MaxSeed {
			v = float64(s.Seed) // rounds, but stays above MaxSeed
		}
		if b := BoundOf(f, trainN); !b.Contains(v) {
			return &LimitError{Field: f, Value: v, Bound: b}
		}
	}
	for _, c := range []struct {
		name, v string
		in      []string
	}{{"activation", s.Activation, Activations}, {"init", s.Init, Inits}, {"sampling", s.Sampling, Samplings}} {
		if !slices.Contains(c.in, c.v) {
			return fmt.Errorf("wire: unknown %s %q", c.name, c.v)
		}
	}
	return nil
}
