// Package worker is the trainer that runs in a Web Worker: it owns the net,
// the trainer and the data, takes wire messages from the UI and answers with
// progress, epoch statistics and weight snapshots. Session is pure Go and is
// tested natively; run_js.go connects it to the worker's message port.
package worker

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"time"

	"github.com/backprop-lab/backprop-lab/augment"
	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
	"gonum.org/v1/gonum/mat"
)

// TrainChunk is how long the worker trains between two looks at its inbox:
// a pause takes effect within about this time, and the looks cost a few
// percent of the training time.
const TrainChunk = 100 * time.Millisecond

// BenchLook is how long the bench trains between two looks for a stop: a
// stop takes effect within about this time, and a look (one yield) costs
// far less than a step.
const BenchLook = 100 * time.Millisecond

// SnapshotEvery is the shortest time between two state messages sent while
// training, each with a snapshot of the weights and gradients: the page
// shows progress and draws its views at most four times a second, and a
// message costs both sides more than the snapshot in it does.
const SnapshotEvery = 250 * time.Millisecond

// Session is the trainer's state. Its methods are not safe for concurrent
// use; the worker calls them from one goroutine.
type Session struct {
	// Post sends a message to the UI. It must not keep the message's arrays
	// after it returns (the worker's wire.Post copies them into new typed
	// arrays): a snapshot's are the net's own parameters and gradient. Yield
	// lets the worker's event loop run (so that a pause can arrive) during
	// long work such as the gradient check. Now is the clock. Tests replace
	// all three.
	Post  func(wire.Msg)
	Yield func()
	Now   func() time.Time
	// BenchStopped reports whether the page asked to stop the bench under
	// way (wire.BenchStop, which the worker reads while the bench runs:
	// the bench yields for it every BenchLook).
	BenchStopped func() bool
	// Pool, if set and not empty, computes shares of each batch's
	// gradient in helper workers (data-parallel training).
	Pool Pool

	train, test nn.Dataset
	set         wire.Settings
	net         *nn.TwoLayerNet
	tr          *nn.Trainer
	playing     bool
	iterBase    int // iterations done by trainers replaced by Configure
	// epochBase is the epochs those iterations were (of a loaded file's
	// own data for its part; NaN when the file does not say).
	epochBase float64

	// Blow-up detection: a rate that is far too large does not always make
	// the numbers overflow (the softmax is stable and the log has its
	// epsilon, so the loss stops near 16), it makes the loss jump far above
	// that of guessing and stay there. good holds the weights that gave the
	// last healthy loss: the trainer's copy from before that step, taken
	// over with SwapBefore rather than copied again before every step.
	good     [4][]float64
	goodIter int
	badRun   int

	losses    []float64 // mini-batch losses not yet sent
	lossFirst int
	lastLoss  float64
	sps       float64
	spsStale  bool          // set by play: the next chunk replaces the readout (0 or from before a pause)
	spsFor    time.Duration // the training time the readout has seen since it was replaced
	trained   int64         // samples trained in chunks, for Progress.TrainedSamples
	trainedT  time.Duration // their time as the readout counts it
	chunkEnd  time.Time     // when the last chunk's steps ended, if training went on since (zero: not)
	evalTime  time.Duration // spent in epoch evaluation during the current step
	lastSnap  time.Time
	dirty     bool          // steps done since the last snapshot
	imported  wire.Imported // what the last Import made the net
	// tl is the run's timeline of snapshots; tlChanged says the next
	// State carries its iterations.
	tl        *Timeline
	tlChanged bool
	// stepped says the trainer's gradient belongs to the current weights'
	// last step: false for a new, loaded or restored net, whose gradient
	// was never computed.
	stepped bool
}

// NewSession returns a session that trains on train and evaluates on test.
func NewSession(train, test nn.Dataset) *Session {
	return &Session{
		train: train, test: test,
		Post:         func(wire.Msg) {},
		Yield:        func() {},
		Now:          time.Now,
		BenchStopped: func() bool { return false },
	}
}

// gradients sets how tr computes its gradients for settings set: on
// augmented images (augment's Default, seeded with seed) in the trainer
// alone, since the helpers read their shares of a batch from the data by
// index; else with the pool's helpers, if any.
func (s *Session) gradients(tr *nn.Trainer, net *nn.TwoLayerNet, set wire.Settings, seed uint64) error {
	if !set.Augment {
		s.parallel(tr, net)
		return nil
	}
	aug, err := augment.New(augment.Default(), seed)
	if err != nil {
		return err
	}
	xa := mat.NewDense(set.BatchSize, s.train.Cols(), nil)
	tr.SetGradient(func(x *mat.Dense, labels []int) (float64, *nn.Grads) {
		aug.Batch(xa, x)
		return net.Gradient(xa, labels)
	})
	return nil
}

// parallel makes tr compute its gradients with the pool's helpers, if any.
func (s *Session) parallel(tr *nn.Trainer, net *nn.TwoLayerNet) {
	if s.Pool == nil || s.Pool.Size() == 0 {
		return
	}
	tr.SetGradient(parallelGradient(net, tr, s.Pool, func(err error) {
		s.Post(wire.Error{Code: wire.ErrHelper, Detail: err.Error()})
	}, nil))
}

// Playing reports whether the session trains until told otherwise.
func (s *Session) Playing() bool { return s.playing }

// Net returns the current net (nil before the first init).
func (s *Session) Net() *nn.TwoLayerNet { return s.net }

// epochs returns the passes over the training data so far.
func (s *Session) epochs() float64 {
	return s.epochBase + float64(s.tr.Iter())/float64(s.tr.ItersPerEpoch())
}

// Iter returns the number of training steps done since the net was built.
func (s *Session) Iter() int {
	if s.tr == nil {
		return 0
	}
	return s.iterBase + s.tr.Iter()
}

func netConfig(set wire.Settings) (nn.Config, error) {
	c := nn.DefaultConfig()
	c.Hidden = set.Hidden
	c.Seed = set.Seed
	var err error
	if c.Activation, err = nn.ParseActivation(set.Activation); err != nil {
		return c, err
	}
	if c.Init, err = nn.ParseInit(set.Init); err != nil {
		return c, err
	}
	return c, c.Validate()
}

func trainConfig(set wire.Settings) (nn.TrainConfig, error) {
	c := nn.DefaultTrainConfig()
	c.LearningRate = set.LearningRate
	c.BatchSize = set.BatchSize
	c.Iters = set.Iters
	c.Seed = set.Seed
	var err error
	if c.Sampling, err = nn.ParseSampling(set.Sampling); err != nil {
		return c, err
	}
	return c, nil
}

// Init builds a new net and trainer from set. The same settings give the
// same initial weights and the same batch order. On error (a *wire.LimitError
// for a setting outside the app's limits) nothing changes.
func (s *Session) Init(set wire.Settings) error {
	if err := set.Check(s.train.Len()); err != nil {
		return err
	}
	nc, err := netConfig(set)
	if err != nil {
		return err
	}
	tc, err := trainConfig(set)
	if err != nil {
		return err
	}
	net, err := nn.NewTwoLayerNet(nc)
	if err != nil {
		return err
	}
	tr, err := nn.NewTrainer(net, tc, s.train)
	if err != nil {
		return err
	}
	if err := s.gradients(tr, net, set, set.Seed); err != nil {
		return err
	}
	s.set, s.net, s.tr, s.iterBase, s.epochBase = set, net, tr, 0, 0
	s.good, s.goodIter, s.badRun = [4][]float64{}, 0, 0
	s.playing = false
	s.losses, s.lossFirst, s.lastLoss, s.sps = s.losses[:0], 1, math.NaN(), 0
	s.dirty, s.stepped = true, false
	s.startTimeline()
	return nil
}

// startTimeline starts the timeline of a new net with its weights now.
func (s *Session) startTimeline() {
	pd := paramData(s.net)
	s.tl = NewTimeline(len(pd[0]) + len(pd[1]) + len(pd[2]) + len(pd[3]))
	s.offerShot()
	s.tlChanged = true
}

// offerShot offers the weights now to the timeline.
func (s *Session) offerShot() {
	it := s.Iter()
	if !s.tl.Wants(it) {
		return
	}
	pd := paramData(s.net)
	s.tl.Offer(it, s.epochs(), pd[0], pd[1], pd[2], pd[3])
	s.tlChanged = true
}

// iterSeed is the seed of a trainer that goes on from iteration it of a
// run seeded with seed: the same sequence of settings replays the same run.
func iterSeed(seed uint64, it int) uint64 { return seed ^ uint64(it)*0x9e3779b97f4a7c15 }

// errShape is Configure's error for a change of the net's shape.
var errShape = errors.New("worker: configure cannot change the net's shape; build a new net")

// Configure changes the learning rate, batch size, sampling or budget and
// keeps the weights. A change of the net's shape is an error: that needs Init.
func (s *Session) Configure(set wire.Settings) error {
	if s.net == nil {
		return s.Init(set)
	}
	if !s.set.SameShape(set) || s.set.Init != set.Init {
		return errShape
	}
	if err := set.Check(s.train.Len()); err != nil {
		return err
	}
	tc, err := trainConfig(set)
	if err != nil {
		return err
	}
	// The trainer's RNG continues from a seed derived from the seed and the
	// iteration, so the same sequence of settings replays the same run.
	tc.Seed = iterSeed(set.Seed, s.Iter())
	tr, err := nn.NewTrainer(s.net, tc, s.train)
	if err != nil {
		return err
	}
	// The augmentation's changes continue from the trainer's seed too.
	if err := s.gradients(tr, s.net, set, tc.Seed); err != nil {
		return err
	}
	s.iterBase += s.tr.Iter()
	s.epochBase = s.epochs()
	s.tr, s.set = tr, set
	return nil
}

func (s *Session) state() wire.Status {
	switch {
	case s.net == nil:
		return wire.StatusReady
	case s.Iter() >= s.set.Iters:
		return wire.StatusDone
	case s.playing:
		return wire.StatusTraining
	case s.Iter() == 0:
		return wire.StatusReady
	}
	return wire.StatusPaused
}

// progress returns a state message with the losses since the previous one
// and, when withSnapshot, the weights and the last gradient.
func (s *Session) progress(withSnapshot bool) wire.State {
	p := wire.Progress{
		Status: s.state(), Iter: s.Iter(), Iters: s.set.Iters,
		Loss: wire.Num(s.lastLoss), SamplesPerSec: s.sps, SpeedSettling: s.playing && s.sps > 0 && s.spsFor < speedSettle,
		TrainedSamples: s.trained, TrainedMs: float64(s.trainedT) / float64(time.Millisecond),
		FirstIter: s.lossFirst,
	}
	if s.tr != nil {
		p.Epoch = wire.Num(s.epochs())
	}
	m := wire.State{Progress: p, Settings: s.set, Losses: slices.Clone(s.losses)}
	if s.tlChanged && s.tl != nil {
		m.Kept, s.tlChanged = s.tl.Iters(), false
	}
	s.losses = s.losses[:0]
	s.lossFirst = s.Iter() + 1
	if s.net == nil {
		return m
	}
	var gd [4][]float64
	if s.stepped {
		gd = gradData(s.tr.Grads())
		m.Norms = []float64{norm(gd[0]), norm(gd[1]), norm(gd[2]), norm(gd[3])}
	}
	if withSnapshot {
		// The net's own arrays, which Post copies: copying them here too,
		// several times a second, made the trainer collect its garbage
		// every second.
		pd := paramData(s.net)
		m.Snapshot = &wire.Snapshot{W1: pd[0], B1: pd[1], W2: pd[2], B2: pd[3],
			DW1: gd[0], DB1: gd[1], DW2: gd[2], DB2: gd[3]}
		s.lastSnap = s.Now()
		s.dirty = false
	}
	return m
}

func norm(x []float64) float64 {
	var ss float64
	for _, v := range x {
		ss += v * v
	}
	return math.Sqrt(ss)
}

// Blow-up detection: BlowUpLoss is three times the loss of a uniform guess
// (ln 10 ≈ 2.30); a run whose mini-batch loss stays above it for BlowUpRun
// iterations in a row has diverged.
const (
	BlowUpLoss = 3 * 2.302585092994046
	BlowUpRun  = 10
)

// step runs one training step and posts an epoch message at each epoch's
// end. It returns false when training must stop (budget or divergence).
func (s *Session) step() bool {
	if s.Iter() >= s.set.Iters {
		return false
	}
	return s.stepNow()
}

// stepNow is step without the budget's check.
func (s *Session) stepNow() bool {
	loss, err := s.tr.Step()
	if err != nil {
		s.playing, s.stepped = false, false
		var d *nn.DivergedError
		if errors.As(err, &d) {
			d.Iter += s.iterBase
			s.Post(wire.Diverged{Cause: wire.NotFinite, Iter: d.Iter, GoodIter: d.Iter - 1, Detail: d.Error()})
		} else {
			s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
		}
		s.Post(s.progress(true))
		return false
	}
	s.lastLoss, s.stepped = loss, true
	s.losses = append(s.losses, loss)
	s.dirty = true
	s.offerShot()
	it := s.Iter()
	if loss <= BlowUpLoss {
		s.tr.SwapBefore(&s.good) // the weights before this step gave a healthy loss
		s.goodIter, s.badRun = it-1, 0
	} else if s.badRun++; s.badRun >= BlowUpRun && s.good[0] != nil {
		s.playing, s.stepped = false, false
		if err := s.net.SetParams(s.good[0], s.good[1], s.good[2], s.good[3]); err != nil {
			s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
		}
		from := it - s.badRun + 1
		s.Post(wire.Diverged{Cause: wire.BlowUp, Iter: from, GoodIter: s.goodIter, Limit: BlowUpLoss, Detail: fmt.Sprintf(
			"training diverged: the loss has been above %.2f (three times that of guessing, ln 10 = 2.30) since iteration %d; "+
				"the weights of iteration %d, the last with a sound loss, are restored", BlowUpLoss, from, s.goodIter)})
		s.badRun = 0
		s.Post(s.progress(true))
		return false
	}
	if it%s.tr.ItersPerEpoch() == 0 || it == s.set.Iters {
		t0 := s.Now()
		s.Post(s.epochStats())
		s.evalTime += s.Now().Sub(t0)
	}
	return true
}

// epochStats evaluates the net on all training and test images, as the
// book does after each epoch, with each test image's predicted class (for
// the confusion matrix) and each hidden unit's share of test images on
// which it is on or saturated.
func (s *Session) epochStats() wire.Epoch {
	trainAcc, trainLoss := nn.Evaluate(s.net, s.train, 500)
	testAcc, testLoss, pred, unit := testStats(s.net, s.test)
	at := s.epochs()
	return wire.Epoch{Stats: wire.EpochStats{
		Epoch: int(math.Ceil(at - 1e-9)), At: wire.Num(at), Iter: s.Iter(),
		TrainAcc: wire.Num(trainAcc), TestAcc: wire.Num(testAcc), TrainLoss: wire.Num(trainLoss), TestLoss: wire.Num(testLoss),
	}, Pred: pred, UnitFrac: unit}
}

// Train runs steps for about budget while playing, then posts a state
// message with a snapshot if the last one is older than SnapshotEvery (and
// always when training stopped).
func (s *Session) Train(budget time.Duration) {
	if !s.playing || s.net == nil {
		return
	}
	start := s.Now()
	var stepTime, evalTime time.Duration
	n := 0
	for s.Now().Sub(start) < budget {
		t0 := s.Now()
		s.evalTime = 0
		ok := s.step()
		stepTime += s.Now().Sub(t0) - s.evalTime
		evalTime += s.evalTime
		if !ok {
			break
		}
		n++
	}
	end := s.Now()
	if n > 0 && stepTime > 0 {
		s.noteSpeed(n, stepTime, end, evalTime)
	}
	s.chunkEnd = end
	if s.Iter() >= s.set.Iters {
		s.playing = false
	}
	if !s.playing && s.state() != wire.StatusTraining {
		s.chunkEnd = time.Time{}
		s.Post(s.progress(true))
		return
	}
	if s.Now().Sub(s.lastSnap) >= SnapshotEvery {
		s.Post(s.progress(true))
	}
}

// speedMemory is how long the samples/s readout remembers: it is a moving
// average of the chunks' speeds with this time constant, steady enough to
// read while it still follows a change of batch size within seconds.
const speedMemory = time.Second

// speedSettle is how much training the readout takes to settle after a
// start or a resume, three of its time constants: until then the page says
// it is warming up.
const speedSettle = 3 * speedMemory

// noteSpeed folds a chunk of n steps into the samples/s readout. The
// chunk's time runs from the end of the previous chunk's steps, so that it
// counts what training with the views open costs the trainer (the previous
// chunk's message and its snapshot, the look at the inbox), but not an
// epoch's evaluation (12,000 forward passes: not training, and the figure
// would drop in every chunk that ends an epoch). The first chunk after a
// start, a pause or a message from the page has only its steps' time. The
// first chunk after a start or a resume replaces the readout instead of
// joining the average: the speed before a pause, minutes ago perhaps, says
// nothing about now (and the page keeps showing it while paused).
func (s *Session) noteSpeed(n int, stepTime time.Duration, end time.Time, evalTime time.Duration) {
	span := stepTime
	if !s.chunkEnd.IsZero() {
		if d := end.Sub(s.chunkEnd) - evalTime; d >= stepTime {
			span = d
		}
	}
	sps := float64(n*s.set.BatchSize) / span.Seconds()
	s.trained += int64(n * s.set.BatchSize)
	s.trainedT += span
	if s.spsStale {
		s.sps, s.spsStale, s.spsFor = sps, false, span
		return
	}
	s.spsFor += span
	w := 1 - math.Exp(-float64(span)/float64(speedMemory))
	s.sps += w * (sps - s.sps)
}

// Handle carries out one message from the UI.
func (s *Session) Handle(m wire.Msg) {
	// What the page asks for (a gradient check, a step, a new net) is not
	// training time.
	s.chunkEnd = time.Time{}
	switch m := m.(type) {
	case wire.Init:
		if err := s.Init(m.Settings); err != nil {
			s.Post(settingsError(err))
			return
		}
		s.Post(s.progress(true))
	case wire.Configure:
		if err := s.Configure(m.Settings); err != nil {
			s.Post(settingsError(err))
			return
		}
		s.Post(s.progress(false))
	case wire.Play:
		if s.net != nil && s.Iter() < s.set.Iters {
			s.playing, s.spsStale = true, true
			s.Post(s.progress(false))
		}
	case wire.Pause:
		s.playing = false
		s.Post(s.progress(s.dirty))
	case wire.Step:
		if s.net == nil {
			s.Post(wire.Error{Code: wire.ErrNoNet})
			return
		}
		s.playing = false
		for range max(m.Steps, 1) {
			if !s.step() {
				return
			}
		}
		s.Post(s.progress(true))
	case wire.Teach:
		s.teach(m)
	case wire.Rewind:
		s.Post(s.past(m.Iter))
	case wire.TrainFrom:
		s.trainFrom(m.Iter)
	case wire.FineTune:
		s.fineTune(m)
	case wire.Bench:
		s.Post(s.bench(m.Iters, m.Warmup))
	case wire.GradCheck:
		s.gradCheck(m.Break)
	case wire.Import:
		if err := s.Import(m.File); err != nil {
			s.Post(importError(err))
			return
		}
		s.Post(s.imported)
		s.Post(s.progress(true))
		s.Post(s.epochStats())
	default:
		s.Post(wire.Error{Code: wire.ErrMessage, Args: []string{string(m.Kind())}})
	}
}

// settingsError is the message for Init's and Configure's error.
func settingsError(err error) wire.Error {
	var le *wire.LimitError
	switch {
	case errors.As(err, &le):
		return wire.Error{Code: wire.ErrSettings, Args: le.Args(), Detail: err.Error()}
	case errors.Is(err, errShape):
		return wire.Error{Code: wire.ErrShape, Detail: err.Error()}
	}
	return wire.Error{Code: wire.ErrInternal, Detail: err.Error()}
}

// ImportError is Import's error: why a weights file was refused, with the
// values the page's sentence needs.
type ImportError struct {
	Reason wire.ImportReason
	Args   []string
	Err    error // the engine's own words
}

func (e *ImportError) Error() string { return e.Err.Error() }

func (e *ImportError) Unwrap() error { return e.Err }

// importError is the message for Import's error.
func importError(err error) wire.Error {
	var ie *ImportError
	if errors.As(err, &ie) {
		return wire.Error{Code: wire.ErrImport, Args: append([]string{string(ie.Reason)}, ie.Args...), Detail: err.Error()}
	}
	return wire.Error{Code: wire.ErrInternal, Detail: err.Error()}
}

// refuse returns an *ImportError.
func refuse(r wire.ImportReason, err error, args ...any) *ImportError {
	s := make([]string, len(args))
	for i, a := range args {
		s[i] = fmt.Sprint(a)
	}
	return &ImportError{Reason: r, Args: s, Err: err}
}

// formatReason is the reason for a checkpoint.FormatError of kind k.
func formatReason(k error) wire.ImportReason {
	switch k {
	case checkpoint.ErrMagic:
		return wire.NotWeights
	case checkpoint.ErrVersion:
		return wire.BadVersion
	case checkpoint.ErrOption, checkpoint.ErrSize:
		return wire.BadOption
	case checkpoint.ErrNotFinite:
		return wire.NotFiniteW
	}
	return wire.Corrupt
}

// Import makes the net of a weights file (package checkpoint's format) the
// session's net, with the file's settings and the current iteration budget.
// The file must fit the data (784 inputs, 10 classes), its settings the
// app's limits, and its weights must give finite scores on the test set.
// On error, an *ImportError, nothing changes.
func (s *Session) Import(b []byte) error {
	if len(b) > wire.MaxFileBytes {
		return refuse(wire.TooBig, fmt.Errorf("the file has %d bytes; a weights file of this app has at most %d", len(b), wire.MaxFileBytes), len(b), wire.MaxFileBytes)
	}
	ck, err := checkpoint.Decode(b)
	if err != nil {
		var fe *checkpoint.FormatError
		if errors.As(err, &fe) {
			return refuse(formatReason(fe.Kind), err)
		}
		return refuse(wire.Corrupt, err)
	}
	m := ck.Meta
	if m.Input != s.train.Cols() || m.Output != 10 {
		return refuse(wire.BadShape, fmt.Errorf("the file's net is %d-%d-%d; this page trains %d-hidden-10 nets", m.Input, m.Hidden, m.Output, s.train.Cols()),
			m.Input, m.Hidden, m.Output)
	}
	budget := wire.DefaultSettings().Iters
	if s.net != nil {
		budget = s.set.Iters
	}
	set := wire.Settings{Hidden: m.Hidden, Activation: m.Activation, Init: m.Init, Seed: m.Seed,
		LearningRate: m.LearningRate, BatchSize: m.BatchSize, Sampling: m.Sampling, Iters: max(budget, m.Iters, 1),
		Augment: m.Augment != nil}
	if err := set.Check(s.train.Len()); err != nil {
		var le *wire.LimitError
		if errors.As(err, &le) {
			if le.Field == wire.FieldIters {
				le.Value = float64(m.Iters)
			}
			return refuse(wire.OutOfLimits, err, toAny(le.Args())...)
		}
		return refuse(wire.BadOption, err)
	}
	old := *s
	if err := s.Init(set); err != nil {
		*s = old
		return refuse(wire.BadOption, err)
	}
	if err := s.net.SetParams(ck.W1, ck.B1, ck.W2, ck.B2); err != nil {
		*s = old
		return refuse(wire.Corrupt, err)
	}
	// Weights can be finite and still overflow the scores (1e308 is a
	// valid float): such a net would show NaN everywhere.
	if _, loss := nn.Evaluate(s.net, s.test, 500); math.IsNaN(loss) || math.IsInf(loss, 0) {
		*s = old
		return refuse(wire.Overflows, errors.New("the weights make the net's scores overflow on the test images"))
	}
	s.iterBase = m.Iters
	s.imported, s.epochBase = s.importedMsg(ck)
	s.startTimeline() // from the file's weights, at its iteration
	return nil
}

// importedMsg describes the net of ck, which became the session's: its
// history and, when it was trained on other data than the session's, that
// training, and the epochs of its iterations.
func (s *Session) importedMsg(ck *checkpoint.Checkpoint) (wire.Imported, float64) {
	m := ck.Meta
	im := wire.Imported{Settings: s.set, Iter: m.Iters}
	page := wire.DataDesc(wire.BundledData, s.train.Len(), s.test.Len())
	per := float64(s.tr.ItersPerEpoch())
	if m.Data != "" && m.Data != page {
		im.Prior = &wire.Prior{Data: m.Data, Epochs: wire.Num(math.NaN())}
		per = math.NaN()
		if _, n, _, ok := wire.ParseDataDesc(m.Data); ok {
			im.Prior.TrainImages = n
			per = float64(max(n/m.BatchSize, 1))
			im.Prior.Epochs = wire.Num(float64(m.Iters) / per)
		}
	}
	for _, e := range ck.History {
		at := float64(e.Iter) / per
		im.History = append(im.History, wire.EpochStats{Epoch: int(math.Ceil(at - 1e-9)), At: wire.Num(at), Iter: e.Iter,
			TrainAcc: wire.Num(e.TrainAcc), TestAcc: wire.Num(e.TestAcc), TrainLoss: wire.Num(math.NaN()), TestLoss: wire.Num(math.NaN())})
	}
	return im, float64(m.Iters) / per
}

func toAny(s []string) []any {
	out := make([]any, len(s))
	for i, v := range s {
		out[i] = v
	}
	return out
}

// gradCheck runs the book's gradient check (numerical vs backprop gradient
// on the first broken.CheckBatch training images: three, as the book does,
// or a square batch for affine-square in a small net) on a copy of the
// current net, with the layer that kind names deliberately broken ("none":
// none), posting its progress about ten times a second. The means travel
// as the array "graddiffs" (W1, b1, W2, b2), with every element's
// difference, numerical and backprop gradient beside them: a broken layer
// can make them NaN.
func (s *Session) gradCheck(kind string) {
	if s.net == nil {
		s.Post(wire.Error{Code: wire.ErrNoNet})
		return
	}
	net, err := broken.Apply(s.net, kind)
	if err != nil {
		s.Post(wire.Error{Code: wire.ErrBreak, Args: []string{kind}, Detail: err.Error()})
		return
	}
	n := min(broken.CheckBatch(kind, net.Config()), s.train.Len())
	x := s.train.Rows(0, n)
	last := s.Now()
	r := nn.GradCheckElements(net, x, s.train.Labels[:n], func(done, total int) {
		if now := s.Now(); now.Sub(last) >= SnapshotEvery || done == total {
			last = now
			s.Post(wire.GradProgress{Break: kind, Done: done, Total: total})
		}
	})
	d := r.Mean
	s.Post(wire.GradResult{Break: kind, Diffs: []float64{d.W1, d.B1, d.W2, d.B2}, Images: n,
		Diff: gradMaps(r.Diff), Numerical: gradMaps(r.Numerical), Backprop: gradMaps(r.Backprop)})
}

// gradMaps returns g's arrays, which GradCheckElements made for the
// message alone.
func gradMaps(g *nn.Grads) wire.GradMaps {
	return wire.GradMaps{W1: g.W1.RawMatrix().Data, B1: g.B1.RawVector().Data,
		W2: g.W2.RawMatrix().Data, B2: g.B2.RawVector().Data}
}

// bench runs warm steps, then n timed steps, each with the book's settings
// on a fresh net, without snapshots or evaluation. The warm-up lets the
// browser optimize the code that the steps run before they are timed: it
// compiles a function's optimized code in the background once the function
// has run for a while, on the cores the workers train on. A stop ends it
// early: the result is of the steps done, marked stopped.
func (s *Session) bench(n, warm int) wire.Msg {
	if n <= 0 || n > wire.MaxBenchIters {
		return wire.Error{Code: wire.ErrBench, Args: []string{"iters", fmt.Sprint(n), fmt.Sprint(wire.MaxBenchIters)},
			Detail: fmt.Sprintf("worker: bench iterations %d must be in 1..%d", n, wire.MaxBenchIters)}
	}
	if warm < 0 || warm > wire.MaxBenchWarmup {
		return wire.Error{Code: wire.ErrBench, Args: []string{"warmup", fmt.Sprint(warm), fmt.Sprint(wire.MaxBenchWarmup)},
			Detail: fmt.Sprintf("worker: bench warm-up %d must be in 0..%d", warm, wire.MaxBenchWarmup)}
	}
	var warmTime time.Duration
	warmDone := 0
	if warm > 0 && !s.BenchStopped() {
		_, tr, _, err := s.benchTrainer()
		if err == nil {
			warmDone, _, warmTime, err = s.steps(tr, warm)
		}
		if err != nil {
			return wire.Error{Code: wire.ErrInternal, Detail: err.Error()}
		}
	}
	net, tr, times, err := s.benchTrainer()
	if err != nil {
		return wire.Error{Code: wire.ErrInternal, Detail: err.Error()}
	}
	workers := 1
	if times != nil {
		workers += s.Pool.Size()
	}
	helperTimes, _ := s.Pool.(interface {
		HelperTimes() (busy, grad time.Duration)
	})
	if helperTimes != nil {
		helperTimes.HelperTimes() // from now on
	}
	done, loss := 0, math.NaN()
	var d time.Duration
	if !s.BenchStopped() {
		if done, loss, d, err = s.steps(tr, n); err != nil {
			return wire.Error{Code: wire.ErrInternal, Detail: err.Error()}
		}
	}
	millis := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	b := wire.BenchResult{
		Iters: done, Batch: tr.Config().BatchSize, Ms: millis(d), Workers: workers,
		WarmupIters: warmDone, WarmupMs: millis(warmTime),
		Loss: wire.Num(loss),
	}
	if d > 0 {
		b.SamplesPerSec = float64(done*tr.Config().BatchSize) / d.Seconds()
	}
	if done < n {
		b.Stopped, b.ItersAsked, b.WarmupAsked = true, n, warm
	}
	if times != nil {
		b.OwnMs, b.WaitMs, b.StartMs = millis(times.own), millis(times.wait), millis(times.start)
		if done > 0 {
			b.OwnRows = float64(times.rows) / float64(done)
		}
		if k, ok := s.Pool.(interface{ Kind() string }); ok {
			b.Pool = k.Kind()
		}
		if helperTimes != nil {
			busy, grad := helperTimes.HelperTimes()
			b.HelperMs, b.HelperGradMs = millis(busy), millis(grad)
		}
	}
	var sum, sq float64
	for _, p := range paramData(net) {
		for _, v := range p {
			sum += v
			sq += v * v
		}
	}
	b.ParamSum, b.ParamSq = wire.Num(sum), wire.Num(sq)
	return wire.BenchDone{Result: b}
}

// steps runs n training steps of tr, fewer if the page stops the bench,
// and returns how many it ran, the last loss and their time. It looks for
// a stop every BenchLook.
func (s *Session) steps(tr *nn.Trainer, n int) (done int, loss float64, d time.Duration, err error) {
	start := s.Now()
	look := start
	for done < n {
		if loss, err = tr.Step(); err != nil {
			return done, 0, 0, err
		}
		done++
		if now := s.Now(); now.Sub(look) >= BenchLook {
			look = now
			s.Yield()
			if s.BenchStopped() {
				break
			}
		}
	}
	return done, loss, s.Now().Sub(start), nil
}

// benchTrainer builds the bench's net and trainer with the book's settings,
// training data-parallel with the session's pool if it has helpers (times
// is then where their times go, else nil).
func (s *Session) benchTrainer() (*nn.TwoLayerNet, *nn.Trainer, *parallelTimes, error) {
	set := wire.DefaultSettings()
	nc, _ := netConfig(set)
	tc, _ := trainConfig(set)
	net, err := nn.NewTwoLayerNet(nc)
	if err != nil {
		return nil, nil, nil, err
	}
	tr, err := nn.NewTrainer(net, tc, s.train)
	if err != nil {
		return nil, nil, nil, err
	}
	var times *parallelTimes
	if s.Pool != nil && s.Pool.Size() > 0 {
		times = &parallelTimes{now: s.Now}
		tr.SetGradient(parallelGradient(net, tr, s.Pool, func(error) {}, times))
	}
	return net, tr, times, nil
}

// teach takes one SGD step on the learner's digit alone, with the
// learning rate it asks for, and posts the digit's loss and probabilities before and
// after it, then a snapshot whose gradient is that digit's. A step that
// would make a weight or the loss not finite is undone and reported. The
// step is not an iteration of the run.
func (s *Session) teach(m wire.Teach) {
	if s.net == nil {
		s.Post(wire.Error{Code: wire.ErrNoNet})
		return
	}
	if len(m.Pixels) != s.train.Cols() || m.Label < 0 || m.Label >= s.net.Config().Output || !(m.LR > 0 && m.LR <= wire.MaxTeachLR) {
		s.Post(wire.Error{Code: wire.ErrMessage, Args: []string{string(m.Kind())},
			Detail: fmt.Sprintf("worker: teach needs %d pixels, a label 0-9 and a learning rate in (0, %v], got %d pixels, label %d, rate %v",
				s.train.Cols(), wire.MaxTeachLR, len(m.Pixels), m.Label, m.LR)})
		return
	}
	s.playing = false
	x := mat.NewDense(1, len(m.Pixels), m.Pixels)
	labels := []int{m.Label}
	probs := func() []wire.Num {
		p := mat.NewDense(1, s.net.Config().Output, nil)
		s.net.Probabilities(x, p)
		out := make([]wire.Num, len(p.RawRowView(0)))
		for i, v := range p.RawRowView(0) {
			out[i] = wire.Num(v)
		}
		return out
	}
	t := wire.Taught{Label: m.Label, Before: probs()}
	before := paramData(s.net.Clone())
	loss, g := s.net.Gradient(x, labels)
	s.net.ApplySGD(g, m.LR)
	t.LossBefore, t.LossAfter, t.After = wire.Num(loss), wire.Num(s.net.Loss(x, labels)), probs()
	if !finiteAll(paramData(s.net)) || math.IsNaN(float64(t.LossAfter)) || math.IsInf(float64(t.LossAfter), 0) {
		if err := s.net.SetParams(before[0], before[1], before[2], before[3]); err != nil {
			s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
		}
		s.Post(wire.Diverged{Cause: wire.NotFinite, Iter: s.Iter(), GoodIter: s.Iter(),
			Detail: "the step on your digit made the net's weights or its loss not finite; the weights before it are restored"})
		s.Post(s.progress(true))
		return
	}
	s.stepped, s.dirty = true, true
	t.DW1 = g.W1.RawMatrix().Data // Post copies it
	s.Post(t)
	st := s.progress(true)
	st.Norms = nil // the norms chart follows the run's iterations
	s.Post(st)
	s.Post(s.epochStats()) // the accuracies shown are of the net as it is now
}

func finiteAll(arrays [4][]float64) bool {
	for _, a := range arrays {
		for _, v := range a {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return false
			}
		}
	}
	return true
}

// fineTune trains m.Iters iterations of the run (past its budget if need
// be) in which the last fifth of each mini-batch is replaced by the
// learner's digits, drawn with replacement by a generator seeded from the
// run's seed and iteration. These batches are neither augmented nor shared
// with the helpers, which read the training images by index.
func (s *Session) fineTune(m wire.FineTune) {
	n, cols := len(m.Labels), s.train.Cols()
	switch {
	case s.net == nil:
		s.Post(wire.Error{Code: wire.ErrNoNet})
		return
	case n == 0 || n > wire.MaxMine || len(m.Pixels) != n*cols || m.Iters < 1 || m.Iters > wire.MaxFineTune:
		s.Post(wire.Error{Code: wire.ErrMessage, Args: []string{string(m.Kind())},
			Detail: fmt.Sprintf("worker: fine-tune needs 1 to %d digits of %d pixels and 1 to %d iterations, got %d labels, %d pixels, %d iterations",
				wire.MaxMine, cols, wire.MaxFineTune, n, len(m.Pixels), m.Iters)})
		return
	}
	for _, l := range m.Labels {
		if l < 0 || l >= s.net.Config().Output {
			s.Post(wire.Error{Code: wire.ErrMessage, Args: []string{string(m.Kind())}, Detail: fmt.Sprintf("worker: fine-tune label %d is not a digit", l)})
			return
		}
	}
	s.playing = false
	mine := make([]float64, len(m.Pixels))
	for i, p := range m.Pixels {
		mine[i] = float64(p) / 255
	}
	rng := rand.New(rand.NewPCG(s.set.Seed, uint64(s.Iter())^0x6d696e65))
	xm := mat.NewDense(s.set.BatchSize, cols, nil)
	lm := make([]int, s.set.BatchSize)
	net := s.net
	s.tr.SetGradient(func(x *mat.Dense, labels []int) (float64, *nn.Grads) {
		xm.Copy(x)
		copy(lm, labels)
		for r := len(lm) - len(lm)/5; r < len(lm); r++ {
			k := rng.IntN(n)
			copy(xm.RawRowView(r), mine[k*cols:(k+1)*cols])
			lm[r] = m.Labels[k]
		}
		return net.Gradient(xm, lm)
	})
	done := 0
	for done < m.Iters && s.stepNow() {
		done++
	}
	// Back to the run's own batches.
	s.tr.SetGradient(nil)
	if err := s.gradients(s.tr, s.net, s.set, iterSeed(s.set.Seed, s.Iter())); err != nil {
		s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
	}
	s.Post(wire.Tuned{Iters: done, Mine: n})
	s.Post(s.progress(true))
	if s.Iter()%s.tr.ItersPerEpoch() != 0 {
		s.Post(s.epochStats()) // the accuracies shown are of the net as it is now
	}
}

// past returns the timeline's snapshot of iteration it.
func (s *Session) past(it int) wire.Msg {
	if s.tl == nil {
		return wire.Error{Code: wire.ErrNoNet}
	}
	sh, ok := s.tl.At(it)
	if !ok {
		return wire.Past{Iter: it, Missing: true}
	}
	return wire.Past{Iter: it, W1: f64(sh.W1), B1: f64(sh.B1), W2: f64(sh.W2), B2: f64(sh.B2)}
}

// trainFrom makes the timeline's snapshot of iteration it the net, drops
// the run after it and goes on from there with a trainer seeded from the
// seed and it (as Configure does), paused.
func (s *Session) trainFrom(it int) {
	sh, ok := s.tl.At(it)
	if s.net == nil || !ok {
		s.Post(wire.Past{Iter: it, Missing: true})
		return
	}
	tc, err := trainConfig(s.set)
	if err != nil {
		s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
		return
	}
	tc.Seed = iterSeed(s.set.Seed, it)
	tr, err := nn.NewTrainer(s.net, tc, s.train)
	if err == nil {
		err = s.gradients(tr, s.net, s.set, tc.Seed)
	}
	if err == nil {
		err = s.net.SetParams(f64(sh.W1), f64(sh.B1), f64(sh.W2), f64(sh.B2))
	}
	if err != nil {
		s.Post(wire.Error{Code: wire.ErrInternal, Detail: err.Error()})
		return
	}
	s.tr, s.iterBase, s.epochBase = tr, it, sh.Epochs
	s.tl.Truncate(it)
	s.tlChanged = true
	s.playing, s.stepped, s.dirty = false, false, true
	s.good, s.goodIter, s.badRun = [4][]float64{}, it, 0
	s.losses, s.lossFirst, s.lastLoss = s.losses[:0], it+1, math.NaN()
	s.Post(wire.Rewound{Iter: it})
	s.Post(s.progress(true))
	s.Post(s.epochStats())
}
