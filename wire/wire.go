// Package wire owns the messages that the page and the trainer worker
// exchange, and the settings and limits both sides enforce.
//
// The page and the trainer run in two WebAssembly instances (the trainer in
// a Web Worker) and share no memory: every message is a plain value, one Go
// type per kind. The page sends Init, Configure, Play, Pause, Step,
// GradCheck, Import, Bench and BenchStop; the trainer answers with Ready, State, Epoch,
// Diverged, Error, GradProgress, GradResult, BenchDone and Imported. Share
// and ShareGrad go between the trainer and its helper workers.
//
// A message travels as a JSON header (its kind and its scalar fields) plus
// its float64 arrays and an optional byte array: in the browser the arrays
// become transferred typed arrays, so a snapshot of the weights costs one
// copy and no JSON. Scalars that may be NaN or infinite are Num, which JSON
// carries as strings. Encode and Decode are pure Go; js.go holds the
// browser glue.
package wire

// Kind names a message's type on the wire.
type Kind string

// The kinds, one per payload type.
const (
	KindInit      Kind = "init"
	KindConfigure Kind = "configure"
	KindPlay      Kind = "play"
	KindPause     Kind = "pause"
	KindStep      Kind = "step"
	KindGradCheck Kind = "gradcheck"
	KindImport    Kind = "import"
	KindBench     Kind = "bench"
	KindBenchStop Kind = "benchstop"
	KindTeach     Kind = "teach"
	KindRewind    Kind = "rewind"
	KindTrainFrom Kind = "trainfrom"
	KindFineTune  Kind = "finetune"

	KindReady        Kind = "ready"
	KindState        Kind = "state"
	KindEpoch        Kind = "epoch"
	KindDiverged     Kind = "diverged"
	KindError        Kind = "error"
	KindGradProgress Kind = "gradprog"
	KindGradResult   Kind = "gradresult"
	KindBenchDone    Kind = "benchdone"
	KindImported     Kind = "imported"
	KindTaught       Kind = "taught"
	KindPast         Kind = "past"
	KindRewound      Kind = "rewound"
	KindTuned        Kind = "tuned"

	KindShare     Kind = "share"
	KindShareGrad Kind = "sharegrad"
)

// Msg is one message: one of the payload types of this package.
type Msg interface {
	Kind() Kind
}

// Messages from the page to the trainer.

// Init builds a new net and trainer: the same settings give the same initial
// weights and the same batch order.
type Init struct {
	Settings Settings `json:"settings"`
}

// Configure changes the learning rate, batch size, sampling or budget and
// keeps the weights.
type Configure struct {
	Settings Settings `json:"settings"`
}

// Play trains until paused, done or diverged.
type Play struct{}

// Pause stops training after the current chunk.
type Pause struct{}

// Step trains Steps mini-batches (at least one), then pauses.
type Step struct {
	Steps int `json:"steps"`
}

// GradCheck runs the book's gradient check on a copy of the net with the
// layer that Break names broken ("none" for none).
type GradCheck struct {
	Break string `json:"break"`
}

// Import makes the weights file File the trainer's net.
type Import struct {
	File []byte `json:"-"`
}

// Teach asks for one SGD step with learning rate LR (in (0, MaxTeachLR])
// on the learner's digit alone: Pixels (digit.Pixels values in [0, 1])
// labelled Label. It is not an iteration of the run.
type Teach struct {
	Pixels []float64 `json:"-"`
	Label  int       `json:"label"`
	LR     float64   `json:"lr"`
}

// Rewind asks for the timeline's snapshot of iteration Iter (a Past
// answers); it changes nothing.
type Rewind struct {
	Iter int `json:"iter"`
}

// TrainFrom makes the timeline's snapshot of iteration Iter the net and
// goes on from there: the run after it is dropped (Rewound answers).
type TrainFrom struct {
	Iter int `json:"iter"`
}

// MaxTeachLR bounds Teach.LR.
const MaxTeachLR = 1.0

// FineTune asks for Iters iterations of the run in which a fifth of each
// mini-batch are the learner's digits (Pixels: len(Labels) images of
// digit.Pixels grey levels 0-255), drawn at random, the rest the training
// data as the run samples it.
type FineTune struct {
	Iters  int    `json:"iters"`
	Pixels []byte `json:"-"`
	Labels []int  `json:"labels"`
}

// MaxFineTune bounds FineTune.Iters; MaxMine bounds the learner's digits.
const (
	MaxFineTune = 5000
	MaxMine     = 1000
)

// Bench trains Iters timed steps with the book's settings on a fresh net in
// Workers workers (1: the trainer alone), after Warmup untimed ones.
type Bench struct {
	Iters   int `json:"iters"`
	Workers int `json:"workers"`
	Warmup  int `json:"warmup,omitempty"`
	// Messages makes the helpers get their work as messages even where
	// they could share memory, to time that way too.
	Messages bool `json:"messages,omitempty"`
}

// BenchStop stops the bench under way: its result is then of the steps
// done so far, marked stopped. The trainer reads it while the bench runs.
type BenchStop struct{}

// Messages from the trainer to the page.

// Ready says the data arrived and passed its check.
type Ready struct {
	TrainImages int `json:"train"`
	TestImages  int `json:"test"`
}

// State is the trainer's progress after some steps, with the settings it
// runs with and, when Snapshot is set, its weights and last gradient.
type State struct {
	Progress Progress `json:"progress"`
	Settings Settings `json:"settings"`
	// Losses are the mini-batch losses since the previous State, one per
	// iteration from Progress.FirstIter on.
	Losses []float64 `json:"-"`
	// Norms are ‖dW1‖, ‖db1‖, ‖dW2‖, ‖db2‖ of the last step's gradient;
	// nil when no step has been taken since the net was built or loaded.
	Norms []float64 `json:"-"`
	// Snapshot is nil in a State that only reports progress.
	Snapshot *Snapshot `json:"-"`
	// Kept are the iterations of the trainer's timeline of snapshots, in
	// order, when they changed since the previous State (else nil).
	Kept []int `json:"kept,omitempty"`
}

// Snapshot is the net's parameters and, when the trainer has computed one,
// the gradient of its last mini-batch.
type Snapshot struct {
	W1, B1, W2, B2 []float64
	// DW1 … DB2 are nil when no gradient has been computed for these
	// weights yet (a new or loaded net): the views must not show zeros
	// that were never computed.
	DW1, DB1, DW2, DB2 []float64
}

// HasGrads reports whether the snapshot carries a computed gradient.
func (s *Snapshot) HasGrads() bool { return s != nil && s.DW1 != nil }

// Hidden is the net's hidden size.
func (s *Snapshot) Hidden() int { return len(s.B1) }

// Epoch is the book's per-epoch evaluation, with each test image's
// predicted class (Pred) and each hidden unit's share of test images on
// which it is on (ReLU: a > 0) or, for Sigmoid, saturated (UnitFrac).
type Epoch struct {
	Stats    EpochStats `json:"stats"`
	Pred     []float64  `json:"-"`
	UnitFrac []float64  `json:"-"`
}

// Diverged says training stopped because the loss ran away; the trainer
// restored the weights from before it.
type Diverged struct {
	Cause DivergeCause `json:"cause"`
	// Iter is the iteration where it went wrong, GoodIter the iteration
	// whose weights are restored.
	Iter     int `json:"iter"`
	GoodIter int `json:"good_iter"`
	// Limit is the loss above which a run counts as blown up (BlowUp).
	Limit float64 `json:"limit,omitempty"`
	// Detail is the engine's own words, for the technical detail.
	Detail string `json:"detail,omitempty"`
}

// DivergeCause says how a run diverged.
type DivergeCause string

const (
	// NotFinite: the loss or the weights became NaN or infinite.
	NotFinite DivergeCause = "not-finite"
	// BlowUp: the loss stayed far above that of guessing (BlowUpRun
	// iterations above Limit).
	BlowUp DivergeCause = "blow-up"
)

// Error reports a failure as a code with arguments; the page words it in
// its language. Detail is the engine's own words (English), shown only on
// request.
type Error struct {
	Code   Code     `json:"code"`
	Args   []string `json:"args,omitempty"`
	Detail string   `json:"detail,omitempty"`
}

// GradProgress is a running gradient check's progress.
type GradProgress struct {
	Break string `json:"break"`
	Done  int    `json:"done"`
	Total int    `json:"total"`
}

// GradResult is a gradient check's result: the mean |numerical − backprop|
// of W1, b1, W2 and b2 (NaN when a broken layer makes them so).
type GradResult struct {
	Break string    `json:"break"`
	Diffs []float64 `json:"-"`
	// Images is how many training images the check ran on (0 from a
	// trainer that does not say).
	Images int `json:"images,omitempty"`
	// Diff, Numerical and Backprop are the check element by element:
	// |numerical − backprop|, the numerical and the backprop gradient of
	// each parameter, row-major as in Snapshot; where the four means say
	// that backprop is wrong, these say where.
	Diff, Numerical, Backprop GradMaps `json:"-"`
}

// GradMaps are one array per parameter of a two-layer net.
type GradMaps struct{ W1, B1, W2, B2 []float64 }

// Shaped reports whether the maps fit a net input-hidden-output with
// hidden = len(B1).
func (g *GradMaps) Shaped(input, output int) bool {
	h := len(g.B1)
	return h > 0 && len(g.W1) == input*h && len(g.W2) == h*output && len(g.B2) == output
}

// BenchDone is a benchmark's result.
type BenchDone struct {
	Result BenchResult `json:"result"`
}

// Imported says a weights file became the net; Settings are the file's,
// Iter how far it was trained.
type Imported struct {
	Settings Settings `json:"settings"`
	Iter     int      `json:"iter"`
	// History is the file's per-epoch figures (At in the epochs of its
	// own training); Prior says what that training was when it was not on
	// the page's data, nil when it was.
	History []EpochStats `json:"history,omitempty"`
	Prior   *Prior       `json:"prior,omitempty"`
}

// Prior is the training a weights file's net had on data other than the
// page's, as far as the file says.
type Prior struct {
	Data string `json:"data"` // the file's own words for its data
	// TrainImages is the size of its training set, 0 when the file's
	// words do not say.
	TrainImages int `json:"train_images"`
	// Epochs is how many passes over that set its iterations were, NaN
	// when the file does not say how big the set was.
	Epochs Num `json:"epochs"`
}

// Taught is a Teach's step: the digit's loss and probabilities before it
// and after it, and the gradient of W1 that the step followed (Input×Hidden,
// row-major, as Snapshot.DW1).
type Taught struct {
	Label      int       `json:"label"`
	LossBefore Num       `json:"loss_before"`
	LossAfter  Num       `json:"loss_after"`
	Before     []Num     `json:"before"`
	After      []Num     `json:"after"`
	DW1        []float64 `json:"-"`
}

// Past is the weights of iteration Iter from the trainer's timeline, as a
// Rewind asked (float32 values, widened). Missing says the timeline no
// longer holds that iteration (thinned out meanwhile); the arrays are nil.
type Past struct {
	Iter           int       `json:"iter"`
	Missing        bool      `json:"missing,omitempty"`
	W1, B1, W2, B2 []float64 `json:"-"`
}

// Rewound says the net is the timeline's snapshot of iteration Iter and
// the run goes on from there.
type Rewound struct {
	Iter int `json:"iter"`
}

// Tuned says a FineTune ended after Iters iterations (fewer when training
// diverged) with Mine of the learner's digits.
type Tuned struct {
	Iters int `json:"iters"`
	Mine  int `json:"mine"`
}

// Between the trainer and its helpers.

// Share asks a helper for the gradient of the rows Idx of a batch, with the
// loss divided by Divisor (the whole batch's size).
type Share struct {
	Divisor        int       `json:"divisor"`
	Activation     string    `json:"act"`
	W1, B1, W2, B2 []float64 `json:"-"`
	Idx            []float64 `json:"-"`
}

// ShareGrad is a helper's answer to Share.
type ShareGrad struct {
	Loss               float64   `json:"-"`
	DW1, DB1, DW2, DB2 []float64 `json:"-"`
}

func (Teach) Kind() Kind        { return KindTeach }
func (Rewind) Kind() Kind       { return KindRewind }
func (TrainFrom) Kind() Kind    { return KindTrainFrom }
func (Past) Kind() Kind         { return KindPast }
func (Rewound) Kind() Kind      { return KindRewound }
func (FineTune) Kind() Kind     { return KindFineTune }
func (Taught) Kind() Kind       { return KindTaught }
func (Tuned) Kind() Kind        { return KindTuned }
func (Init) Kind() Kind         { return KindInit }
func (Configure) Kind() Kind    { return KindConfigure }
func (Play) Kind() Kind         { return KindPlay }
func (Pause) Kind() Kind        { return KindPause }
func (Step) Kind() Kind         { return KindStep }
func (GradCheck) Kind() Kind    { return KindGradCheck }
func (Import) Kind() Kind       { return KindImport }
func (Bench) Kind() Kind        { return KindBench }
func (BenchStop) Kind() Kind    { return KindBenchStop }
func (Ready) Kind() Kind        { return KindReady }
func (State) Kind() Kind        { return KindState }
func (Epoch) Kind() Kind        { return KindEpoch }
func (Diverged) Kind() Kind     { return KindDiverged }
func (Error) Kind() Kind        { return KindError }
func (GradProgress) Kind() Kind { return KindGradProgress }
func (GradResult) Kind() Kind   { return KindGradResult }
func (BenchDone) Kind() Kind    { return KindBenchDone }
func (Imported) Kind() Kind     { return KindImported }
func (Share) Kind() Kind        { return KindShare }
func (ShareGrad) Kind() Kind    { return KindShareGrad }

// Status is the trainer's state as the page shows it.
type Status string

// The trainer's states. StatusLoading and StatusError are the page's own:
// the trainer never sends them.
const (
	StatusLoading  Status = "loading"
	StatusReady    Status = "ready" // a net that has not trained yet
	StatusTraining Status = "training"
	StatusPaused   Status = "paused"
	StatusDone     Status = "done" // the iteration budget is reached
	StatusError    Status = "error"
)

// String returns the machine word of the status (the page's status hook).
func (s Status) String() string { return string(s) }

// Progress is the trainer's state after some steps.
type Progress struct {
	Status Status `json:"state"`
	Iter   int    `json:"iter"`
	Iters  int    `json:"iters"`
	// Epoch is the passes over the training data so far: iterations /
	// iterations per epoch, of each data set the net was trained on; NaN
	// when a loaded file does not say how big its data set was.
	Epoch Num `json:"epoch"`
	// Loss is the last mini-batch's loss, NaN before the first step.
	Loss          Num     `json:"loss"`
	SamplesPerSec float64 `json:"sps"`
	// SpeedSettling says SamplesPerSec is still warming up: it has seen
	// less than three seconds of training since the trainer started or
	// resumed (the browser compiles the hot code better as it runs, and
	// the first seconds are slower).
	SpeedSettling bool `json:"sps_settling,omitempty"`
	// TrainedSamples and TrainedMs are the samples trained in this worker
	// and their training time as SamplesPerSec counts it; their changes
	// between two messages give the speed of exactly that stretch.
	TrainedSamples int64   `json:"trained_samples,omitempty"`
	TrainedMs      float64 `json:"trained_ms,omitempty"`
	FirstIter      int     `json:"first"` // iteration of State.Losses[0]
}

// EpochStats are the book's per-epoch figures.
type EpochStats struct {
	Epoch int `json:"epoch"`
	// At is the epochs done when measured, as Progress.Epoch counts them
	// (NaN when not known); Epoch is its ceiling.
	At        Num `json:"at"`
	Iter      int `json:"iter"`
	TrainAcc  Num `json:"train_acc"`
	TestAcc   Num `json:"test_acc"`
	TrainLoss Num `json:"train_loss"`
	TestLoss  Num `json:"test_loss"`
	// WorkerMemory is the size of the trainer's WebAssembly memory in
	// bytes at the end of the epoch (in the browser; 0 elsewhere).
	WorkerMemory int64 `json:"worker_mem,omitempty"`
}

// BenchResult is the result of a training benchmark.
type BenchResult struct {
	SamplesPerSec float64 `json:"samples_per_sec"`
	Iters         int     `json:"iters"`
	Batch         int     `json:"batch"`
	Ms            float64 `json:"ms"`
	Workers       int     `json:"workers"`
	// The untimed steps before the timed ones, and how long they took.
	WarmupIters int     `json:"warmup_iters,omitempty"`
	WarmupMs    float64 `json:"warmup_ms,omitempty"`
	// With helpers: the trainer's time on its own share of the batches,
	// waiting for the helpers' shares after it, sending the shares, and
	// the mean number of rows of its own share.
	OwnMs   float64 `json:"own_ms,omitempty"`
	WaitMs  float64 `json:"wait_ms,omitempty"`
	StartMs float64 `json:"start_ms,omitempty"`
	OwnRows float64 `json:"own_rows,omitempty"`
	// With shared-memory helpers: the helpers' time from seeing a request
	// to answering it, and of that computing the gradient, summed.
	HelperMs     float64 `json:"helper_ms,omitempty"`
	HelperGradMs float64 `json:"helper_grad_ms,omitempty"`
	// Pool is how the helpers get their work: "shared" or "messages";
	// empty with one worker.
	Pool string `json:"pool,omitempty"`
	// The last step's loss and the sum and sum of squares of all the
	// parameters after the last step: the same for any number of workers,
	// up to float rounding.
	Loss     Num `json:"loss"`
	ParamSum Num `json:"param_sum"`
	ParamSq  Num `json:"param_sq"`
	// Stopped says the page stopped the bench: Iters (and WarmupIters)
	// are the steps done, of ItersAsked (and WarmupAsked), and the times
	// are theirs.
	Stopped     bool `json:"stopped,omitempty"`
	ItersAsked  int  `json:"iters_asked,omitempty"`
	WarmupAsked int  `json:"warmup_asked,omitempty"`
}
