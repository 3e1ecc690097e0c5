package model

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
)

// Level is how serious the message in the slot is.
type Level int

// The levels, in order.
const (
	Info    Level = iota // news: a file loaded or saved
	Warning              // a problem the user can fix, or that passed
	Fatal                // the page cannot go on without a restart or a reload
)

// Notice is the page's one message slot: the newest message replaces the
// one before it, a fatal one stays until the page can go on.
type Notice struct {
	Msg   i18n.Message
	Level Level
	// Detail is the engine's own words, shown only on request.
	Detail string
	// Seq counts the messages put into the slot, so that a view can tell
	// a new message from the same one shown again.
	Seq int
}

// Shown reports whether the slot holds a message.
func (n *Notice) Shown() bool { return !n.Msg.IsZero() }

// put puts msg into the slot, unless a fatal message is there and msg is
// not fatal.
func (m *Model) put(level Level, msg i18n.Message, detail string) {
	if m.Notice.Shown() && m.Notice.Level == Fatal && level < Fatal {
		return
	}
	m.Notice = Notice{Msg: msg, Level: level, Detail: detail, Seq: m.Notice.Seq + 1}
}

func (m *Model) inform(msg i18n.Message)              { m.put(Info, msg, "") }
func (m *Model) warn(msg i18n.Message, detail string) { m.put(Warning, msg, detail) }
func (m *Model) fatal(msg i18n.Message, detail string) {
	m.put(Fatal, msg, detail)
}

// clearNotice empties the slot unless it holds a fatal message.
func (m *Model) clearNotice() {
	if m.Notice.Level < Fatal {
		m.Notice = Notice{Seq: m.Notice.Seq}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
