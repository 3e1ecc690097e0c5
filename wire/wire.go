// Package wire owns the messages that the UI and the trainer worker exchange.
//
// The UI and the trainer run in two WebAssembly instances (the trainer in a
// Web Worker) and share no memory: every message is a plain value. A message
// travels as a JSON header plus a list of float64 arrays and an optional byte
// array; in the browser the arrays become transferred typed arrays, so a
// snapshot of the weights costs one copy and no JSON. Encode and Decode are
// pure Go; js.go holds the browser glue.
package wire

import (
	"encoding/json"
	"fmt"
)

// Kind names what a message is about.
type Kind string

// Messages from the UI to the trainer.
const (
	KindInit      Kind = "init"      // Settings: build a new net and trainer (same seed gives the same weights)
	KindConfigure Kind = "configure" // Settings: change learning rate, batch or budget, keep the weights
	KindPlay      Kind = "play"      // train until paused, done or diverged
	KindPause     Kind = "pause"
	KindStep      Kind = "step"      // N mini-batches, then pause
	KindGradCheck Kind = "gradcheck" // Break names a broken layer or "none"
	KindImport    Kind = "import"    // Bytes hold a weights file
	KindBench     Kind = "bench"     // N steps with the book's settings, no snapshots
)

// Messages from the trainer to the UI.
const (
	KindReady     Kind = "ready"     // data loaded and checked
	KindState     Kind = "state"     // Progress (and, with Floats, a Snapshot)
	KindEpoch     Kind = "epoch"     // Epoch statistics
	KindDiverged  Kind = "diverged"  // Err says where; weights from before that step kept
	KindError     Kind = "error"     // Err
	KindGradProg  Kind = "gradprog"  // GradCheck progress in Done/Total
	KindGradDiffs Kind = "graddiffs" // the array "graddiffs": mean |numerical − backprop| of W1, b1, W2, b2
	KindBenchDone Kind = "benchdone" // Bench result
	KindImported  Kind = "imported"  // a weights file became the net: Settings are the file's

	// Between the trainer and its helper workers (data parallelism).
	KindShare     Kind = "share"     // arrays W1 b1 W2 b2 idx; N the divisor; Act the activation
	KindShareGrad Kind = "sharegrad" // arrays dW1 db1 dW2 db2 loss; or Err
)

// Values of N in a KindError message after which the trainer cannot go on.
const (
	ErrTrainerDown = -1 // the trainer stopped (a crash): a new one can go on
	ErrBadData     = -2 // the data files failed their check: the page must fetch them again
)

// Settings are the hyperparameters a user can set on the page.
type Settings struct {
	Hidden       int     `json:"hidden"`
	Activation   string  `json:"activation"` // relu | sigmoid
	Init         string  `json:"init"`       // book | he | xavier
	Seed         uint64  `json:"seed"`
	LearningRate float64 `json:"lr"`
	BatchSize    int     `json:"batch"`
	Iters        int     `json:"iters"`
	Sampling     string  `json:"sampling"` // replace | shuffle
}

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

// Progress is the trainer's state after some steps.
type Progress struct {
	State         string  `json:"state"` // ready | training | paused | done
	Iter          int     `json:"iter"`
	Iters         int     `json:"iters"`
	Epoch         float64 `json:"epoch"` // iterations / iterations per epoch
	Loss          float64 `json:"loss"`  // loss of the last mini-batch
	SamplesPerSec float64 `json:"sps"`
	// TrainedSamples and TrainedMs are the samples trained in this worker
	// and the time they took, counted as SamplesPerSec counts it (the
	// messages and snapshots between chunks included, each epoch's
	// evaluation and the pauses left out). Their changes between two
	// messages give the speed of exactly that stretch, which the readout's
	// moving average does not.
	TrainedSamples int64     `json:"trained_samples,omitempty"`
	TrainedMs      float64   `json:"trained_ms,omitempty"`
	Losses         []float64 `json:"losses,omitempty"` // mini-batch losses since the previous message, one per iteration
	FirstIter      int       `json:"first"`            // iteration of Losses[0]
}

// EpochStats are the book's per-epoch figures.
type EpochStats struct {
	Epoch     int     `json:"epoch"`
	Iter      int     `json:"iter"`
	TrainAcc  float64 `json:"train_acc"`
	TestAcc   float64 `json:"test_acc"`
	TrainLoss float64 `json:"train_loss"`
	TestLoss  float64 `json:"test_loss"`
	// WorkerMemory is the size of the trainer's WebAssembly memory in
	// bytes at the end of the epoch (in the browser; 0 elsewhere).
	WorkerMemory int64 `json:"worker_mem,omitempty"`
}

// Bench is the result of a training benchmark.
type Bench struct {
	SamplesPerSec float64 `json:"samples_per_sec"`
	Iters         int     `json:"iters"`
	Batch         int     `json:"batch"`
	Ms            float64 `json:"ms"`
	Workers       int     `json:"workers"`
	// The untimed steps before the timed ones, and how long they took.
	WarmupIters int     `json:"warmup_iters,omitempty"`
	WarmupMs    float64 `json:"warmup_ms,omitempty"`
	// With helpers: the trainer's time on its own share of the batches, and
	// waiting for the helpers' shares after it (0 with one worker).
	OwnMs  float64 `json:"own_ms,omitempty"`
	WaitMs float64 `json:"wait_ms,omitempty"`
	// With helpers: the trainer's time sending the shares, and the mean
	// number of rows of its own share (the shares follow the workers'
	// speeds).
	StartMs float64 `json:"start_ms,omitempty"`
	OwnRows float64 `json:"own_rows,omitempty"`
	// With shared-memory helpers: the helpers' time from seeing a request
	// to answering it, of which computing the gradient, added up over
	// helpers and steps.
	HelperMs     float64 `json:"helper_ms,omitempty"`
	HelperGradMs float64 `json:"helper_grad_ms,omitempty"`
	// How the helpers get their work: "shared" (shared memory) or
	// "messages"; empty with one worker.
	Pool string `json:"pool,omitempty"`
	// The last step's loss and the sum and sum of squares of all the
	// parameters after the last step: the same for any number of workers,
	// up to float rounding.
	Loss     float64 `json:"loss"`
	ParamSum float64 `json:"param_sum"`
	ParamSq  float64 `json:"param_sq"`
}

// Msg is one message. Only the fields its Kind needs are set.
type Msg struct {
	Kind     Kind      `json:"kind"`
	Settings *Settings `json:"settings,omitempty"`
	N        int       `json:"n,omitempty"`
	Break    string    `json:"break,omitempty"`
	Act      string    `json:"act,omitempty"` // the activation, in a share request
	// In a bench request, "messages" makes the helpers get their work as
	// messages even when they could share memory (to test that way too).
	Pool string `json:"pool,omitempty"`
	// In a bench request, the steps run before the timed ones, on a net of
	// their own, while the browser optimizes the code.
	Warmup   int         `json:"warmup,omitempty"`
	Progress *Progress   `json:"progress,omitempty"`
	Epoch    *EpochStats `json:"epoch,omitempty"`
	Bench    *Bench      `json:"bench,omitempty"`
	Done     int         `json:"done,omitempty"`
	Total    int         `json:"total,omitempty"`
	Err      string      `json:"err,omitempty"`
	// Names says what each of Floats is: "gnorm" (|dW1|, |db1|, |dW2|, |db2|
	// of the last step) and, in a snapshot, W1 b1 W2 b2 dW1 db1 dW2 db2.
	// Floats carry any float64, NaN and infinities included; the JSON
	// header cannot, so non-finite numbers never go there.
	Names  []string    `json:"names,omitempty"`
	Floats [][]float64 `json:"-"`
	Bytes  []byte      `json:"-"`
}

// Float returns the array called name, or nil.
func (m *Msg) Float(name string) []float64 {
	for i, n := range m.Names {
		if n == name && i < len(m.Floats) {
			return m.Floats[i]
		}
	}
	return nil
}

// Encode splits m into its JSON header and its arrays.
func Encode(m Msg) (header []byte, floats [][]float64, bytes []byte, err error) {
	if len(m.Names) != len(m.Floats) {
		return nil, nil, nil, fmt.Errorf("wire: %d names for %d arrays", len(m.Names), len(m.Floats))
	}
	header, err = json.Marshal(m)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("wire: %w", err)
	}
	return header, m.Floats, m.Bytes, nil
}

// Decode joins a header and its arrays into a message. It rejects a header
// that is not ours or whose names do not match the arrays.
func Decode(header []byte, floats [][]float64, bytes []byte) (Msg, error) {
	var m Msg
	if err := json.Unmarshal(header, &m); err != nil {
		return Msg{}, fmt.Errorf("wire: bad header: %w", err)
	}
	if m.Kind == "" {
		return Msg{}, fmt.Errorf("wire: message without kind")
	}
	if len(m.Names) != len(floats) {
		return Msg{}, fmt.Errorf("wire: %d names for %d arrays", len(m.Names), len(floats))
	}
	m.Floats = floats
	m.Bytes = bytes
	return m, nil
}
