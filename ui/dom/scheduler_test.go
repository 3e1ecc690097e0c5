package dom

import (
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/ui/model"
)

// clocked returns the page's scheduler on a fake clock and the clock.
func clocked() (*Scheduler, *time.Time) {
	s := NewScheduler()
	now := time.Unix(100, 0)
	s.Now = func() time.Time { return now }
	return s, &now
}

func TestSchedulerUrgentAndLater(t *testing.T) {
	for _, tc := range []struct {
		name   string
		mark   func(s *Scheduler)
		take   Plan // what Take returns at once
		ticked Plan // what the next tick returns after that
	}{
		{"nothing", func(*Scheduler) {}, Plan{}, Plan{}},
		{"a click renders at once", func(s *Scheduler) { s.Mark(model.Structure|model.Progress, true) },
			Plan{Render: true, Write: model.Structure | model.Progress}, Plan{}},
		{"progress waits for the tick", func(s *Scheduler) { s.Mark(model.Progress|model.Weights, false) },
			Plan{}, Plan{Write: model.Progress | model.Weights}},
		{"a render takes the waiting views along", func(s *Scheduler) {
			s.Mark(model.Epochs, false)
			s.Mark(model.Structure, true)
		}, Plan{Render: true, Write: model.Structure | model.Epochs}, Plan{}},
		{"a status change from the trainer renders at the tick", func(s *Scheduler) { s.Mark(model.Structure|model.Progress, false) },
			Plan{}, Plan{Render: true, Write: model.Structure | model.Progress}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, _ := clocked()
			tc.mark(s)
			if p := s.Take(); p != tc.take {
				t.Errorf("Take = %+v, want %+v", p, tc.take)
			}
			if p := s.TickPlan(0); p != tc.ticked {
				t.Errorf("TickPlan = %+v, want %+v", p, tc.ticked)
			}
		})
	}
}

// TestSchedulerPen: while the pen is down or has rested less than PenRest,
// nothing renders; the pictures that follow the pen are still written; a
// rested pen is followed once, then the waiting render happens.
func TestSchedulerPen(t *testing.T) {
	s, now := clocked()
	s.Pen(true)
	s.Mark(model.Structure|model.Prediction, true)
	if p := s.Take(); p.Render || p.Write != model.Prediction {
		t.Errorf("pen down: Take = %+v, want only the prediction", p)
	}
	s.Mark(model.Progress, false)
	if p := s.TickPlan(1); p.Render || p.Write != model.Progress || p.FollowPen {
		t.Errorf("pen down: tick = %+v", p)
	}
	s.Pen(false)
	*now = now.Add(s.PenRest / 2)
	if p := s.TickPlan(1); p.Render || p.FollowPen {
		t.Errorf("pen resting: tick = %+v", p)
	}
	*now = now.Add(s.PenRest)
	p := s.TickPlan(1)
	if !p.FollowPen || !p.Render || !p.Write.Has(model.Structure) {
		t.Errorf("pen rested: tick = %+v, want the pen followed and the render", p)
	}
	if p := s.TickPlan(1); p.FollowPen || p.Render {
		t.Errorf("the pen was followed twice: %+v", p)
	}
}

// TestSchedulerCollect: a collection at most every CollectEvery, only when
// messages came in, never while drawing.
func TestSchedulerCollect(t *testing.T) {
	s, now := clocked()
	if p := s.TickPlan(5); !p.Collect {
		t.Errorf("first tick with messages: %+v", p)
	}
	*now = now.Add(s.CollectEvery / 2)
	if p := s.TickPlan(9); p.Collect {
		t.Error("collected twice within CollectEvery")
	}
	*now = now.Add(s.CollectEvery)
	if p := s.TickPlan(9); !p.Collect {
		t.Error("no collection after CollectEvery with new messages")
	}
	*now = now.Add(s.CollectEvery)
	if p := s.TickPlan(9); p.Collect {
		t.Error("collected a quiet page")
	}
	s.Pen(true)
	*now = now.Add(s.CollectEvery)
	if p := s.TickPlan(20); p.Collect {
		t.Error("collected while the pen is down")
	}
}
