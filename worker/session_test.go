package worker

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
	"gonum.org/v1/gonum/mat"
)

// synth returns n random 784-pixel "images" whose label is decided by which
// quarter of the image is brightest, so that a net can learn it.
func synth(t *testing.T, n int, seed uint64) nn.Dataset {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 0))
	pix := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range n {
		c := rng.IntN(4)
		lab[i] = uint8(c)
		for j := range 784 {
			v := rng.IntN(60)
			if j/196 == c {
				v += 150
			}
			pix[i*784+j] = uint8(v)
		}
	}
	d, err := nn.NewDataset(pix, lab, n, 784)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

type recorder struct {
	t    *testing.T
	msgs []wire.Msg
}

// post records a copy of m, as wire.Post sends one: it encodes it (which
// fails for a message that cannot travel) and decodes copies of its arrays.
func (r *recorder) post(m wire.Msg) {
	h, f, b, err := wire.Encode(m)
	if err != nil {
		r.t.Errorf("message %s cannot be sent: %v", m.Kind(), err)
		return
	}
	fs := make([][]float64, len(f))
	for i, a := range f {
		fs[i] = slices.Clone(a)
	}
	c, err := wire.Decode(h, fs, slices.Clone(b))
	if err != nil {
		r.t.Errorf("message %s does not decode: %v", m.Kind(), err)
		return
	}
	r.msgs = append(r.msgs, c)
}

// last returns the last message of type T.
func last[T wire.Msg](r *recorder) (T, bool) {
	for i := len(r.msgs) - 1; i >= 0; i-- {
		if m, ok := r.msgs[i].(T); ok {
			return m, true
		}
	}
	var zero T
	return zero, false
}

// all returns the messages of type T in order.
func all[T wire.Msg](r *recorder) []T {
	var out []T
	for _, m := range r.msgs {
		if v, ok := m.(T); ok {
			out = append(out, v)
		}
	}
	return out
}

// newSession returns a session on synthetic data whose clock advances 1 ms per reading.
func newSession(t *testing.T) (*Session, *recorder) {
	s, r, _ := clockedSession(t, nil)
	return s, r
}

// clockedSession is newSession with its clock in the test's hands: the
// clock also advances cost(m) for each message m the session posts (if
// cost is not nil), and the test may move it.
func clockedSession(t *testing.T, cost func(wire.Msg) time.Duration) (*Session, *recorder, *time.Time) {
	s := NewSession(synth(t, 500, 1), synth(t, 100, 2))
	r := &recorder{t: t}
	now := new(time.Time)
	*now = time.Unix(0, 0)
	s.Now = func() time.Time { *now = now.Add(time.Millisecond); return *now }
	s.Post = func(m wire.Msg) {
		if cost != nil {
			*now = now.Add(cost(m))
		}
		r.post(m)
	}
	return s, r, now
}

// play starts training a net of tiny()'s shape with a budget of iters.
func play(s *Session, iters int) {
	set := tiny()
	set.Iters = iters
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Play{})
}

// tiny is a net whose steps cost next to nothing: for the tests of the
// samples/s readout, which run under a fake clock and count steps, not time.
func tiny() wire.Settings {
	s := wire.DefaultSettings()
	s.Hidden, s.BatchSize, s.Iters = 2, 5, 40
	return s
}

func small() wire.Settings {
	s := wire.DefaultSettings()
	s.BatchSize, s.Iters = 50, 40 // 10 iterations per epoch, 4 epochs
	return s
}

func TestInitSendsSnapshot(t *testing.T) {
	s, r := newSession(t)
	set := small()
	s.Handle(wire.Init{Settings: set})
	m, ok := last[wire.State](r)
	if !ok {
		t.Fatalf("no state message: %+v", r.msgs)
	}
	if m.Progress.Status != wire.StatusReady || m.Progress.Iter != 0 || !math.IsNaN(float64(m.Progress.Loss)) {
		t.Errorf("progress = %+v, want ready at 0 without a loss", m.Progress)
	}
	if m.Snapshot == nil || !m.Snapshot.Shaped(784, 10) || m.Snapshot.Hidden() != 50 {
		t.Fatalf("snapshot %v, want a 784-50-10 net", m.Snapshot)
	}
	// No step yet: no gradient was computed, and none is sent as zeros.
	if m.Snapshot.HasGrads() || m.Norms != nil {
		t.Errorf("a new net's snapshot carries a gradient (%d values) or norms %v", len(m.Snapshot.DW1), m.Norms)
	}
	s.Handle(wire.Step{Steps: 1})
	m, _ = last[wire.State](r)
	if !m.Snapshot.HasGrads() || !m.Snapshot.Shaped(784, 10) || len(m.Norms) != 4 || !(m.Norms[0] > 0) {
		t.Errorf("after a step: gradient %v, norms %v", m.Snapshot.HasGrads(), m.Norms)
	}
}

func TestSameSeedSameRun(t *testing.T) {
	losses := func() []float64 {
		s, r := newSession(t)
		set := small()
		s.Handle(wire.Init{Settings: set})
		s.Handle(wire.Step{Steps: 5})
		m, _ := last[wire.State](r)
		return m.Losses
	}
	a, b := losses(), losses()
	if len(a) != 5 {
		t.Fatalf("%d losses after 5 steps, want 5", len(a))
	}
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("run differs at step %d: %v vs %v", i+1, a[i], b[i])
		}
	}
}

func TestPlayToBudget(t *testing.T) {
	s, r := newSession(t)
	set := small()
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Play{})
	if !s.Playing() {
		t.Fatal("not playing after play")
	}
	for i := 0; s.Playing() && i < 1000; i++ {
		s.Train(20 * time.Millisecond)
	}
	if s.Playing() || s.Iter() != set.Iters {
		t.Fatalf("playing=%v at iteration %d, want stopped at %d", s.Playing(), s.Iter(), set.Iters)
	}
	m, _ := last[wire.State](r)
	if m.Progress.Status != wire.StatusDone {
		t.Errorf("state %q at the budget, want done", m.Progress.Status)
	}
	if n := len(all[wire.Epoch](r)); n != 4 {
		t.Errorf("%d epoch messages, want 4", n)
	}
	e, _ := last[wire.Epoch](r)
	if e.Stats.TestAcc < 0.9 {
		t.Errorf("test accuracy %v on an easy problem, want >= 0.9", e.Stats.TestAcc)
	}
	// Losses arrive once each: as many as iterations.
	n := 0
	for _, m := range all[wire.State](r) {
		n += len(m.Losses)
	}
	if n != set.Iters {
		t.Errorf("%d losses sent for %d iterations", n, set.Iters)
	}
}

func TestPauseStops(t *testing.T) {
	s, _ := newSession(t)
	set := small()
	set.Iters = 1000
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Play{})
	s.Train(5 * time.Millisecond)
	s.Handle(wire.Pause{})
	it := s.Iter()
	s.Train(50 * time.Millisecond)
	if s.Iter() != it || s.Playing() {
		t.Fatalf("trained after pause: %d -> %d", it, s.Iter())
	}
}

func TestDivergencePausesAndKeepsWeights(t *testing.T) {
	s, r := newSession(t)
	// The training images as float64, so that a pixel can be made
	// infinite below (the trainer reads the same matrix).
	x := s.train.Rows(0, s.train.Len())
	s.train = nn.Dataset{X: x, Labels: s.train.Labels}
	set := small()
	set.Iters = 2000
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Step{Steps: 3})
	// Poison one pixel of every training image: the next step's loss is
	// not finite, whatever the rate.
	rows, _ := x.Dims()
	for i := range rows {
		x.Set(i, 300, math.Inf(1))
	}
	s.Handle(wire.Play{})
	for i := 0; s.Playing() && i < 1000; i++ {
		s.Train(20 * time.Millisecond)
	}
	d, ok := last[wire.Diverged](r)
	if !ok {
		t.Fatalf("no divergence reported after %d iterations", s.Iter())
	}
	if s.Iter() != 3 {
		t.Errorf("iteration %d after the failed step, want 3 (the step is not counted)", s.Iter())
	}
	if d.Cause != wire.NotFinite || d.Iter != 4 || !strings.Contains(d.Detail, "iteration 4") {
		t.Errorf("divergence %+v, want not finite at iteration 4", d)
	}
	for i := range rows {
		x.Set(i, 300, 0.5)
	}
	m, _ := last[wire.State](r)
	if m.Progress.Status != wire.StatusPaused {
		t.Errorf("state %q after divergence, want paused", m.Progress.Status)
	}
	for i, p := range [][]float64{m.Snapshot.W1, m.Snapshot.B1, m.Snapshot.W2, m.Snapshot.B2} {
		for _, v := range p {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				t.Fatalf("parameter %d holds %v after divergence", i, v)
			}
		}
	}
	if m.Snapshot.HasGrads() {
		t.Error("after divergence the snapshot carries the gradient of the step that failed")
	}
	// Lower the rate and go on.
	set.LearningRate = 0.01
	s.Handle(wire.Configure{Settings: set})
	it := s.Iter()
	s.Handle(wire.Step{Steps: 3})
	if s.Iter() != it+3 {
		t.Errorf("after lowering the rate: iteration %d, want %d", s.Iter(), it+3)
	}
}

func TestBadSettingsAreRefused(t *testing.T) {
	s, r := newSession(t)
	set := small()
	set.Hidden = 0
	s.Handle(wire.Init{Settings: set})
	if e, ok := last[wire.Error](r); !ok || e.Code != wire.ErrSettings || e.Args[0] != "hidden" || s.Net() != nil {
		t.Fatalf("hidden 0 accepted: %+v", r.msgs)
	}
	good := small()
	s.Handle(wire.Init{Settings: good})
	shape := good
	shape.Hidden = 20
	before := len(r.msgs)
	s.Handle(wire.Configure{Settings: shape})
	if m, ok := last[wire.Error](r); !ok || len(r.msgs) == before || m.Code != wire.ErrShape {
		t.Fatalf("configure changed the shape: %+v", r.msgs[before:])
	}
	if s.Net().Config().Hidden != 50 {
		t.Fatal("the net changed")
	}
}

func TestBench(t *testing.T) {
	s, r := newSession(t)
	s.Handle(wire.Bench{Iters: 0})
	if _, ok := last[wire.Error](r); !ok {
		t.Fatal("bench of 0 iterations accepted")
	}
	s.Handle(wire.Bench{Iters: 3})
	b, ok := last[wire.BenchDone](r)
	m := b.Result
	if !ok || m.Iters != 3 || m.Batch != 100 || !(m.SamplesPerSec > 0) || m.WarmupIters != 0 {
		t.Fatalf("bench result %+v", m)
	}
	// A warm-up runs on a net of its own: the timed steps train the same
	// net the same way, to the same loss and parameters.
	s.Handle(wire.Bench{Iters: 3, Warmup: 5})
	wb, ok := last[wire.BenchDone](r)
	w := wb.Result
	if !ok || w.Iters != 3 || w.WarmupIters != 5 || !(w.WarmupMs > 0) {
		t.Fatalf("bench result with a warm-up %+v", w)
	}
	if w.Loss != m.Loss || w.ParamSum != m.ParamSum || w.ParamSq != m.ParamSq {
		t.Errorf("after a warm-up: loss %v, parameter sum %v, sum of squares %v; without: %v, %v, %v",
			w.Loss, w.ParamSum, w.ParamSq, m.Loss, m.ParamSum, m.ParamSq)
	}
	s.Handle(wire.Bench{Iters: 3, Warmup: -1})
	if e, ok := last[wire.Error](r); !ok || e.Code != wire.ErrBench || e.Args[0] != "warmup" {
		t.Errorf("a negative warm-up: %+v, want an error", e)
	}
}

// A stopped bench ends within a look of the stop and reports the steps it
// did, marked stopped, with the numbers of those steps.
func TestBenchStop(t *testing.T) {
	s, r, _ := clockedSession(t, nil)
	// The clock moves 1 ms a reading: a look every 100 steps or so.
	yields, stop := 0, false
	s.Yield = func() {
		yields++
		stop = yields == 3 // the page's stop arrives while the bench yields
	}
	s.BenchStopped = func() bool { return stop }
	s.Handle(wire.Bench{Iters: 100000, Warmup: 10})
	b, ok := last[wire.BenchDone](r)
	m := b.Result
	if !ok || !m.Stopped || m.ItersAsked != 100000 || m.WarmupAsked != 10 || m.WarmupIters != 10 {
		t.Fatalf("stopped bench: %+v", m)
	}
	if m.Iters <= 0 || m.Iters > 400 || !(m.Ms > 0) || math.IsNaN(float64(m.Loss)) {
		t.Errorf("stopped bench: %d steps in %v ms, loss %v; want the few hundred before the third look", m.Iters, m.Ms, m.Loss)
	}
	if want := float64(m.Iters*m.Batch) / (m.Ms / 1000); math.Abs(m.SamplesPerSec-want) > 1e-6*want {
		t.Errorf("samples/s %v, want %v of the steps done", m.SamplesPerSec, want)
	}

	// A stop during the warm-up times nothing.
	yields, stop = 0, false
	s.Handle(wire.Bench{Iters: 100, Warmup: 100000})
	b, _ = last[wire.BenchDone](r)
	if m := b.Result; !m.Stopped || m.Iters != 0 || m.SamplesPerSec != 0 || m.WarmupIters <= 0 || m.WarmupIters >= 100000 {
		t.Errorf("stopped in the warm-up: %+v", m)
	}
}

func TestTestStatsAgreeWithEvaluate(t *testing.T) {
	for _, act := range []string{"relu", "sigmoid"} {
		t.Run(act, func(t *testing.T) {
			s, _ := newSession(t)
			set := small()
			set.Activation = act
			s.Handle(wire.Init{Settings: set})
			s.Handle(wire.Step{Steps: 15})
			acc, loss, pred, unit := testStats(s.net, s.test)
			wantAcc, wantLoss := nn.Evaluate(s.net, s.test, 100)
			// Same arithmetic in other chunk sizes: equal up to summation order.
			if math.Abs(acc-wantAcc) > 1e-12 || math.Abs(loss-wantLoss) > 1e-9*wantLoss {
				t.Fatalf("testStats %v %v, Evaluate %v %v", acc, loss, wantAcc, wantLoss)
			}
			right := 0
			for i, p := range pred {
				if int(p) == s.test.Labels[i] {
					right++
				}
			}
			if got := float64(right) / float64(len(pred)); got != acc {
				t.Fatalf("predictions give accuracy %v, testStats says %v", got, acc)
			}
			if len(unit) != 50 {
				t.Fatalf("%d unit fractions, want 50", len(unit))
			}
			for u, f := range unit {
				if f < 0 || f > 1 {
					t.Fatalf("unit %d fraction %v outside [0,1]", u, f)
				}
			}
		})
	}
}

func TestGradCheckBitesWhenBroken(t *testing.T) {
	s, r := newSession(t)
	set := small()
	set.Hidden = 8 // the numerical gradient costs two forward passes per parameter
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Step{Steps: 20})
	check := func(kind string) []float64 {
		s.Handle(wire.GradCheck{Break: kind})
		m, ok := last[wire.GradResult](r)
		if !ok || m.Break != kind || len(m.Diffs) != 4 {
			t.Fatalf("no result for %s: %+v", kind, r.msgs[len(r.msgs)-1])
		}
		if _, ok := last[wire.GradProgress](r); !ok {
			t.Errorf("no progress for %s", kind)
		}
		return m.Diffs
	}
	for i, d := range check("none") {
		if !(d < 1e-6) {
			t.Errorf("none: diff %d = %g, want < 1e-6", i, d)
		}
	}
	d := check("relu-mask")
	if !(d[0] > 1e-3 || d[1] > 1e-3) {
		t.Errorf("relu-mask: W1, b1 diffs %g %g, want one above 1e-3", d[0], d[1])
	}
	s.Handle(wire.GradCheck{Break: "no-such-bug"})
	if m, _ := last[wire.Error](r); m.Code != wire.ErrBreak {
		t.Error("unknown kind accepted")
	}
}

// encode writes the session's net as a weights file, as the page exports it.
func encode(t *testing.T, s *Session) []byte {
	t.Helper()
	c := s.net.Config()
	ck := checkpoint.Checkpoint{
		W1: make([]float64, c.Input*c.Hidden), B1: make([]float64, c.Hidden),
		W2: make([]float64, c.Hidden*c.Output), B2: make([]float64, c.Output),
		Meta: checkpoint.Meta{Input: c.Input, Hidden: c.Hidden, Output: c.Output,
			Activation: c.Activation.String(), Init: c.Init.String(), WeightStd: c.WeightStd, Seed: c.Seed,
			LearningRate: s.set.LearningRate, BatchSize: s.set.BatchSize, Iters: s.Iter(), Sampling: s.set.Sampling, Creator: "test"},
	}
	s.net.CopyParams(ck.W1, ck.B1, ck.W2, ck.B2)
	b, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImport(t *testing.T) {
	a, _ := newSession(t)
	set := small()
	set.Hidden, set.Activation = 20, "sigmoid"
	a.Handle(wire.Init{Settings: set})
	a.Handle(wire.Step{Steps: 12})
	file := encode(t, a)

	b, r := newSession(t)
	def := small()
	b.Handle(wire.Init{Settings: def})
	b.Handle(wire.Import{File: file})
	m, ok := last[wire.Imported](r)
	if !ok || m.Settings.Hidden != 20 || m.Settings.Activation != "sigmoid" {
		t.Fatalf("imported settings %+v", m.Settings)
	}
	if b.Iter() != 12 {
		t.Errorf("iteration %d after import, want the file's 12", b.Iter())
	}
	accA, lossA := nn.Evaluate(a.net, a.test, 100)
	accB, lossB := nn.Evaluate(b.net, b.test, 100)
	if accA != accB || lossA != lossB {
		t.Fatalf("imported net differs: %v %v vs %v %v", accA, lossA, accB, lossB)
	}
	if _, ok := last[wire.Epoch](r); !ok {
		t.Error("no statistics of the imported net")
	}

	// Bad files leave the net alone.
	before := encode(t, b)
	for _, tc := range []struct {
		name   string
		file   []byte
		reason wire.ImportReason
	}{
		{"empty", nil, wire.Corrupt},
		{"not ours", []byte("PK\x03\x04 a zip file, long enough for a header"), wire.NotWeights},
		{"truncated", file[:len(file)/2], wire.Corrupt},
		{"huge", make([]byte, wire.MaxFileBytes+1), wire.TooBig},
		{"learning rate 1.8e308", edited(t, file, func(m *checkpoint.Meta) { m.LearningRate = 1.7e308 }), wire.OutOfLimits},
		{"seed 2^64-1", edited(t, file, func(m *checkpoint.Meta) { m.Seed = math.MaxUint64 }), wire.OutOfLimits},
		{"iterations 2^63-1", edited(t, file, func(m *checkpoint.Meta) { m.Iters = math.MaxInt64 }), wire.OutOfLimits},
		{"hidden 2049", resized(t, wire.MaxHidden+1), wire.OutOfLimits},
		{"not 784 inputs", edited(t, file, func(m *checkpoint.Meta) {}, 783), wire.BadShape},
		{"weights of 1e308", scaled(t, file, 1e308), wire.Overflows},
	} {
		n := len(r.msgs)
		b.Handle(wire.Import{File: tc.file})
		e, ok := last[wire.Error](r)
		if !ok || len(r.msgs) == n || e.Code != wire.ErrImport || len(e.Args) == 0 || e.Args[0] != string(tc.reason) {
			t.Errorf("%s: got %+v, want an import error of reason %s", tc.name, r.msgs[n:], tc.reason)
		}
		if !bytesEqual(encode(t, b), before) {
			t.Fatalf("%s: the net changed", tc.name)
		}
	}
}

// edited decodes a weights file, edits its header (and with input, makes
// its net that many inputs wide) and encodes it again.
func edited(t *testing.T, file []byte, edit func(*checkpoint.Meta), input ...int) []byte {
	t.Helper()
	ck, err := checkpoint.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	edit(&ck.Meta)
	if len(input) > 0 {
		ck.Meta.Input = input[0]
		ck.W1 = make([]float64, input[0]*ck.Meta.Hidden)
	}
	b, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// scaled sets every weight of a weights file to ±f.
func scaled(t *testing.T, file []byte, f float64) []byte {
	t.Helper()
	ck, err := checkpoint.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, w := range [][]float64{ck.W1, ck.W2} {
		for i := range w {
			w[i] = f * math.Copysign(1, w[i])
		}
	}
	b, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// resized is a valid weights file of a 784-hidden-10 net of zeros.
func resized(t *testing.T, hidden int) []byte {
	t.Helper()
	ck := checkpoint.Checkpoint{
		W1: make([]float64, 784*hidden), B1: make([]float64, hidden), W2: make([]float64, hidden*10), B2: make([]float64, 10),
		Meta: checkpoint.Meta{Input: 784, Hidden: hidden, Output: 10, Activation: "relu", Init: "book", WeightStd: 0.01,
			Seed: 1, LearningRate: 0.1, BatchSize: 100, Sampling: "replace", Creator: "test"},
	}
	b, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func bytesEqual(a, b []byte) bool { return string(a) == string(b) }

func TestBlowUpPausesAndRestores(t *testing.T) {
	// begin builds a net, takes 5 sound steps, then sets the rate to 50.
	begin := func() (*Session, *recorder, wire.Settings) {
		s, r := newSession(t)
		set := small()
		set.Iters = 2000
		s.Handle(wire.Init{Settings: set})
		s.Handle(wire.Step{Steps: 5})
		set.LearningRate = 50
		s.Handle(wire.Configure{Settings: set})
		return s, r, set
	}
	s, r, _ := begin()
	s.Handle(wire.Play{})
	for i := 0; s.Playing() && i < 1000; i++ {
		s.Train(20 * time.Millisecond)
	}
	d, ok := last[wire.Diverged](r)
	if !ok {
		t.Fatalf("rate 50 was not reported after %d iterations", s.Iter())
	}
	if d.Cause != wire.BlowUp || d.Limit != BlowUpLoss || !strings.Contains(d.Detail, "diverged") {
		t.Errorf("divergence %+v", d)
	}
	if s.Playing() {
		t.Error("still playing")
	}
	m, _ := last[wire.State](r)
	if m.Progress.Status != wire.StatusPaused {
		t.Errorf("state %q, want paused", m.Progress.Status)
	}
	// Find the last iteration with a sound loss before the blow-up...
	var losses []float64
	for _, m := range all[wire.State](r) {
		losses = append(losses, m.Losses...)
	}
	lastGood := 0 // 1-based iteration
	for i, l := range losses[:d.Iter-1] {
		if l <= BlowUpLoss {
			lastGood = i + 1
		}
	}
	if d.GoodIter != lastGood-1 {
		t.Errorf("restored iteration %d, want %d (before the last sound step)", d.GoodIter, lastGood-1)
	}
	for i := d.Iter - 1; i < d.Iter-1+BlowUpRun; i++ {
		if losses[i] <= BlowUpLoss {
			t.Fatalf("iteration %d had a sound loss %v inside the reported run", i+1, losses[i])
		}
	}
	// ...its weights (those before that step) are what was restored, bit for bit:
	// replay the same run up to there.
	replay, _, _ := begin()
	if n := lastGood - 1 - 5; n > 0 {
		replay.Handle(wire.Step{Steps: n})
	}
	var want, got [4][]float64
	replay.keepParams(&want)
	s.keepParams(&got)
	for i := range got {
		for k := range got[i] {
			if got[i][k] != want[i][k] {
				t.Fatalf("parameter %d[%d] = %v, want %v (the weights before iteration %d)", i, k, got[i][k], want[i][k], lastGood)
			}
		}
	}
}

// Samples/s counts training only: an epoch's evaluation, however long it
// takes, does not lower it (it used to, in every chunk that ended an
// epoch and at the end of a run).
func TestSamplesPerSecLeavesOutEvaluation(t *testing.T) {
	s, r, _ := clockedSession(t, func(m wire.Msg) time.Duration {
		if _, ok := m.(wire.Epoch); ok {
			return 10 * time.Second // a very slow evaluation
		}
		return 0
	})
	play(s, tiny().Iters)
	for range 20 {
		s.Train(50 * time.Millisecond)
	}
	m, ok := last[wire.State](r)
	if !ok || m.Progress.Status != wire.StatusDone {
		t.Fatalf("the run did not end: %+v", m.Progress)
	}
	// Each step reads the clock a few times (1 ms each): some thousands of
	// samples a second, never the <10 that counting 10 s per epoch gives.
	if sps := m.Progress.SamplesPerSec; sps < 1000 {
		t.Errorf("samples/s = %.1f at the end: the epochs' evaluation was counted as training time", sps)
	}
}

// trainPriced trains a clocked session (no end: each epoch's evaluation is
// left out of the time) for chunks chunks of SnapshotEvery, each state
// message taking *cost of its clock (read at each message, so a test can
// change it later).
func trainPriced(t *testing.T, cost *time.Duration, chunks int) (*Session, *recorder) {
	s, r, _ := clockedSession(t, func(m wire.Msg) time.Duration {
		if _, ok := m.(wire.State); ok {
			return *cost
		}
		return 0
	})
	play(s, 100_000)
	for range chunks {
		s.Train(SnapshotEvery)
	}
	return s, r
}

// Samples/s counts what training costs the trainer besides the steps
// (the messages and snapshots it posts between chunks), so that the page's
// readout with the views open compares with the bench page's. Its clock
// advances 1 ms a reading; each state message is made to cost a time of
// its own.
func TestSamplesPerSecCountsMessages(t *testing.T) {
	speed := func(post time.Duration) float64 {
		_, r := trainPriced(t, &post, 16)
		m, ok := last[wire.State](r)
		if !ok || m.Progress.Status != wire.StatusTraining {
			t.Fatalf("not training: %+v", m.Progress)
		}
		return m.Progress.SamplesPerSec
	}
	free, slow := speed(0), speed(SnapshotEvery)
	// A chunk is about SnapshotEvery of steps: a message as long after each
	// halves the speed.
	if !(free > 0) || slow/free < 0.4 || slow/free > 0.6 {
		t.Errorf("samples/s %.0f with %v messages, %.0f without: want about half", slow, SnapshotEvery, free)
	}
}

// The totals in each state message give the speed of the stretch between
// two messages exactly: its samples are its iterations' (no more, no less),
// and its time has the messages in it as the readout's has, so a message
// as long as a chunk halves it.
func TestTrainedTotalsTimeAStretch(t *testing.T) {
	speed := func(post time.Duration) float64 {
		_, r := trainPriced(t, &post, 8)
		var ps []wire.Progress
		for _, m := range all[wire.State](r) {
			if m.Progress.Status == wire.StatusTraining {
				ps = append(ps, m.Progress)
			}
		}
		if len(ps) < 4 {
			t.Fatalf("%d state messages while training, want one a chunk", len(ps))
		}
		a, b := ps[1], ps[len(ps)-1]
		if got, want := b.TrainedSamples-a.TrainedSamples, int64(tiny().BatchSize*(b.Iter-a.Iter)); got != want || got <= 0 {
			t.Fatalf("%d samples trained between two messages %d iterations apart, want %d", got, b.Iter-a.Iter, want)
		}
		if !(b.TrainedMs > a.TrainedMs) {
			t.Fatalf("trained time %v ms, then %v ms", a.TrainedMs, b.TrainedMs)
		}
		return float64(b.TrainedSamples-a.TrainedSamples) / (b.TrainedMs - a.TrainedMs) * 1000
	}
	free, slow := speed(0), speed(SnapshotEvery)
	if !(free > 0) || slow/free < 0.4 || slow/free > 0.6 {
		t.Errorf("%.0f samples/s between messages with %v messages, %.0f without: want about half", slow, SnapshotEvery, free)
	}
}

// A pause is not training time: after a minute's pause and one chunk of
// training, the readout is what it was (it would near 0 if the pause
// counted). The same holds after any message from the page.
func TestSamplesPerSecSkipsPauses(t *testing.T) {
	s, _, now := clockedSession(t, nil)
	play(s, 100_000)
	for range 30 {
		s.Train(20 * time.Millisecond)
	}
	before := s.sps
	s.Handle(wire.Pause{})
	*now = now.Add(time.Minute)
	s.Handle(wire.Play{})
	s.Train(20 * time.Millisecond)
	if !(before > 0) || s.sps < 0.8*before {
		t.Errorf("samples/s %.0f after a minute's pause, %.0f before it", s.sps, before)
	}
}

// The readout after a resume is the speed since, not a blend with the speed
// before the pause: trained with slow messages (each as long as a chunk),
// paused, then resumed without them, one chunk reads as fast as training
// without them does.
func TestSamplesPerSecAfterResumeIsNew(t *testing.T) {
	cost := SnapshotEvery
	s, _ := trainPriced(t, &cost, 12)
	slow := s.sps
	s.Handle(wire.Pause{})
	cost = 0
	s.Handle(wire.Play{})
	s.Train(SnapshotEvery)
	first := s.sps
	for range 12 {
		s.Train(SnapshotEvery)
	}
	free := s.sps
	// A blend after one chunk would keep about 78% of the slow speed (the
	// average's memory is a second). The first chunk after the
	// resume has only its steps' time, so it reads faster than those after
	// it, whose time has what lies between chunks.
	if !(slow > 0) || free < 1.3*slow || first < 0.9*free {
		t.Errorf("samples/s %.0f with slow messages; after the resume without them %.0f, then %.0f: want the first at least the latter, both well above the former", slow, first, free)
	}
}

// A snapshot hands Post the net's own arrays, which Post copies (the
// recorder as wire.Post does): each snapshot holds the parameters and
// gradient of the moment it was sent, not those of later steps.
func TestSnapshotsHoldTheirMoment(t *testing.T) {
	s, r := newSession(t)
	set := small()
	s.Handle(wire.Init{Settings: set})
	for range 3 {
		s.Handle(wire.Step{Steps: 5})
		// The snapshot just sent holds the parameters of now.
		m, ok := last[wire.State](r)
		if !ok || m.Snapshot == nil {
			t.Fatalf("no snapshot after a step")
		}
		var w [4][]float64
		s.keepParams(&w)
		for i, p := range [][]float64{m.Snapshot.W1, m.Snapshot.B1, m.Snapshot.W2, m.Snapshot.B2} {
			if !slices.Equal(p, w[i]) {
				t.Fatalf("the snapshot's parameter %d is not the net's", i)
			}
		}
		g := gradData(s.tr.Grads())
		for i, p := range [][]float64{m.Snapshot.DW1, m.Snapshot.DB1, m.Snapshot.DW2, m.Snapshot.DB2} {
			if !slices.Equal(p, g[i]) {
				t.Fatalf("the snapshot's gradient %d is not the net's", i)
			}
		}
	}
	var snaps []wire.State
	for _, m := range all[wire.State](r) {
		if m.Snapshot != nil {
			snaps = append(snaps, m)
		}
	}
	if len(snaps) < 4 {
		t.Fatalf("%d snapshots, want at least 4", len(snaps))
	}
	// The earlier snapshots were not changed by the later steps.
	if slices.Equal(snaps[0].Snapshot.W1, snaps[len(snaps)-1].Snapshot.W1) {
		t.Errorf("the first and last snapshots hold the same W1: a snapshot follows the net after it was sent")
	}
}

// keepParams copies the net's parameters into dst (W1, b1, W2, b2),
// allocating what is missing.
func (s *Session) keepParams(dst *[4][]float64) {
	c := s.net.Config()
	sizes := [4]int{c.Input * c.Hidden, c.Hidden, c.Hidden * c.Output, c.Output}
	for i, n := range sizes {
		if len(dst[i]) != n {
			dst[i] = make([]float64, n)
		}
	}
	s.net.CopyParams(dst[0], dst[1], dst[2], dst[3])
}

// The samples/s readout says it is warming up for its first three seconds
// of training after a start or a resume, and not after.
func TestSamplesPerSecSettles(t *testing.T) {
	cost := 250 * time.Millisecond
	s, r, _ := clockedSession(t, func(m wire.Msg) time.Duration {
		if _, ok := m.(wire.State); ok {
			return cost // each chunk's message: its time counts as training
		}
		return 0
	})
	settling := func() (bool, time.Duration) {
		m, ok := last[wire.State](r)
		if !ok {
			t.Fatal("no state message")
		}
		return m.Progress.SpeedSettling, time.Duration(m.Progress.TrainedMs * float64(time.Millisecond))
	}
	play(s, 1_000_000)
	s.Train(20 * time.Millisecond)
	s.Train(20 * time.Millisecond)
	if on, d := settling(); !on {
		t.Errorf("after %v of training the readout does not say it is warming up", d)
	}
	for range 40 {
		s.Train(20 * time.Millisecond)
	}
	if on, d := settling(); on || d < 4*time.Second {
		t.Errorf("after %v of training the readout still says it is warming up (%v)", d, on)
	}
	s.Handle(wire.Pause{})
	s.Handle(wire.Play{})
	s.Train(20 * time.Millisecond)
	s.Train(20 * time.Millisecond)
	if on, _ := settling(); !on {
		t.Errorf("after a resume the readout does not say it is warming up again")
	}
}

// Augmentation is seeded: the same settings give the same run, with or
// without helpers (an augmented batch is trained in the trainer alone,
// since the helpers read their shares from the data), and a run that
// differs from the one without it. Switched on mid-run (Configure), it
// goes on from the iteration deterministically too.
func TestAugmentSeededAndDeterministic(t *testing.T) {
	run := func(augment bool, helpers int, switchAt int) ([4][]float64, []float64, *fakePool) {
		s, r := newSession(t)
		var p *fakePool
		if helpers > 0 {
			p = &fakePool{req: make([]func() (float64, [4][]float64, error), helpers), fail: -1}
			for range helpers {
				p.helpers = append(p.helpers, NewHelper(s.train))
			}
			s.Pool = p
		}
		set := small()
		set.Augment = augment && switchAt == 0
		s.Handle(wire.Init{Settings: set})
		var losses []float64
		if switchAt > 0 {
			s.Handle(wire.Step{Steps: switchAt})
			m, _ := last[wire.State](r)
			losses = append(losses, m.Losses...)
			set.Augment = augment
			s.Handle(wire.Configure{Settings: set})
		}
		s.Handle(wire.Step{Steps: 20 - switchAt})
		m, _ := last[wire.State](r)
		if e, failed := last[wire.Error](r); failed {
			t.Fatalf("error: %+v", e)
		}
		var w [4][]float64
		s.keepParams(&w)
		return w, append(losses, m.Losses...), p
	}
	same := func(a, b [4][]float64) bool {
		for i := range a {
			for j := range a[i] {
				if a[i][j] != b[i][j] {
					return false
				}
			}
		}
		return true
	}
	plain, plainLoss, _ := run(false, 0, 0)
	aug, augLoss, _ := run(true, 0, 0)
	again, _, _ := run(true, 0, 0)
	helped, _, p := run(true, 2, 0)
	if same(plain, aug) || plainLoss[0] == augLoss[0] {
		t.Error("with augmentation the run is the same as without")
	}
	if !same(aug, again) {
		t.Error("two runs with the same settings and augmentation differ")
	}
	if !same(aug, helped) {
		t.Error("with two helpers the augmented run differs from the trainer's alone")
	}
	if len(p.sizes) != 0 {
		t.Errorf("the helpers were sent shares of augmented batches (%v); they would train on the plain images", p.sizes)
	}
	if _, _, p := run(false, 2, 0); len(p.sizes) == 0 {
		t.Error("without augmentation the helpers got no shares: the check above proves nothing")
	}
	switched, switchedLoss, _ := run(true, 0, 10)
	switchedAgain, _, _ := run(true, 0, 10)
	if !same(switched, switchedAgain) {
		t.Error("two runs that switch augmentation on at the same iteration differ")
	}
	if same(switched, aug) || same(switched, plain) {
		t.Error("a run switched to augmentation at iteration 10 is the same as one with it throughout or without it")
	}
	if len(switchedLoss) != 20 || switchedLoss[9] != plainLoss[9] {
		t.Errorf("before the switch the run is not the plain one: %d losses", len(switchedLoss))
	}
}

// A net loaded from a file counts its epochs over the data it was trained
// on: a file trained on a set of 60,000 images has done 12/1,200 epochs in
// 12 iterations of 50, not the 1.2 the page's 500 images would make them.
func TestImportCountsTheFilesEpochs(t *testing.T) {
	a, _ := newSession(t)
	a.Handle(wire.Init{Settings: small()})
	a.Handle(wire.Step{Steps: 12})
	withData := func(data string) []byte {
		ck, err := checkpoint.Decode(encode(t, a))
		if err != nil {
			t.Fatal(err)
		}
		ck.Meta.Data = data
		ck.History = []checkpoint.Epoch{{Iter: 10, Loss: 1, TrainAcc: 0.5, TestAcc: 0.4}, {Iter: 12, Loss: 0.9, TrainAcc: 0.6, TestAcc: 0.5}}
		b, err := ck.Encode()
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	near := func(a wire.Num, b float64) bool { return math.Abs(float64(a)-b) < 1e-12 }
	for _, tc := range []struct {
		name      string
		data      string
		prior     bool    // the file's data is not the page's
		images    int     // the file's training set, as it says
		epochs    float64 // at import; NaN: not known
		historyAt float64 // the file's first epoch's At
	}{
		{"other data of 60,000", wire.DataDesc("MNIST (elsewhere)", 60000, 10000), true, 60000, 12.0 / 1200, 10.0 / 1200},
		{"the page's data", wire.DataDesc(wire.BundledData, 500, 100), false, 0, 1.2, 1},
		{"no data named", "", false, 0, 1.2, 1},
		{"other data, unsized", "my own digits", true, 0, math.NaN(), math.NaN()},
	} {
		b, r := newSession(t)
		b.Handle(wire.Init{Settings: small()})
		b.Handle(wire.Import{File: withData(tc.data)})
		m, ok := last[wire.Imported](r)
		if !ok {
			t.Fatalf("%s: not imported: %+v", tc.name, r.msgs)
		}
		if (m.Prior != nil) != tc.prior || tc.prior && (m.Prior.Data != tc.data || m.Prior.TrainImages != tc.images) {
			t.Errorf("%s: prior %+v, want one: %t, of %d images", tc.name, m.Prior, tc.prior, tc.images)
		}
		if len(m.History) != 2 || m.History[1].Iter != 12 || m.History[0].TrainAcc != 0.5 {
			t.Fatalf("%s: history %+v", tc.name, m.History)
		}
		p, _ := last[wire.State](r)
		e, _ := last[wire.Epoch](r)
		if math.IsNaN(tc.epochs) {
			if !math.IsNaN(float64(p.Progress.Epoch)) || !math.IsNaN(float64(m.History[0].At)) || !math.IsNaN(float64(e.Stats.At)) {
				t.Errorf("%s: epoch %v, history at %v, stats at %v; want all not known", tc.name, p.Progress.Epoch, m.History[0].At, e.Stats.At)
			}
			continue
		}
		if !near(p.Progress.Epoch, tc.epochs) || !near(e.Stats.At, tc.epochs) || !near(m.History[0].At, tc.historyAt) {
			t.Errorf("%s: epoch %v, stats at %v, history at %v; want %v, %v, %v", tc.name, p.Progress.Epoch, e.Stats.At, m.History[0].At, tc.epochs, tc.epochs, tc.historyAt)
		}
		// Training on in the page adds the page's epochs: 10 iterations of
		// 50 over its 500 images are one.
		b.Handle(wire.Step{Steps: 10})
		if p, _ := last[wire.State](r); !near(p.Progress.Epoch, tc.epochs+1) {
			t.Errorf("%s: after 10 more steps epoch %v, want %v", tc.name, p.Progress.Epoch, tc.epochs+1)
		}
	}
}

// One step on the learner's digit: its loss falls, the net's prediction
// climbs to the digit's label within a few steps, the run's iteration stays,
// and the snapshot's dW1 is the digit's gradient: zero in the rows of its
// blank pixels, as x·dz makes it.
func TestTeach(t *testing.T) {
	s, r := newSession(t)
	s.Handle(wire.Init{Settings: small()})
	s.Handle(wire.Step{Steps: 20})
	iter := s.Iter()
	x := slices.Clone(s.test.Rows(0, 1).RawRowView(0))
	label := (s.test.Labels[0] + 1) % 4 // a wrong label, on purpose
	predicted := -1
	for press := 1; press <= 30 && predicted != label; press++ {
		s.Handle(wire.Teach{Pixels: x, Label: label, LR: 0.1})
		m, ok := last[wire.Taught](r)
		if !ok {
			t.Fatalf("press %d: no answer: %+v", press, r.msgs[len(r.msgs)-1])
		}
		if !(m.LossAfter < m.LossBefore) || m.After[label] <= m.Before[label] {
			t.Fatalf("press %d: loss %v → %v, p(%d) %v → %v: want both to improve", press, m.LossBefore, m.LossAfter, label, m.Before[label], m.After[label])
		}
		predicted = slices.Index(m.After, slices.Max(m.After))
		if len(m.DW1) != 784*len(s.net.B1().RawVector().Data) {
			t.Fatalf("press %d: the step's dW1 has %d values", press, len(m.DW1))
		}
		st, _ := last[wire.State](r)
		if e, ok := last[wire.Epoch](r); !ok || e.Stats.Iter != iter {
			t.Fatalf("press %d: no accuracies of the taught net", press)
		}
		if st.Snapshot == nil || !st.Snapshot.HasGrads() || st.Norms != nil || st.Progress.Iter != iter {
			t.Fatalf("press %d: state %+v: want a snapshot with the digit's gradient, no norms, iteration %d", press, st.Progress, iter)
		}
		h := len(st.Snapshot.B1)
		for i, v := range x {
			row := st.Snapshot.DW1[i*h : (i+1)*h]
			if nz := slices.ContainsFunc(row, func(g float64) bool { return g != 0 }); nz != (v != 0) {
				t.Fatalf("press %d: dW1 row %d nonzero %t for pixel %v", press, i, nz, v)
			}
		}
	}
	if predicted != label {
		t.Fatalf("after 30 steps the net predicts %d, not the taught %d", predicted, label)
	}
	// Bad requests change nothing.
	before := encode(t, s)
	for _, m := range []wire.Teach{{Pixels: x[:10], Label: 1, LR: 0.1}, {Pixels: x, Label: 10, LR: 0.1}, {Pixels: x, Label: -1, LR: 0.1},
		{Pixels: x, Label: 1}, {Pixels: x, Label: 1, LR: math.NaN()}, {Pixels: x, Label: 1, LR: 2}} {
		n := len(r.msgs)
		s.Handle(m)
		if e, ok := last[wire.Error](r); !ok || len(r.msgs) != n+1 || e.Code != wire.ErrMessage {
			t.Errorf("teach of %d pixels, label %d: %+v, want one error", len(m.Pixels), m.Label, r.msgs[n:])
		}
	}
	if !bytesEqual(encode(t, s), before) {
		t.Error("a refused teach changed the net")
	}
}

// Fine-tuning trains iterations of the run with the learner's digits in
// every mini-batch: deterministic, past the budget if need be, and it
// lowers the loss on those digits.
func TestFineTune(t *testing.T) {
	run := func() (*Session, *recorder, wire.FineTune) {
		s, r := newSession(t)
		set := small()
		s.Handle(wire.Init{Settings: set})
		s.Handle(wire.Step{Steps: set.Iters}) // the whole budget: done
		ft := wire.FineTune{Iters: 30}
		for i := range 8 {
			for _, v := range s.test.Rows(i, i+1).RawRowView(0) {
				ft.Pixels = append(ft.Pixels, uint8(math.Round(v*255)))
			}
			ft.Labels = append(ft.Labels, (s.test.Labels[i]+1)%4)
		}
		return s, r, ft
	}
	s, r, ft := run()
	mineLoss := func() float64 {
		x := mat.NewDense(len(ft.Labels), 784, nil)
		for i := range ft.Labels {
			for j := range 784 {
				x.Set(i, j, float64(ft.Pixels[i*784+j])/255)
			}
		}
		return s.net.Loss(x, ft.Labels)
	}
	before, iter := mineLoss(), s.Iter()
	s.Handle(ft)
	if m, ok := last[wire.Tuned](r); !ok || m.Iters != 30 || m.Mine != 8 {
		t.Fatalf("tuned %+v, want 30 iterations with 8 digits", m)
	}
	if s.Iter() != iter+30 {
		t.Errorf("iteration %d after fine-tuning from %d, want 30 more", s.Iter(), iter)
	}
	if after := mineLoss(); !(after < before/2) {
		t.Errorf("loss on the learner's digits %v → %v, want at least halved", before, after)
	}
	b, _, _ := run()
	b.Handle(ft)
	if !bytesEqual(encode(t, s), encode(t, b)) {
		t.Error("two equal fine-tunes gave different weights")
	}
	// The run's own batches come back: its next steps are those of a net
	// of these weights, not mixed ones.
	s.Handle(wire.Configure{Settings: func() wire.Settings { x := small(); x.Iters = 100; return x }()})
	s.Handle(wire.Step{Steps: 1})
	if s.Iter() != iter+31 {
		t.Errorf("iteration %d after one more step", s.Iter())
	}
	for _, bad := range []wire.FineTune{{Iters: 0, Pixels: ft.Pixels, Labels: ft.Labels}, {Iters: 10, Pixels: ft.Pixels[1:], Labels: ft.Labels},
		{Iters: 10, Pixels: ft.Pixels[:784], Labels: []int{12}}, {Iters: wire.MaxFineTune + 1, Pixels: ft.Pixels, Labels: ft.Labels}} {
		n := len(r.msgs)
		s.Handle(bad)
		if e, ok := last[wire.Error](r); !ok || len(r.msgs) != n+1 || e.Code != wire.ErrMessage {
			t.Errorf("fine-tune %d iterations, %d labels, %d pixels: %+v, want one error", bad.Iters, len(bad.Labels), len(bad.Pixels), r.msgs[n:])
		}
	}
}

// The session keeps a timeline of its run: a Rewind answers the weights of
// a kept iteration (as float32) and changes nothing; TrainFrom makes them
// the net, drops the run after them and goes on from there.
func TestSessionTimeline(t *testing.T) {
	s, r := newSession(t)
	s.Handle(wire.Init{Settings: small()})
	if st, _ := last[wire.State](r); !slices.Equal(st.Kept, []int{0}) {
		t.Fatalf("a new net's timeline: %v", st.Kept)
	}
	at5, _ := newSession(t)
	at5.Handle(wire.Init{Settings: small()})
	at5.Handle(wire.Step{Steps: 5})
	want := paramData(at5.net)

	s.Handle(wire.Step{Steps: 30})
	st, _ := last[wire.State](r)
	if len(st.Kept) != 31 || st.Kept[5] != 5 {
		t.Fatalf("after 30 steps the timeline holds %v", st.Kept)
	}
	before := encode(t, s)
	s.Handle(wire.Rewind{Iter: 5})
	p, ok := last[wire.Past](r)
	if !ok || p.Missing || p.Iter != 5 {
		t.Fatalf("rewind to 5: %+v", p)
	}
	for i, got := range [][]float64{p.W1, p.B1, p.W2, p.B2} {
		for j, v := range got {
			if v != float64(float32(want[i][j])) {
				t.Fatalf("array %d[%d] of iteration 5 is %v, want %v as float32", i, j, v, want[i][j])
			}
		}
	}
	if !bytesEqual(encode(t, s), before) || s.Iter() != 30 {
		t.Fatal("a rewind changed the run")
	}
	s.Handle(wire.Rewind{Iter: 999})
	if p, _ := last[wire.Past](r); !p.Missing {
		t.Error("a rewind to an iteration never kept is not said to be missing")
	}

	s.Handle(wire.TrainFrom{Iter: 5})
	if m, ok := last[wire.Rewound](r); !ok || m.Iter != 5 || s.Iter() != 5 {
		t.Fatalf("train from 5: %+v, iteration %d", m, s.Iter())
	}
	if st, _ := last[wire.State](r); !slices.Equal(st.Kept, []int{0, 1, 2, 3, 4, 5}) || st.Progress.Iter != 5 {
		t.Fatalf("after train-from 5 the timeline is %v at iteration %d", st.Kept, st.Progress.Iter)
	}
	if e, ok := last[wire.Epoch](r); !ok || e.Stats.Iter != 5 || math.Abs(float64(e.Stats.At)-0.5) > 1e-12 {
		t.Errorf("the accuracies after train-from: %+v", e.Stats)
	}
	s.Handle(wire.Step{Steps: 3})
	if st, _ := last[wire.State](r); st.Progress.Iter != 8 || st.Progress.FirstIter != 6 || len(st.Losses) != 3 {
		t.Errorf("after 3 more steps: iteration %d, losses from %d (%d)", st.Progress.Iter, st.Progress.FirstIter, len(st.Losses))
	}
}

// A race's two runs: with the same settings they give bit-identical
// weights; with one setting changed they start from the same weights (if
// the setting leaves the net's shape and init alone) and draw the same
// mini-batches, so they differ only by that setting's effect.
func TestRaceRuns(t *testing.T) {
	run := func(set wire.Settings, steps int) (*Session, [][]int) {
		s, _ := newSession(t)
		s.Handle(wire.Init{Settings: set})
		var batches [][]int
		for range steps {
			s.Handle(wire.Step{Steps: 1})
			batches = append(batches, slices.Clone(s.tr.Batch()))
		}
		return s, batches
	}
	base := small()
	a, ba := run(base, 30)
	b, bb := run(base, 30)
	if !bytesEqual(encode(t, a), encode(t, b)) || !slices.EqualFunc(ba, bb, slices.Equal[[]int]) {
		t.Fatal("two runs of the same settings differ")
	}
	for _, tc := range []struct {
		name      string
		edit      func(*wire.Settings)
		sameStart bool
	}{
		{"learning rate", func(s *wire.Settings) { s.LearningRate = 0.5 }, true},
		{"activation", func(s *wire.Settings) { s.Activation = "sigmoid" }, true},
		{"init", func(s *wire.Settings) { s.Init = "he" }, false},
		{"sampling", func(s *wire.Settings) { s.Sampling = "shuffle" }, true},
	} {
		set := base
		tc.edit(&set)
		c0, _ := newSession(t)
		c0.Handle(wire.Init{Settings: set})
		a0, _ := newSession(t)
		a0.Handle(wire.Init{Settings: base})
		if same := sameParams(c0, a0); same != tc.sameStart {
			t.Errorf("%s: the initial weights are the same: %t, want %t", tc.name, same, tc.sameStart)
		}
		c, bc := run(set, 30)
		if sameParams(c, a) {
			t.Errorf("%s: the changed run ends with the same weights", tc.name)
		}
		if tc.name != "sampling" && !slices.EqualFunc(bc, ba, slices.Equal[[]int]) {
			t.Errorf("%s: the runs drew different mini-batches", tc.name)
		}
	}
}

// sameParams reports whether two sessions' nets have the same weights.
func sameParams(a, b *Session) bool {
	pa, pb := paramData(a.net), paramData(b.net)
	for i := range pa {
		if !slices.Equal(pa[i], pb[i]) {
			return false
		}
	}
	return true
}
