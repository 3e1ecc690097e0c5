package nn

import (
	"fmt"
	"math"
	"strings"
)

// Activation selects the hidden layer's activation function.
type Activation uint8

const (
	// ActReLU is max(0, x), the book's choice for the two-layer net of
	// chapter 5 (layer Relu).
	ActReLU Activation = iota
	// ActSigmoid is 1/(1+exp(-x)), as in the net of chapter 4 (layer
	// Sigmoid).
	ActSigmoid
)

// String returns "relu" or "sigmoid", or "Activation(n)" for an unknown value.
func (a Activation) String() string {
	switch a {
	case ActReLU:
		return "relu"
	case ActSigmoid:
		return "sigmoid"
	}
	return fmt.Sprintf("Activation(%d)", uint8(a))
}

// ParseActivation parses the output of Activation.String (case-insensitive).
// It returns an error naming s for anything else.
func ParseActivation(s string) (Activation, error) {
	for _, a := range []Activation{ActReLU, ActSigmoid} {
		if strings.EqualFold(s, a.String()) {
			return a, nil
		}
	}
	return 0, fmt.Errorf("nn: unknown activation %q (want relu or sigmoid)", s)
}

// Init selects how the weights are initialised; biases always start at 0.
type Init uint8

const (
	// InitBook draws weights from WeightStd·N(0,1), the book's
	// weight_init_std=0.01 of chapters 4 and 5.
	InitBook Init = iota
	// InitHe draws weights from sqrt(2/fanIn)·N(0,1), the initial value of
	// He et al. for ReLU (book section 6.2.3).
	InitHe
	// InitXavier draws weights from sqrt(1/fanIn)·N(0,1), the initial value
	// of Glorot and Bengio for sigmoid and tanh (book section 6.2.2).
	InitXavier
)

// String returns "book", "he" or "xavier", or "Init(n)" for an unknown value.
func (i Init) String() string {
	switch i {
	case InitBook:
		return "book"
	case InitHe:
		return "he"
	case InitXavier:
		return "xavier"
	}
	return fmt.Sprintf("Init(%d)", uint8(i))
}

// ParseInit parses the output of Init.String (case-insensitive). It returns
// an error naming s for anything else.
func ParseInit(s string) (Init, error) {
	for _, i := range []Init{InitBook, InitHe, InitXavier} {
		if strings.EqualFold(s, i.String()) {
			return i, nil
		}
	}
	return 0, fmt.Errorf("nn: unknown init %q (want book, he or xavier)", s)
}

// Sampling selects how Trainer draws mini-batches.
type Sampling uint8

const (
	// Replace draws every batch independently and with replacement, as the
	// book's np.random.choice(train_size, batch_size) does.
	Replace Sampling = iota
	// Shuffle walks through a fresh random permutation of the data each
	// epoch, so every sample is used once per epoch; the n mod batch samples
	// left at the end of a permutation are skipped that epoch.
	Shuffle
)

// String returns "replace" or "shuffle", or "Sampling(n)" for an unknown value.
func (s Sampling) String() string {
	switch s {
	case Replace:
		return "replace"
	case Shuffle:
		return "shuffle"
	}
	return fmt.Sprintf("Sampling(%d)", uint8(s))
}

// ParseSampling parses the output of Sampling.String (case-insensitive). It
// returns an error naming s for anything else.
func ParseSampling(s string) (Sampling, error) {
	for _, v := range []Sampling{Replace, Shuffle} {
		if strings.EqualFold(s, v.String()) {
			return v, nil
		}
	}
	return 0, fmt.Errorf("nn: unknown sampling %q (want replace or shuffle)", s)
}

// Limits on the sizes Config.Validate accepts. They keep a mistyped form
// value from trying to allocate gigabytes (a wasm instance has at most 4 GiB).
const (
	MaxInput   = 1 << 20 // input size
	MaxHidden  = 4096    // hidden size
	MaxOutput  = 4096    // number of classes
	MaxWeights = 1 << 24 // Input·Hidden + Hidden·Output
)

// Config describes a TwoLayerNet: Input→Hidden→Output with the given hidden
// activation, weight initialisation and seed.
type Config struct {
	Input, Hidden, Output int // 784, 50, 10 for MNIST

	Activation Activation
	Init       Init
	// WeightStd is the standard deviation of InitBook (the book's
	// weight_init_std, 0.01); the other inits ignore it.
	WeightStd float64
	// Seed seeds the weight initialisation. The generator is math/rand/v2's
	// PCG, which gives the same stream on every GOOS/GOARCH.
	Seed uint64
}

// DefaultConfig returns the book's net of chapter 5: 784→50→10, ReLU, weights
// 0.01·N(0,1), seed 1.
func DefaultConfig() Config {
	return Config{Input: 784, Hidden: 50, Output: 10, Activation: ActReLU, Init: InitBook, WeightStd: 0.01, Seed: 1}
}

// Validate reports the first invalid field of c, naming its value, e.g.
// "nn: hidden size 0 must be positive".
func (c Config) Validate() error {
	for _, s := range []struct {
		name   string
		v, max int
	}{{"input", c.Input, MaxInput}, {"hidden", c.Hidden, MaxHidden}, {"output", c.Output, MaxOutput}} {
		if s.v <= 0 {
			return fmt.Errorf("nn: %s size %d must be positive", s.name, s.v)
		}
		if s.v > s.max {
			return fmt.Errorf("nn: %s size %d is too large (max %d)", s.name, s.v, s.max)
		}
	}
	// Both factors are bounded above, so this cannot overflow an int64.
	if w := int64(c.Input)*int64(c.Hidden) + int64(c.Hidden)*int64(c.Output); w > MaxWeights {
		return fmt.Errorf("nn: %d×%d→%d has %d weights, too many (max %d)", c.Input, c.Hidden, c.Output, w, MaxWeights)
	}
	if c.Activation > ActSigmoid {
		return fmt.Errorf("nn: unknown activation %v", c.Activation)
	}
	if c.Init > InitXavier {
		return fmt.Errorf("nn: unknown init %v", c.Init)
	}
	if c.Init == InitBook && !(c.WeightStd > 0 && !math.IsInf(c.WeightStd, 0)) {
		return fmt.Errorf("nn: weight std %v must be positive and finite", c.WeightStd)
	}
	return nil
}

// TrainConfig holds the options of a Trainer.
type TrainConfig struct {
	LearningRate float64  // SGD step size; positive and finite
	BatchSize    int      // samples per step; 1 ≤ BatchSize ≤ number of training samples
	Iters        int      // steps the caller means to run (≥ 0); Trainer.Done reports reaching it
	Sampling     Sampling // how batches are drawn
	Seed         uint64   // seeds batch sampling (math/rand/v2 PCG, the same on every platform)
}

// DefaultTrainConfig returns the book's settings of chapter 5: learning rate
// 0.1, batch 100, 10000 iterations, batches drawn with replacement; seed 1.
func DefaultTrainConfig() TrainConfig {
	return TrainConfig{LearningRate: 0.1, BatchSize: 100, Iters: 10000, Sampling: Replace, Seed: 1}
}

// Validate reports the first invalid field of c, naming its value, e.g.
// "nn: learning rate -1 must be positive and finite". The batch size is
// checked against the data by NewTrainer.
func (c TrainConfig) Validate() error {
	if !(c.LearningRate > 0 && !math.IsInf(c.LearningRate, 0)) {
		return fmt.Errorf("nn: learning rate %v must be positive and finite", c.LearningRate)
	}
	if c.BatchSize <= 0 {
		return fmt.Errorf("nn: batch size %d must be positive", c.BatchSize)
	}
	if c.Iters < 0 {
		return fmt.Errorf("nn: iterations %d must not be negative", c.Iters)
	}
	if c.Sampling > Shuffle {
		return fmt.Errorf("nn: unknown sampling %v", c.Sampling)
	}
	return nil
}
