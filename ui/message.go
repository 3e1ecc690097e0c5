package ui

// The page's messages (App.Warning, Fatal and Notice, the stepper's error)
// are kept as their English text, which other code may also write (run_js.go
// does), and, when the UI composed them, as a note that can say them again
// in any language. A text without a note of its own comes from the engine
// or the trainer and is explained by labels.Engine.

// note is a message that the UI composed: en is its English text, say
// renders it in a language.
type note struct {
	en  string
	say func(l *labels) string
}

// noteOf renders say in English and keeps both.
func noteOf(say func(l *labels) string) note { return note{en: say(&english), say: say} }

// text is s (the English text of a message) in the page's language: n's
// rendering while s is still the text n made, else s explained as an engine
// message.
func (a *App) text(s string, n note) string {
	if s == "" {
		return ""
	}
	if n.say != nil && n.en == s {
		return n.say(a.L)
	}
	return a.L.Engine(s)
}

// warn sets the warning the UI composed.
func (a *App) warn(say func(l *labels) string) {
	a.warnNote = noteOf(say)
	a.Warning = a.warnNote.en
}

// warnEngine sets a warning that is a message of the engine or trainer.
func (a *App) warnEngine(msg string) {
	a.warnNote = note{}
	a.Warning = msg
}

// notice sets the notice.
func (a *App) notice(say func(l *labels) string) {
	a.noticeNote = noteOf(say)
	a.Notice = a.noticeNote.en
}

// AlertText is what the error area shows: a fatal error, else a warning.
func (a *App) AlertText() string {
	if a.Fatal != "" {
		return a.text(a.Fatal, a.fatalNote)
	}
	return a.text(a.Warning, a.warnNote)
}

// NoticeText is the notice in the page's language.
func (a *App) NoticeText() string { return a.text(a.Notice, a.noticeNote) }
