// Package i18n holds the page's words in English and Korean: the fixed
// words of the page (Words) and the messages that the page keeps in its
// state and says again in whatever language is chosen (Message).
//
// A message is an ID with arguments, never a sentence: the page, which
// may switch language at any time, renders it when it shows it, so a
// message on screen before a switch follows the switch. The trainer's
// failures arrive as codes with arguments (package wire) and become
// messages by TrainerID and ImportID. No sentence of the page lives in Go
// outside the tables of en.go and ko.go; nothing matches English text.
//
// The Korean tables use the terms of the book's Korean edition (밑바닥부터
// 시작하는 딥러닝): 순전파, 역전파, 기울기, 가중치, 편향, 계산 그래프, 연쇄 법칙.
package i18n

import (
	"fmt"
	"strings"
)

// Lang is one of the page's languages.
type Lang struct {
	// Code is the <html lang> value: en or ko.
	Code string
	// Name is the language's name in itself, for the language menu.
	Name string
	W    *Words
	msgs map[ID]string
}

// The languages.
var (
	English = &Lang{Code: "en", Name: "English", W: &enWords, msgs: enMessages}
	Korean  = &Lang{Code: "ko", Name: "한국어", W: &koWords, msgs: koMessages}
)

// Langs lists the languages in the menu's order.
var Langs = []*Lang{English, Korean}

// Get returns the language of code, English for anything unknown.
func Get(code string) *Lang {
	for _, l := range Langs {
		if l.Code == code {
			return l
		}
	}
	return English
}

// ID names a message.
type ID string

// Message is a sentence to be said in some language: its ID and its
// arguments. An argument may be a Message itself (a phrase such as "the
// pretrained net"), which is said in the same language.
type Message struct {
	ID   ID
	Args []any
}

// List is an argument that is said as a list of its items, each a Message
// or a plain value ("learning rate, seed").
type List []any

// M returns the message id with args.
func M(id ID, args ...any) Message { return Message{ID: id, Args: args} }

// IsZero reports whether m is no message.
func (m Message) IsZero() bool { return m.ID == "" }

// Say renders m in l. An ID without a sentence in l's table (a bug that
// TestMessagesComplete catches) says the ID itself.
func (l *Lang) Say(m Message) string {
	if m.IsZero() {
		return ""
	}
	format, ok := l.msgs[m.ID]
	if !ok {
		return string(m.ID)
	}
	if len(m.Args) == 0 {
		return format
	}
	args := make([]any, len(m.Args))
	for i, a := range m.Args {
		switch v := a.(type) {
		case Message:
			args[i] = l.Say(v)
		case List:
			args[i] = l.Join(v)
		default:
			args[i] = a
		}
	}
	return fmt.Sprintf(format, args...)
}

// Has reports whether l has a sentence for id.
func (l *Lang) Has(id ID) bool { _, ok := l.msgs[id]; return ok }

// IDs returns the IDs of l's table.
func (l *Lang) IDs() []ID {
	out := make([]ID, 0, len(l.msgs))
	for id := range l.msgs {
		out = append(out, id)
	}
	return out
}

// TrainerID is the message of the trainer's failure code (wire.Code).
func TrainerID(code string) ID { return ID("trainer." + code) }

// ImportID is the message of a refused weights file's reason
// (wire.ImportReason). Its first argument is where the file came from.
func ImportID(reason string) ID { return ID("import." + reason) }

// FieldID names a numeric setting (wire.Field) as a phrase.
func FieldID(field string) ID { return ID("field." + field) }

// The page's own messages, with their arguments.
const (
	// Notices.
	Loaded        ID = "loaded"         // source, hidden units, activation name
	Saved         ID = "saved"          // file name, bytes
	KeptDiscarded ID = "kept-discarded" //
	KeptBad       ID = "kept-bad"       //
	KeptStored    ID = "kept-stored"    // source: a net kept after a storage failure
	// Warnings.
	NotSaved         ID = "not-saved"         //
	TooBig           ID = "too-big"           // source, bytes, the most allowed
	NotRead          ID = "not-read"          // source
	PretrainedFailed ID = "pretrained-failed" //
	KeptFailed       ID = "kept-failed"       //
	KeptUnread       ID = "kept-unread"       //
	BadLink          ID = "bad-link"          // a List of the settings dropped
	BenchBounded     ID = "bench-bounded"     // a List of BenchBound… phrases
	TestImagesBad    ID = "test-images-bad"   //
	BadWeights       ID = "bad-weights"       //
	StepTestBad      ID = "step-test-bad"     // the typed value, the largest index
	BatchRange       ID = "batch-range"       // the largest batch
	CellBad          ID = "cell-bad"          // tensor, the typed index
	CellOutside      ID = "cell-outside"      // the typed index, tensor, rows, columns
	NoneWrong        ID = "none-wrong"        //
	NudgeBadIndex    ID = "nudge-bad-index"   // the typed index, parameter
	NudgeOutside     ID = "nudge-outside"     // the typed index, parameter, rows, columns
	NudgeNoPass      ID = "nudge-no-pass"     //
	DivergedBlowUp   ID = "diverged-blow-up"  // iteration, loss limit, restored iteration
	DivergedNaN      ID = "diverged-nan"      // iteration
	// The race.
	RaceBadValue  ID = "race-bad-value"  // the value, the setting's name
	RaceBadNumber ID = "race-bad-number" // the setting's name, the problem
	RaceSame      ID = "race-same"       // the setting's name
	RaceDiverged  ID = "race-diverged"   // run A or B, iteration
	RaceFailed    ID = "race-failed"     // run A or B
	// The timeline.
	PastMissing ID = "past-missing" // iteration
	TrainedFrom ID = "trained-from" // iteration
	// The learner's digits.
	MineUnread       ID = "mine-unread"        //
	MineNotKept      ID = "mine-not-kept"      // how many digits
	MineEmpty        ID = "mine-empty"         //
	MineUnlabelled   ID = "mine-unlabelled"    //
	MineFull         ID = "mine-full"          // the most kept
	MineNone         ID = "mine-none"          //
	MineTuned        ID = "mine-tuned"         // iterations, digits
	MineBadFile      ID = "mine-bad-file"      // file names
	MineImported     ID = "mine-imported"      // digits, file names
	MineImportedSome ID = "mine-imported-some" // digits taken, digits in the files, file names, the most kept
	// Failures that stop the page.
	TrainerDown    ID = "trainer-down"     // the trainer stopped (a crash or a load error)
	TrainerNoStart ID = "trainer-no-start" //
	// Phrases used as arguments.
	ThePretrained ID = "the-pretrained"
	TheRestored   ID = "the-restored"
	TheKept       ID = "the-kept"
	AndList       ID = "and-list" // the separator of a list of names
	// A bench value of a link out of its bounds: asked, used, the bounds.
	BenchBoundIters   ID = "bench-bound.iters"   // asked, run, most
	BenchBoundWorkers ID = "bench-bound.workers" // asked, used, cores, most
	BenchBoundWarmup  ID = "bench-bound.warmup"  // asked, run, most
)

// Join says names as a list in l, each a Message or a plain value.
func (l *Lang) Join(names []any) string {
	parts := make([]string, len(names))
	for i, n := range names {
		if m, ok := n.(Message); ok {
			parts[i] = l.Say(m)
		} else {
			parts[i] = fmt.Sprint(n)
		}
	}
	return strings.Join(parts, l.Say(M(AndList)))
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
