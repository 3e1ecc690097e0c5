package ui

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
	"gonum.org/v1/gonum/mat"
)

// App is the page's state. Components read it while rendering; it changes
// only in Vugu event handlers (which hold the event lock) or under
// env.Lock/UnlockRender in goroutines. The trainer's state reaches it only as
// wire messages: the UI never touches the trainer's memory.
type App struct {
	env    vugu.EventEnv
	worker js.Value

	Status  string // loading | ready | training | paused | done | error
	Fatal   string // an error that stops the app (English; see message.go)
	Warning string // a problem the user can fix (divergence, a refused command)
	Notice  string // news that is not a problem (a file loaded)

	// L is the page's words in the chosen language (labels.go).
	L                               *labels
	fatalNote, warnNote, noticeNote note

	importFrom source // what the pending import came from, for the notice

	TrainerDown      bool   // the worker crashed or failed to load: offer a restart
	restoreAfterBoot []byte // weights to load once the trainer is ready
	restoreFrom      source // what restoreAfterBoot is, for the notice
	restoring        []byte // restoreAfterBoot as sent; if refused, a new net starts

	// The net kept in the browser's storage (keep.go).
	store      Store
	Kept       *Kept
	KeptOffer  bool // the kept net belongs to another run: offer it
	keptFailed bool // the storage refused a net once (said once)

	Form    Form
	Applied wire.Settings  // what the trainer runs with
	Pending *wire.Settings // a new net's settings, waiting for the user's yes

	P      wire.Progress
	Losses *LossSeries
	Epochs []wire.EpochStats
	TrainN int
	TestN  int

	net  *nn.TwoLayerNet // the UI's copy of the trainer's last snapshot, for predictions
	Pad  *DrawPad
	Sees [784]uint8 // the 28×28 image the net sees
	// Probs are the net's probabilities for the drawing; nil when there is
	// nothing to predict (an empty canvas or no net yet).
	Probs []float64
	Pred  int
	// Evals counts the predictions made (data-evals of the probabilities):
	// a tool timing the pen can tell a move whose prediction came out the
	// same (the pen over ink already there) from one still waiting.
	Evals int
	said  int // the prediction the live region announces, -1 for none

	// The views of issue "see inside".
	Snap     *Snapshot // the trainer's last weights and gradients
	Unit     int       // the selected hidden unit, -1 for none
	inside   *Inside
	Test     *TestSet
	Probe    Probe
	probeX   []float64
	UnitFrac []float64 // per hidden unit: fraction of test images where it is on (saturated for Sigmoid)
	TestPred []float64 // the last epoch's prediction of each test image
	Conf     *Confusion
	ConfT    int // the selected confusion cell (true, predicted); -1 for none
	ConfP    int
	Gallery  CanvasView
	galIdx   []int
	galBuf   []byte
	Norms    NormSeries
	Stepper  StepperState
	islands  map[string]*island
	charts   chartScratch // the islands' charts' arrays
	received int          // messages from the trainer so far
	// shownStatus is the Status that the page shows: the one of the last
	// render, or that the play button wrote (showPlayState).
	shownStatus string
	// viewsDirty says the weight and gradient views wait for a new paint.
	viewsDirty bool
	// snapFloats are the arrays of the message that Snap points into, and
	// spare those of the snapshot before it, which nothing shows any more:
	// the next message is decoded into them (see wire.FromJSReusing).
	snapFloats, spare [][]float64
	GC                GradCheckState

	Bench        bool // the page was opened as ?bench=train
	BenchIters   int
	BenchWorkers int    // workers for the bench: 1 trains in the trainer alone
	BenchPool    string // "messages": the bench's helpers get their work as messages
	BenchWarmup  int    // untimed steps before the bench's (see DefaultBenchWarmup)
	BenchResult  string // JSON, once the bench has run

	x   *mat.Dense // 1×784 input buffer
	out *mat.Dense // 1×10 probabilities buffer
}

// NewApp returns the app in its loading state with the book's settings.
func NewApp(env vugu.EventEnv) *App {
	s := wire.DefaultSettings()
	a := &App{
		env: env, Status: "loading",
		Form: NewForm(s), Applied: s,
		Losses: NewLossSeries(), L: labelsFor(pageLang()),
		x: mat.NewDense(1, 784, nil), out: mat.NewDense(1, 10, nil),
		Unit: -1, ConfT: -1, ConfP: -1, GC: GradCheckState{Break: "none"}, said: -1,
	}
	a.inside = newInside(a)
	a.initStep()
	a.Gallery = CanvasView{TestID: "gallery"}
	a.Gallery.Describe = func(x, y int) string {
		k, ok := GalleryAt(x, y, len(a.galIdx))
		if !ok || a.Test == nil {
			return ""
		}
		i := a.galIdx[k]
		return fmt.Sprintf(a.L.GalleryDesc, i, a.Test.Labels[i], int(a.TestPred[i]))
	}
	a.Gallery.Click = func(x, y int) {
		if k, ok := GalleryAt(x, y, len(a.galIdx)); ok {
			i := a.galIdx[k]
			go func() {
				a.env.Lock()
				a.UseTestImage(i)
				a.env.UnlockRender()
			}()
		}
	}
	a.relabel()
	return a
}

// SetLang switches the page to language lang (en or ko) at once and
// remembers the choice.
func (a *App) SetLang(lang string) {
	a.L = labelsFor(lang)
	a.relabel()
	savePageLang(a.L.Lang)
}

// relabel gives the canvases that live outside Vugu's DOM their names in
// the page's language.
func (a *App) relabel() {
	l := a.L
	a.Gallery.SetLabel(l.GalleryAria, l)
	a.inside.W1.SetLabel(l.ViewW1, l)
	a.inside.W2.SetLabel(l.ViewW2, l)
	a.inside.DW1.SetLabel(l.ViewDW1, l)
	a.inside.DW2.SetLabel(l.ViewDW2, l)
	s := &a.Stepper
	s.X.SetLabel(l.StepX, l)
	s.Template.SetLabel(l.StepTemplate, l)
	s.Products.SetLabel(l.StepProducts, l)
	s.DW1.SetLabel(l.StepDW1, l)
	s.DW2.SetLabel(l.StepDW2, l)
	if a.Pad != nil {
		a.Pad.SetLabels(l.PadAria, l.PreviewAria)
	}
}

// UseTestImage makes test image i the probe of the ReLU view (and the
// stepper's input). The caller holds the event lock.
func (a *App) UseTestImage(i int) {
	if a.Test == nil || i < 0 || i >= a.Test.N {
		return
	}
	a.Probe.FromTest, a.Probe.Index = true, i
	a.Stepper.typing = false
	a.updateProbe()
	a.Stepper.LabelAuto = true
	a.RunStep()
}

// UseDrawing makes the drawing the probe again.
func (a *App) UseDrawing() {
	a.Probe.FromTest, a.Stepper.typing = false, false
	a.updateProbe()
}

// PickCell selects confusion cell (t, p) and shows its test images.
func (a *App) PickCell(t, p int) {
	if a.ConfT == t && a.ConfP == p {
		a.ConfT, a.ConfP, a.galIdx = -1, -1, nil
		return
	}
	a.ConfT, a.ConfP = t, p
	a.refreshGallery()
}

func (a *App) refreshGallery() {
	if a.ConfT < 0 || a.Test == nil || a.TestPred == nil {
		a.galIdx = nil
		return
	}
	a.galIdx = Gallery(a.Test.Labels, a.TestPred, a.ConfT, a.ConfP)
	var w, h int
	a.galBuf, w, h = GalleryImages(a.galBuf, a.Test, a.galIdx)
	a.Gallery.Paint(a.galBuf, w, h)
}

// ConfLaterText says that the confusion matrix comes after the first
// epoch, until it does; then it is "".
func (a *App) ConfLaterText() string {
	if a.Conf != nil {
		return ""
	}
	return a.L.ConfLater
}

// GalleryText says what the gallery shows.
func (a *App) GalleryText() string {
	if a.ConfT < 0 {
		return a.L.GalleryNone
	}
	n := 0
	if a.Conf != nil {
		n = a.Conf.Counts[a.ConfT][a.ConfP]
	}
	shown := ""
	if n > len(a.galIdx) {
		shown = fmt.Sprintf(a.L.GalleryFirst, len(a.galIdx))
	}
	return fmt.Sprintf(a.L.GalleryText, n, a.ConfT, a.ConfP, shown)
}

func (a *App) post(m wire.Msg) {
	if err := postTo(a.worker, m); err != nil {
		a.warnEngine(err.Error())
	}
}

// Ready reports whether the trainer has a net to work on.
func (a *App) Ready() bool {
	switch a.Status {
	case "ready", "training", "paused", "done":
		return true
	}
	return false
}

// Training reports whether the trainer is playing.
func (a *App) Training() bool { return a.Status == "training" }

// TogglePlay starts or pauses training.
func (a *App) TogglePlay() {
	switch a.Status {
	case "training":
		a.post(wire.Msg{Kind: wire.KindPause})
	case "ready", "paused":
		a.Warning = ""
		a.post(wire.Msg{Kind: wire.KindPlay})
		// The trainer answers with "training" (or, if it cannot, with its
		// state): showing it now makes the click's render the only one,
		// instead of one for the click and another for the answer. A
		// paused trainer sends nothing in between that could contradict it.
		a.Status = "training"
	}
}

// Step trains on one mini-batch.
func (a *App) Step() {
	if a.Ready() && a.Status != "done" {
		a.Warning = ""
		a.post(wire.Msg{Kind: wire.KindStep, N: 1})
	}
}

// Reset rebuilds the net from the same seed: the same initial weights and
// the same batch order as before.
func (a *App) Reset() {
	if a.Ready() {
		a.init(a.Applied)
	}
}

// NewSeed picks a random seed and rebuilds the net with it.
func (a *App) NewSeed() {
	if !a.Ready() {
		return
	}
	s := a.Applied
	s.Seed = rand.Uint64N(1_000_000)
	a.Form.Seed = Field{Raw: strconv.FormatUint(s.Seed, 10)}
	a.init(s)
}

func (a *App) init(s wire.Settings) {
	a.Applied, a.Pending, a.Warning, a.Notice = s, nil, "", ""
	a.resetRun(s)
	a.P = wire.Progress{State: "ready", Iters: s.Iters}
	a.post(wire.Msg{Kind: wire.KindInit, Settings: &s})
	a.updateURL()
}

// firstNet asks a new trainer for the page's net: the kept or restored
// weights if there are any, else a new net with the applied settings. The
// trainer takes its messages in order once its data is loaded, so this is
// sent when it starts, not when it says it is ready: the net comes one
// round trip through the page sooner.
func (a *App) firstNet() {
	if a.Bench {
		return // the bench page starts the bench when the trainer is ready
	}
	if b := a.restoreAfterBoot; b != nil {
		a.restoreAfterBoot, a.restoring = nil, b
		a.ImportBytes(b, a.restoreFrom)
		return
	}
	a.init(a.Applied)
}

// resetRun clears everything that belonged to the previous net.
func (a *App) resetRun(s wire.Settings) {
	a.Form = NewForm(s)
	a.Losses = NewLossSeries()
	a.Epochs = nil
	a.Norms = NormSeries{}
	a.UnitFrac, a.TestPred, a.Conf, a.galIdx = nil, nil, nil, nil
	a.ConfT, a.ConfP = -1, -1
	a.GC.Diffs = nil
	a.Stepper.Pass = nil
}

// FieldInput records what the user typed into a field and validates the
// whole form, so that a bad value is explained at once.
func (a *App) FieldInput(name, value string) {
	a.setField(name, value)
	a.Form.Settings(a.trainN())
}

// FieldChange applies a field once the user is done with it (change event):
// a valid learning rate, batch size or budget goes to the trainer at once;
// a new net shape, init or seed asks first when trained weights would be lost.
func (a *App) FieldChange(name, value string) {
	a.setField(name, value)
	s, ok := a.Form.Settings(a.trainN())
	if !ok || !a.Ready() {
		return
	}
	if s.Hidden != a.Applied.Hidden || s.Activation != a.Applied.Activation || s.Init != a.Applied.Init || s.Seed != a.Applied.Seed {
		if a.P.Iter == 0 {
			a.init(s)
			return
		}
		a.Pending = &s
		return
	}
	if s != a.Applied {
		a.Applied = s
		a.post(wire.Msg{Kind: wire.KindConfigure, Settings: &s})
		a.updateURL()
	}
}

// ConfirmPending builds the net the user asked for, throwing away the trained one.
func (a *App) ConfirmPending() {
	if a.Pending != nil {
		a.init(*a.Pending)
	}
}

// CancelPending keeps the trained net and puts the form back.
func (a *App) CancelPending() {
	a.Pending = nil
	a.Form = NewForm(a.Applied)
}

func (a *App) trainN() int {
	if a.TrainN > 0 {
		return a.TrainN
	}
	return 10000
}

func (a *App) setField(name, value string) {
	switch name {
	case "lr":
		a.Form.LR.Raw = value
	case "batch":
		a.Form.Batch.Raw = value
	case "hidden":
		a.Form.Hidden.Raw = value
	case "seed":
		a.Form.Seed.Raw = value
	case "iters":
		a.Form.Iters.Raw = value
	case "activation":
		a.Form.Activation = value
	case "init":
		a.Form.Init = value
	case "sampling":
		a.Form.Sampling = value
	}
}

// handle applies a message from the trainer. The caller holds the event lock.
func (a *App) handle(m wire.Msg) {
	switch m.Kind {
	case wire.KindReady:
		// The trainer has its data. The page reads ready once it has a
		// net too: the state that answers firstNet's message sets the
		// status, with the net's first snapshot, so that nothing can be
		// done on a ready page before the net's views and controls are
		// there.
		a.TrainN, a.TestN = m.N, m.Total
		if a.Bench {
			a.Status = "ready"
			a.postBench()
		}
	case wire.KindState:
		if m.Progress == nil {
			return
		}
		p := *m.Progress
		for _, l := range p.Losses {
			a.Losses.Add(l)
		}
		p.Losses = nil
		a.P = p
		a.Status = p.State
		if g := m.Float("gnorm"); len(g) == 4 && p.Iter > 0 {
			a.Norms.Add(p.Iter, [4]float64{g[0], g[1], g[2], g[3]})
		}
		if m.Float("W1") != nil {
			a.applySnapshot(m)
			if p.State != "training" {
				a.keepNet()
			}
		}
	case wire.KindEpoch:
		if m.Epoch != nil {
			a.Epochs = appendEpoch(a.Epochs, *m.Epoch)
		}
		if pred := m.Float("pred"); a.Test != nil && len(pred) == a.Test.N {
			a.TestPred = pred
			c := NewConfusion(a.Test.Labels, pred)
			a.Conf = &c
			a.refreshGallery()
		}
		if u := m.Float("unit"); u != nil {
			a.UnitFrac = u
		}
	case wire.KindDiverged:
		a.warn(func(l *labels) string { return l.DivergedText(m.Err) })
	case wire.KindError:
		a.GC.Running = false
		switch m.N {
		case wire.ErrTrainerDown:
			a.trainerDown(m.Err)
			return
		case wire.ErrBadData:
			a.dataBad(m.Err)
			return
		}
		if a.restoring != nil {
			a.restoreRefused()
		}
		a.warnEngine(m.Err)
	case wire.KindImported:
		a.restoring = nil
		if m.Settings != nil {
			a.imported(*m.Settings)
		}
	case wire.KindGradProg:
		a.GC.Running, a.GC.Done, a.GC.Total = true, m.Done, m.Total
	case wire.KindGradDiffs:
		a.GC.Running = false
		a.GC.Diffs, a.GC.DiffsBreak = m.Float("graddiffs"), m.Break
	case wire.KindBenchDone:
		if m.Bench != nil {
			b, _ := json.Marshal(m.Bench)
			a.BenchResult = string(b)
		}
	}
}

// BenchAgain runs the bench once more in the same trainer, without the
// warm-up: its code is optimized by now. Runs in one tab time the same
// steps without a page load each, so a benchmark can alternate them with
// another tab's training, seconds apart.
func (a *App) BenchAgain() {
	if !a.Bench || a.BenchResult == "" {
		return
	}
	a.BenchResult, a.BenchWarmup = "", 0
	a.postBench()
}

// postBench asks the trainer for the bench page's run.
func (a *App) postBench() {
	a.post(wire.Msg{Kind: wire.KindBench, N: a.BenchIters, Total: a.BenchWorkers, Pool: a.BenchPool, Warmup: a.BenchWarmup})
}

// trainerDown reports that the trainer is gone (msg says why, in the
// trainer's English); the page offers a restart.
func (a *App) trainerDown(msg string) {
	a.stopped(func(l *labels) string { return fmt.Sprintf(l.TrainerDown, msg) })
	a.TrainerDown = true
}

// dataBad shows that the data the page fetched failed its check: the
// trainer cannot train, and a restart would load the same bytes, so the
// message asks for a reload (which fetches them again).
func (a *App) dataBad(msg string) {
	a.stopped(func(l *labels) string { return fmt.Sprintf(l.DataBad, msg) })
}

// stopped puts the page in the error state with the fatal message text
// (in the page's language).
func (a *App) stopped(text func(*labels) string) {
	a.Status = "error"
	a.fatalNote = noteOf(text)
	a.Fatal = a.fatalNote.en
	a.GC.Running = false
}

// applySnapshot copies the trainer's weights into the UI's own net and
// predicts the drawing again.
func (a *App) applySnapshot(m wire.Msg) {
	w1, b1, w2, b2 := m.Float("W1"), m.Float("b1"), m.Float("W2"), m.Float("b2")
	hidden := len(b1)
	if a.net == nil || a.net.Config().Hidden != hidden || a.net.Config().Activation.String() != a.Applied.Activation {
		c := nn.DefaultConfig()
		c.Hidden = hidden
		act, err := nn.ParseActivation(a.Applied.Activation)
		if err != nil {
			a.warnEngine(err.Error())
			return
		}
		c.Activation = act
		net, err := nn.NewTwoLayerNet(c)
		if err != nil {
			a.warnEngine(err.Error())
			return
		}
		a.net = net
	}
	if err := a.net.SetParams(w1, b1, w2, b2); err != nil {
		a.warn(func(l *labels) string { return fmt.Sprintf(l.BadWeights, err) })
		return
	}
	if s := snapshotOf(m.Float); s != nil {
		a.Snap, a.spare, a.snapFloats = s, a.snapFloats, m.Floats
	} else {
		a.Snap = nil
	}
	a.predict()
	a.updateProbe()
	a.viewsDirty = true // painted by the render loop, in a task of its own
}

// predict runs the UI's net on the normalised drawing.
func (a *App) predict() {
	defer a.settlePrediction()
	a.Evals++
	if a.net == nil || a.Pad == nil || a.Pad.Empty {
		a.Probs = nil
		return
	}
	x := a.x.RawMatrix().Data
	for i, v := range a.Sees {
		x[i] = float64(v) / 255
	}
	a.net.Probabilities(a.x, a.out)
	a.Probs = append(a.Probs[:0], a.out.RawRowView(0)...)
	a.Pred = 0
	for i, p := range a.Probs {
		if p > a.Probs[a.Pred] {
			a.Pred = i
		}
	}
}

// settlePrediction gives the live region the prediction once no stroke is
// under way, so that a screen reader hears the result, not every frame.
func (a *App) settlePrediction() {
	if a.Pad != nil && a.Pad.Drawing() {
		return
	}
	a.said = -1
	if a.Probs != nil {
		a.said = a.Pred
	}
}

// PredictionSay is what the live region announces: "prediction: 7".
func (a *App) PredictionSay() string {
	if a.said < 0 {
		return ""
	}
	return fmt.Sprintf(a.L.PredSay, a.said)
}

// drawingChanged takes the pad's normalised image and predicts it. The
// caller holds the event lock.
func (a *App) drawingChanged(img [784]uint8, ok bool) {
	a.Pad.Empty = !ok
	a.Sees = img
	a.predict()
	if !a.Probe.FromTest {
		a.updateProbe()
	}
}

// followDrawing runs the stepper's pass over the drawing, once the pen has
// rested after a stroke or a clear. The caller holds the event lock.
func (a *App) followDrawing() {
	if !a.Probe.FromTest {
		a.RunStep()
	}
}

// Text helpers for the templates.

// PredictionText is the predicted digit, or "" when there is none.
func (a *App) PredictionText() string {
	if a.Probs == nil {
		return ""
	}
	return strconv.Itoa(a.Pred)
}

// Num formats a readout: "" until there is a value.
func Num(v float64, digits int) string {
	if v != v { // NaN: no value yet
		return ""
	}
	return strconv.FormatFloat(v, 'f', digits, 64)
}

// LastEpoch returns the latest epoch statistics, if any.
func (a *App) LastEpoch() (wire.EpochStats, bool) {
	if len(a.Epochs) == 0 {
		return wire.EpochStats{}, false
	}
	return a.Epochs[len(a.Epochs)-1], true
}

// WorkerMemory is the size of the trainer's WebAssembly memory in bytes at
// the last epoch (0 before the first).
func (a *App) WorkerMemory() int64 {
	e, _ := a.LastEpoch()
	return e.WorkerMemory
}

// TrainAccText and TestAccText are the last epoch's accuracies as fractions.
func (a *App) TrainAccText() string {
	if e, ok := a.LastEpoch(); ok {
		return Num(e.TrainAcc, 4)
	}
	return ""
}

func (a *App) TestAccText() string {
	if e, ok := a.LastEpoch(); ok {
		return Num(e.TestAcc, 4)
	}
	return ""
}

// LossText is the last mini-batch loss.
func (a *App) LossText() string {
	if a.Losses.Iters() == 0 { // no step since this net was built or loaded
		return ""
	}
	return Num(a.P.Loss, 4)
}

// TrainedMsAttr is the trainer's training time so far in milliseconds (see
// wire.Progress.TrainedMs), for the samples/s readout's data-trained-ms:
// with data-trained-samples, two readings of the page give the speed
// between them.
func (a *App) TrainedMsAttr() string { return strconv.FormatFloat(a.P.TrainedMs, 'f', 3, 64) }

// ProgressFrac is how much of the budget is done, 0..1.
func (a *App) ProgressFrac() float64 {
	if a.P.Iters <= 0 {
		return 0
	}
	return min(float64(a.P.Iter)/float64(a.P.Iters), 1)
}

// PendingText explains what a pending change would throw away.
func (a *App) PendingText() string {
	if a.Pending == nil {
		return ""
	}
	l := a.L
	var what []string
	if a.Pending.Hidden != a.Applied.Hidden {
		what = append(what, fmt.Sprintf(l.PendHidden, a.Applied.Hidden, a.Pending.Hidden))
	}
	if a.Pending.Activation != a.Applied.Activation {
		what = append(what, fmt.Sprintf(l.PendAct, l.ActName(a.Applied.Activation), l.ActName(a.Pending.Activation)))
	}
	if a.Pending.Init != a.Applied.Init {
		what = append(what, fmt.Sprintf(l.PendInit, l.InitName(a.Applied.Init), l.InitName(a.Pending.Init)))
	}
	if a.Pending.Seed != a.Applied.Seed {
		what = append(what, fmt.Sprintf(l.PendSeed, a.Applied.Seed, a.Pending.Seed))
	}
	return fmt.Sprintf(l.Pending, strings.Join(what, ", "), a.P.Iter)
}

// maxEpochs bounds the accuracy history; past it every other epoch is
// dropped (the latest always stays), so a long run keeps an even sample.
const maxEpochs = 1000

// DefaultBenchWarmup is how many untimed steps the bench page runs before
// its timed ones (?warmup= changes it).
const DefaultBenchWarmup = 1000

func appendEpoch(h []wire.EpochStats, e wire.EpochStats) []wire.EpochStats {
	h = append(h, e)
	if len(h) > maxEpochs {
		half := h[:0]
		for i := 0; i < len(h)-1; i += 2 {
			half = append(half, h[i])
		}
		h = append(half, e)
	}
	return h
}
