package ui

import (
	"fmt"
	"strings"

	"github.com/backprop-lab/backprop-lab/broken"
)

// labels are the words on the page, one value per language: english and
// korean (labels_en.go, labels_ko.go). Every field is a plain string; the
// ones with verbs are fmt formats, with explicit argument indexes (%[2]d)
// where Korean word order differs. A field left empty in a language fails
// TestLabelsComplete.
type labels struct {
	Lang string // the <html lang> value: en or ko

	// Header, status, footer.
	Tagline, LangLabel, StatusLabel                           string
	StLoading, StReady, StTraining, StPaused, StDone, StError string
	StatusSay                                                 string // the live region: "status: %s"
	Restart                                                   string
	BenchTitle, BenchRunning                                  string // "Training %d mini-batches…"
	BenchWarming                                              string // the same after %[2]d untimed mini-batches
	BenchAgain                                                string // the button that runs the bench once more
	Footer                                                    string

	// The keyboard box.
	KeysTitle, KeySpaceName, KeySpace, KeyArrows, KeyC, KeyTab, KeyPicture, KeyField, KeyDrawing string

	// The train panel.
	TrainTitle, Train, Resume, Pause                            string
	Step, StepTitle, Reset, ResetTitle, NewSeed, SeedTitle      string
	SaveWeights, SaveTitle, LoadWeights                         string
	LoadPretrained, PretrainedTitle                             string
	BudgetAria, Budget                                          string // "%d / %d iterations"
	RdIter, RdEpoch, RdLoss, RdTrainAcc, RdTestAcc, RdSpeed     string
	Pending                                                     string // "Changing %s … trained for %d iterations."
	PendHidden, PendAct, PendInit, PendSeed                     string // "hidden size %d → %d" …
	Rebuild, KeepNet                                            string
	FLR, FBatch, FIters, FHidden, FAct, FInit, FSampling, FSeed string
	InitBook, SampReplace, SampShuffle                          string

	// Field errors (form.go): %s the field, then the value and a limit.
	ErrWhatLR, ErrWhatBatch, ErrWhatHidden, ErrWhatSeed, ErrWhatIters string
	ErrEmptyNum, ErrEmptyInt, ErrNotNum, ErrNotInt                    string
	ErrGreater, ErrTooLarge, ErrWhole, ErrAtLeast                     string

	// The drawing panel.
	DrawTitle, SeesCaption, Clear, PredLabel  string
	HintLoading, HintDraw, ProbsAria, ProbRow string // ProbRow: "digit %d: %s"
	PadAria, PreviewAria, PredSay             string // PredSay: "prediction: %d"

	// The charts.
	ChartsTitle, LossCaption, AccCaption        string
	LossChart, AccChart, Iteration, Loss, Epoch string
	Accuracy, Smoothed, TrainAcc, TestAcc       string
	PerBatchOne, PerBatchMany                   string // "mean of %d mini-batches"
	NormChart, NormAxis                         string

	// See inside.
	InsideTitle, InsideExplain                          string
	CapW1, CapW2, CapB2, MaskTitle, CapMask, CapMaskSig string
	CapDW1, CapDW2, NormTitle, CapNorms                 string
	UseDrawing, ShowingTest                             string
	UnitPlain, UnitTitle, UnitOn, UnitOff, UnitSat      string
	MaskNoNet, MaskHint, MaskSigmoid, MaskReLU          string
	DeadBefore, DeadSigmoid, DeadReLU                   string
	NormAt                                              string
	LegendZero, LegendAria, LegendNote, BarsAria        string
	ViewW1, ViewW2, ViewDW1, ViewDW2, ViewKeys          string
	DescTile, DescW2                                    string

	// The stepper.
	StepperTitle, StepperExplain, OrTestImage, LabelT, LabelAuto, RunPass string
	PassHint, PassText, YourDrawing, TestImageN, ChainAria, SGDUpdate     string
	Prev, Next                                                            string
	StgInput, StgAffine1, UnitJ, TemplateJ, ProductsJ, UnitSum            string
	StgAffine2, StgSoftmax, StgDout, StgAffine2Back, StgReluBack          string
	StgSigmoidBack, StgAffine1Back, YBefore, YAfter, OnACopy, StepLoss    string
	StageTitles                                                           [10]string
	StageSigmoid, StageSigmoidBack                                        string
	CachedInput, CachedAffine1, CachedReLU, CachedSigmoid                 string
	CachedAffine2, CachedSoftmax, CachedUpdate                            string
	MaskTextSigmoid, MaskTextReLU, UpdateText, StepErr                    string
	StepX, StepTemplate, StepProducts, StepDW1, StepDW2, DescX            string

	// The gradient check.
	GCTitle, GCExplain, GCBreak, GCRun, GCProgress           string
	GCParam, GCMean, GCLog, GCVerdict, GCOK, GCWrong, GCNote string
	GCRunning, GCNone, GCAgree, GCBroken                     string
	BreakNames, BreakDescs                                   map[string]string // by broken kind; nil: the broken package's own

	// The confusion matrix.
	ConfTitle, ConfExplain, ConfLater, ConfCaption, ConfCorner string
	ConfAcc, ConfAccShort, CellLabel, GalleryNone, GalleryText string
	GalleryFirst                                               string
	GalleryAria, GalleryDesc                                   string

	// Messages (alerts and notices).
	Diverged, DivergedAt                                           string
	TrainerDown, DataBad, BadWeights, NotSaved, NoNetToSave, Saved string
	Loaded, TooBig, NotRead, PretrainedFailed                      string
	ThePretrained, TheRestored, TheKept                            string
	KeptBad, KeptFailed, KeptDiscarded, KeptOfferText              string
	RestoreKept, DiscardKept, DiscardKeptTitle                     string
	// engine explains messages of the trainer and the engine (English,
	// from other packages), first matching prefix first; the last rule's
	// empty prefix matches any message. nil: shown as they are.
	engine []engineRule
}

// engineRule says in the page's language what an engine message that
// starts with prefix means; the message follows in parentheses unless
// whole is set (the sentence then replaces it).
type engineRule struct {
	prefix, say string
	whole       bool
}

// langs are the page's languages by their <html lang> value.
var langs = map[string]*labels{"en": &english, "ko": &korean}

// labelsFor returns the labels of lang, English for anything unknown.
func labelsFor(lang string) *labels {
	if l, ok := langs[lang]; ok {
		return l
	}
	return &english
}

// PerBatch names the raw loss line; with merged points it says how many
// iterations each point averages.
func (l *labels) PerBatch(per int) string {
	if per == 1 {
		return l.PerBatchOne
	}
	return fmt.Sprintf(l.PerBatchMany, per)
}

// Status is the state word of status for people.
func (l *labels) Status(status string) string {
	switch status {
	case "loading":
		return l.StLoading
	case "ready":
		return l.StReady
	case "training":
		return l.StTraining
	case "paused":
		return l.StPaused
	case "done":
		return l.StDone
	case "error":
		return l.StError
	}
	return status
}

// ActName is an activation setting's name (the book's).
func (l *labels) ActName(v string) string {
	switch v {
	case "relu":
		return "ReLU"
	case "sigmoid":
		return "Sigmoid"
	}
	return v
}

// InitName is a weight-init setting's name.
func (l *labels) InitName(v string) string {
	switch v {
	case "book":
		return l.InitBook
	case "he":
		return "He"
	case "xavier":
		return "Xavier"
	}
	return v
}

// BreakName is the option text of a broken kind.
func (l *labels) BreakName(k broken.Kind) string {
	if s, ok := l.BreakNames[k.Name]; ok {
		return s
	}
	return k.Name
}

// BreakDesc explains a broken kind.
func (l *labels) BreakDesc(k broken.Kind) string {
	if s, ok := l.BreakDescs[k.Name]; ok {
		return s
	}
	return k.Description
}

// Engine says what an English message of the trainer or the engine means:
// in English the message itself, in Korean a sentence saying what happened
// and what to do, then the message in parentheses.
func (l *labels) Engine(msg string) string {
	if l.engine == nil || msg == "" {
		return msg
	}
	for _, r := range l.engine {
		if strings.HasPrefix(msg, r.prefix) {
			if r.whole {
				return r.say
			}
			return r.say + " (" + msg + ")"
		}
	}
	return msg
}

// DivergedText explains a divergence reported as err, the trainer's text:
// nn.DivergedError's ("nn: loss is NaN at iteration 412; weights from
// before that step kept") or the worker's blow-up ("training diverged: the
// loss has been above 6.91 … since iteration 2; the weights of iteration 0
// … are restored"). The first iteration it names is where it went wrong.
func (l *labels) DivergedText(err string) string {
	var it int
	if i := strings.Index(err, "iteration "); i >= 0 {
		fmt.Sscan(err[i+len("iteration "):], &it)
	}
	if it > 0 {
		return fmt.Sprintf(l.DivergedAt, it, err)
	}
	return fmt.Sprintf(l.Diverged, err)
}
