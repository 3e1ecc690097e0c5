package wire

// Code names a failure the trainer reports. The page words each code in its
// own language (package ui/i18n has a sentence for every code); Args carry
// the values the sentence needs, in the order its documentation gives.
type Code string

// The trainer's codes.
const (
	// ErrCrashed: the trainer stopped (a panic); Args: the panic's message.
	// A new trainer can go on with the page's last weights.
	ErrCrashed Code = "crashed"
	// ErrBadData: the data files failed their check; the page must fetch
	// them again (a reload).
	ErrBadData Code = "bad-data"
	// ErrSend: a message could not be encoded; Args: its kind.
	ErrSend Code = "send-failed"
	// ErrBusy: the trainer's inbox was full and a message was dropped.
	ErrBusy Code = "busy"
	// ErrNoNet: a request needs a net and there is none yet.
	ErrNoNet Code = "no-net"
	// ErrSettings: the trainer refused settings; Args: field, value, min,
	// max (see LimitError).
	ErrSettings Code = "settings"
	// ErrShape: Configure cannot change the net's shape.
	ErrShape Code = "shape"
	// ErrImport: a weights file was refused, the net is unchanged; Args[0]
	// is an ImportReason, the rest its values.
	ErrImport Code = "import"
	// ErrBreak: the gradient check's broken layer does not fit the net;
	// Args: the kind's name.
	ErrBreak Code = "break"
	// ErrBench: the bench request is out of bounds; Args: what, value, max.
	ErrBench Code = "bench"
	// ErrHelper: a training helper failed; the trainer computed its share.
	ErrHelper Code = "helper"
	// ErrOneWorker: the helpers could not start; training runs in one
	// worker.
	ErrOneWorker Code = "one-worker"
	// ErrMessage: the trainer got a message it cannot read; Args: its kind
	// if known.
	ErrMessage Code = "message"
	// ErrInternal: anything else (a bug); the detail says what.
	ErrInternal Code = "internal"
)

// Codes lists every code, for tests that each is worded.
func Codes() []Code {
	return []Code{ErrCrashed, ErrBadData, ErrSend, ErrBusy, ErrNoNet, ErrSettings, ErrShape,
		ErrImport, ErrBreak, ErrBench, ErrHelper, ErrOneWorker, ErrMessage, ErrInternal}
}

// Fatal reports whether the trainer cannot go on after the code: the page
// then offers a restart (ErrCrashed) or a reload (ErrBadData).
func (c Code) Fatal() bool { return c == ErrCrashed || c == ErrBadData }

// ImportReason says why a weights file was refused (Error.Args[0] of
// ErrImport).
type ImportReason string

// The reasons, with the further Args of each.
const (
	NotWeights  ImportReason = "not-weights" // not a weights file at all
	BadVersion  ImportReason = "version"     // Args: the file's version
	Corrupt     ImportReason = "corrupt"     // truncated, trailing bytes, a bad CRC or header
	BadOption   ImportReason = "option"      // an option the format does not know
	NotFiniteW  ImportReason = "not-finite"  // a parameter is NaN or infinite
	BadShape    ImportReason = "shape"       // Args: input, hidden, output sizes
	OutOfLimits ImportReason = "limit"       // Args: field, value, min, max (see LimitError)
	TooBig      ImportReason = "too-big"     // Args: bytes, the most allowed
	Overflows   ImportReason = "overflow"    // the weights overflow the forward pass
)

// ImportReasons lists every reason, for tests that each is worded.
func ImportReasons() []ImportReason {
	return []ImportReason{NotWeights, BadVersion, Corrupt, BadOption, NotFiniteW, BadShape, OutOfLimits, TooBig, Overflows}
}
