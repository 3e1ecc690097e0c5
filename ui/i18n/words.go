package i18n

// Words are the page's fixed words in one language: labels, captions and
// the formats of the readouts that the views fill in. Every field is a
// plain string; the ones with verbs are fmt formats, with explicit argument
// indexes (%[2]d) where Korean word order differs. A field left empty in a
// language fails TestWordsComplete.
type Words struct {

	// Header, status, footer.
	Tagline, LangLabel, StatusLabel                           string
	StLoading, StReady, StTraining, StPaused, StDone, StError string
	StatusSay                                                 string // the live region: "status: %s"
	Restart                                                   string
	BenchTitle, BenchRunning                                  string // "Training %d mini-batches…"
	BenchWarming                                              string // the same after %[2]d untimed mini-batches
	BenchAgain                                                string // the button that runs the bench once more
	BenchStop, BenchStopping                                  string // the button that stops the bench, and its state
	BenchStopped                                              string // "Stopped after %[1]d of %[2]d timed mini-batches…"
	BenchStoppedWarm                                          string // the same in the warm-up: %[1]d of %[2]d untimed ones
	Footer                                                    string

	// The keyboard box.
	KeysTitle, KeySpaceName, KeySpace, KeyArrows, KeyC, KeyTab, KeyPicture, KeyField, KeyDrawing string
	KeyDigits                                                                                    string
	TrainHidden                                                                                  string
	// The race.
	RaceTitle, RaceIntro, RaceSetting, RaceValue, RaceStart, RaceStop, RaceClose, RaceRun    string
	RaceDead, RaceDeadTitle, RaceSatTitle, RaceLossChart, RaceAccChart, RaceW1Aria, RaceNote string
	// The timeline.
	TimelineTitle, TimelineAria, TimelineAt, TimelineNow, TimelinePast, TimelinePlay, TimelinePause string
	TimelineSpeed, TimelineLive, TimelineTrainHere, TimelineNote, ViewingBar, GradNotKept           string
	// Teaching the net the learner's digits.
	MineTitle, MineIntro, MineIs, MineLabelAria, MineStep, MineStepWait, MineNoDrawing  string
	MineResult, MineGradCap, MineGradAria, MineSet, MineCount, MineAcc, MineAccStale    string
	MineFineTune, MineFineNote, MineTuning, MineExport, MineImport, MineClear, MineUndo string
	MineConfCaption, MineConfCorner, MineKeep, MineLR, MineLRNote                       string

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
	FAugment, AugmentNote                                       string

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
	MaskTitleSig, GridKeys, CellKeys                    string
	CapDW1, CapDW2, NormTitle, CapNorms, CapNormsSig    string
	SkipNav, SkipDraw, SkipStepper, SkipConf            string
	SpeedSettling, NotYet, NotMeasured                  string
	// A loaded net trained on other data: its epochs and accuracies.
	EpochPrior, EpochPriorUnknown, AccPrior string
	GraphAria, GraphSGD, GraphRegion        string
	// Opening an entry of the pass, nudging a weight, waking a quiet pass.
	CellNone, CellDivisor, CellMasked, CellWas, CellMore, CellSum string
	CellX, CellT                                                  string // what an input entry is: image, row, column; image, digit
	// What an entry of each computed tensor is, in one sentence.
	CellWhatZ, CellWhatA, CellWhatASig, CellWhatS, CellWhatY, CellWhatDout string
	CellWhatDW2, CellWhatDB2, CellWhatDA, CellWhatDZ, CellWhatDZSig        string
	CellWhatDW1, CellWhatDB1                                               string
	CellTitle, CellTensor, CellIndex, CellOpen, CellClose                  string
	NudgeTitle, NudgeExplain, NudgeNone, NudgeHead, NudgeParam             string
	NudgeIndex, NudgeH, NudgeRun, NudgeDLoss, NudgeLinear                  string
	NudgeCentral, NudgeGrad, NudgeLadder, NudgeErr                         string
	QuietRight, WhatIf, Unsure, Wrong, BatchLabel, BatchNote               string
	UpdateLossRow, UpdateYRow, RbMask, RbMaskAria, Before, After           string
	LossNoneNew, LossNoneLoaded                                            string
	NormNoneNew, NormNoneLoaded                                            string
	UseDrawing, UsingDrawing, ShowingTest                                  string
	UnitPlain, UnitTitle, UnitOn, UnitOff, UnitSat                         string
	MaskNoNet, MaskHint, MaskSigmoid, MaskReLU                             string
	DeadBefore, DeadSigmoid, DeadReLU                                      string
	NormAt                                                                 string
	LegendZero, LegendAria, LegendNote, BarsAria                           string
	ViewW1, ViewW2, ViewDW1, ViewDW2, ViewKeys                             string
	DescTile, DescW2                                                       string

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
	GCRunning, GCStarting, GCNone, GCAgree, GCBroken         string
	BreakNames, BreakDescs                                   map[string]string // by broken kind's name

	// The gradient check's maps and bug hunt.
	GCMapsTitle, GCMapsExplain, GCMapNotRun, GCMapRunning  string
	GCMapMax, GCMapDesc, GCMapsNone                        string
	GCMapW1, GCMapB1, GCMapW2, GCMapB2                     string
	GCLegendAria, GCLegendRounding, GCLegendWrong          string
	GCLeftOut, GCWhyInPlace, GCWhySquare, GCSquare         string
	HuntTitle, HuntExplain, HuntStart, HuntGuess, HuntPick string
	HuntSubmit, HuntRunning, HuntLook, HuntResults         string
	HuntRight, HuntWrong, HuntScore, HuntWhere             string
	// BreakPrints say where each broken kind shows in the maps.
	BreakPrints map[string]string

	// The confusion matrix.
	ConfTitle, ConfExplain, ConfLater, ConfCaption, ConfCorner string
	ConfAcc, ConfAccShort, CellLabel, GalleryNone, GalleryText string
	CellLabelOne, GalleryTextOne                               string // for a single image
	GalleryFirst                                               string
	GalleryAria, GalleryDesc                                   string

	// The kept net, and the message slot's buttons.
	KeptOfferText, RestoreKept, DiscardKept, DiscardKeptTitle string
	Dismiss, Details                                          string
	// NotComputed says a gradient view has nothing to show yet: "%s" the
	// parameter's gradient.
	NotComputed string
}

// PerBatch names the raw loss line; with merged points it says how many
// iterations each point averages.
func (w *Words) PerBatch(per int) string {
	if per == 1 {
		return w.PerBatchOne
	}
	return sprintf(w.PerBatchMany, per)
}

// Status is the state word of a status for people ("" for an unknown one).
func (w *Words) Status(status string) string {
	switch status {
	case "loading":
		return w.StLoading
	case "ready":
		return w.StReady
	case "training":
		return w.StTraining
	case "paused":
		return w.StPaused
	case "done":
		return w.StDone
	case "error":
		return w.StError
	}
	return ""
}

// ActName is an activation setting's name (the book's).
func (w *Words) ActName(v string) string {
	switch v {
	case "relu":
		return "ReLU"
	case "sigmoid":
		return "Sigmoid"
	}
	return v
}

// InitName is a weight-init setting's name.
func (w *Words) InitName(v string) string {
	switch v {
	case "book":
		return w.InitBook
	case "he":
		return "He"
	case "xavier":
		return "Xavier"
	}
	return v
}

// SampName is a sampling setting's name.
func (w *Words) SampName(v string) string {
	switch v {
	case "replace":
		return w.SampReplace
	case "shuffle":
		return w.SampShuffle
	}
	return v
}

// ChoiceName is the name of value v of the choice setting (activation,
// init, sampling), v itself for anything else.
func (w *Words) ChoiceName(setting, v string) string {
	switch setting {
	case "activation":
		return w.ActName(v)
	case "init":
		return w.InitName(v)
	case "sampling":
		return w.SampName(v)
	}
	return v
}

// BreakName is the option text of a broken kind, its name if unknown.
func (w *Words) BreakName(name string) string {
	if s, ok := w.BreakNames[name]; ok {
		return s
	}
	return name
}

// BreakDesc explains a broken kind, "" if unknown.
func (w *Words) BreakDesc(name string) string { return w.BreakDescs[name] }
