package dom

import (
	"time"

	"github.com/backprop-lab/backprop-lab/ui/model"
)

// Scheduler decides when the page draws what changed. A render of the
// templates rebuilds and syncs the whole page, which takes tens of
// milliseconds, so it happens only for a change of structure; the views
// registered in package markup are written on their own, each when a
// change carries its bits: at once for what the user is doing (a click,
// the pen), at the next tick for the trainer's progress, which arrives
// several times a second. Its fields are the page's timing policy; its
// methods are called under the page's lock. Now is the clock; tests give
// it a fake one.
type Scheduler struct {
	// Tick is how often the trainer's progress reaches the page.
	Tick time.Duration
	// PenRest is how long the pen must rest after a stroke before the page
	// follows the drawing with the stepper and a render, so that these do
	// not fall between the strokes of a digit.
	PenRest time.Duration
	// CollectEvery is how often the page collects its garbage while
	// messages come in: each message's typed arrays are freed only once
	// Go's collector has found their js.Values unreachable, and the
	// default policy waits far longer while the browser's memory grows.
	CollectEvery time.Duration
	Now          func() time.Time

	urgent, later model.Changed
	penDown       bool
	penUp         time.Time // when the last stroke ended, zero once followed
	collected     time.Time
	seen          int // messages at the last collection
}

// NewScheduler returns the page's policy: progress four times a second,
// the pen followed after 300 ms of rest, a collection every 2 s.
func NewScheduler() *Scheduler {
	return &Scheduler{Tick: 250 * time.Millisecond, PenRest: 300 * time.Millisecond,
		CollectEvery: 2 * time.Second, Now: time.Now}
}

// Mark records a change: urgent ones are drawn as soon as the page's loop
// runs, the others at the next tick.
func (s *Scheduler) Mark(c model.Changed, urgent bool) {
	if urgent {
		s.urgent |= c
	} else {
		s.later |= c
	}
}

// Pen records the pen's state after a move: down, or lifted (a stroke
// ended or the pad was cleared).
func (s *Scheduler) Pen(down bool) {
	if !down {
		s.penUp = s.Now()
	}
	s.penDown = down
}

// Drawing reports whether a drawing is under way: the pen down, or lifted
// less than PenRest ago.
func (s *Scheduler) Drawing() bool { return s.penDown || !s.penUp.IsZero() }

// Plan is what the page does now.
type Plan struct {
	// Render asks for a render of the templates (before the writes).
	Render bool
	// Write are the bits whose views are written.
	Write model.Changed
	// FollowPen asks the page to follow a drawing whose pen has rested
	// (model.PenRested), then to plan again.
	FollowPen bool
	// Collect asks for a garbage collection and a reading of the page's
	// memory, each in a task of its own, before the rest.
	Collect bool
}

// Take returns the urgent work and forgets it. A render waits while the pen
// is down: the pad's views follow the pen, the rest of the page follows
// when it rests.
func (s *Scheduler) Take() Plan {
	p := Plan{Write: s.urgent}
	s.urgent = 0
	if p.Write.Has(model.Structure) {
		if s.penDown {
			s.later |= model.Structure
			p.Write &^= model.Structure
		} else {
			p.Render = true
			// A render writes every view's host anew: the waiting changes
			// are drawn with it.
			p.Write |= s.later
			s.later = 0
		}
	}
	return p
}

// TickPlan returns the work of a tick: the waiting changes, following a
// rested pen, and whether to collect (messages is how many the trainer has
// sent so far: a quiet page has nothing to collect). It forgets what it
// returns.
func (s *Scheduler) TickPlan(messages int) Plan {
	now := s.Now()
	p := s.Take()
	if !s.penUp.IsZero() && !s.penDown && now.Sub(s.penUp) >= s.PenRest {
		s.penUp = time.Time{}
		p.FollowPen = true
	}
	if !s.Drawing() {
		p.Write |= s.later
		s.later = 0
		if p.Write.Has(model.Structure) {
			p.Render = true
		}
	} else {
		// While drawing, the pad's views follow the pen at once (Take);
		// the rest waits, unless it is only the views' own pictures.
		p.Write |= s.later &^ model.Structure
		s.later &= model.Structure
	}
	if messages != s.seen && now.Sub(s.collected) >= s.CollectEvery && !s.Drawing() {
		s.seen, s.collected = messages, now
		p.Collect = true
	}
	return p
}
