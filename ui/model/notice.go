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
func (n *Notice) put(level Level, msg i18n.Message, detail string) {
	if n.Shown() && n.Level == Fatal && level < Fatal {
		return
	}
	*n = Notice{Msg: msg, Level: level, Detail: detail, Seq: n.Seq + 1}
}

func (n *Notice) inform(msg i18n.Message)              { n.put(Info, msg, "") }
func (n *Notice) warn(msg i18n.Message, detail string) { n.put(Warning, msg, detail) }
func (n *Notice) fatal(msg i18n.Message, detail string) {
	n.put(Fatal, msg, detail)
}

// clear empties the slot unless it holds a fatal message.
func (n *Notice) clear() {
	if n.Level < Fatal {
		*n = Notice{Seq: n.Seq}
	}
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
