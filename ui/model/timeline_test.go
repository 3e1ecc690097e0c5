package model

import (
	"slices"
	"testing"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The timeline moves every view to a past iteration without changing the
// run: the weights shown, the drawing's probabilities, the stepper's pass
// and the confusion matrix (none before the first epoch); live restores them
// exactly; train-from-here goes on from the past iteration and drops the rest.
func TestTimelineViews(t *testing.T) {
	l := started(t)
	w0 := slices.Clone(l.m.Snap.W1)
	for range 40 { // one epoch: 200 images in batches of 5
		l.do(Step{})
	}
	if n := len(l.m.Time.Kept); n < 30 || l.m.Time.Kept[0] != 0 || l.m.Time.Kept[n-1] != 40 {
		t.Fatalf("the timeline after 40 steps: %v", l.m.Time.Kept)
	}
	if l.m.Conf.Matrix == nil {
		t.Fatal("no confusion matrix after the first epoch")
	}
	l.do(Drew{Image: drawing(1), Ink: true})
	l.do(PenRested{})
	live := slices.Clone(l.m.Draw.Probs)
	liveY := slices.Clone(l.m.Stepper.Batch.Y)
	liveW := slices.Clone(l.m.Snap.W1)

	l.do(SeekTimeline{Index: 0})
	if !l.m.Viewing() || l.m.ShownIter() != 0 || l.m.TimelineIndex() != 0 {
		t.Fatalf("after seeking 0: viewing %t, iteration %d", l.m.Viewing(), l.m.ShownIter())
	}
	for i, v := range l.m.Shown().W1 {
		if v != float64(float32(w0[i])) {
			t.Fatalf("W1[%d] shown %v, the initial weight is %v", i, v, w0[i])
		}
	}
	if slices.Equal(l.m.Draw.Probs, live) || slices.Equal(l.m.Stepper.Batch.Y, liveY) {
		t.Error("the drawing's probabilities or the stepper's pass did not move to iteration 0")
	}
	if l.m.Conf.Matrix != nil {
		t.Error("a confusion matrix at iteration 0, before any epoch")
	}
	if !slices.Equal(l.m.Snap.W1, liveW) || l.m.Run.P.Iter != 40 {
		t.Fatal("looking back changed the run")
	}

	// Training on while looking back: the views stay at iteration 0.
	l.m.Run.Applied.Iters, l.m.Run.Form = 100, NewForm(l.m.Run.Applied)
	l.s.Handle(wire.Configure{Settings: l.m.Run.Applied})
	l.pump()
	l.do(Step{})
	if l.m.Run.P.Iter != 41 || l.m.ShownIter() != 0 || slices.Equal(l.m.Draw.Probs, live) {
		t.Fatalf("a step while looking back: iteration %d, shown %d", l.m.Run.P.Iter, l.m.ShownIter())
	}
	l.do(TimelineLive{})
	if l.m.Viewing() || slices.Equal(l.m.Draw.Probs, live) {
		t.Fatalf("back to live after a step: viewing %t", l.m.Viewing())
	}
	if l.m.Conf.Matrix == nil {
		t.Error("no confusion matrix back live")
	}

	// Back to iteration 40 exactly: the probabilities of then.
	i40 := slices.Index(l.m.Time.Kept, 40)
	l.do(SeekTimeline{Index: i40})
	if l.m.ShownIter() != 40 {
		t.Fatalf("shown %d", l.m.ShownIter())
	}
	for i, p := range l.m.Draw.Probs {
		if d := p - live[i]; d > 1e-6 || d < -1e-6 {
			t.Fatalf("p[%d] at iteration 40 is %v, it was %v live then", i, p, live[i])
		}
	}

	// Train from iteration 10.
	i10 := slices.Index(l.m.Time.Kept, 10)
	l.do(SeekTimeline{Index: i10})
	l.do(TrainFromHere{})
	if l.m.Run.P.Iter != 10 || l.m.Viewing() || l.m.Notice.Msg.ID != i18n.TrainedFrom {
		t.Fatalf("train from 10: iteration %d, viewing %t, notice %q", l.m.Run.P.Iter, l.m.Viewing(), l.m.Notice.Msg.ID)
	}
	if k := l.m.Time.Kept; k[len(k)-1] != 10 || l.m.Run.Losses.Last() != 10 || len(l.m.Run.Epochs) != 1 || l.m.Run.Epochs[0].Iter != 10 {
		t.Fatalf("after train-from 10: timeline ends %d, losses end %d, epochs %+v", k[len(k)-1], l.m.Run.Losses.Last(), l.m.Run.Epochs)
	}
	l.do(Step{})
	if l.m.Run.P.Iter != 11 || l.m.Run.Losses.Last() != 11 {
		t.Errorf("a step after train-from: iteration %d, losses end %d", l.m.Run.P.Iter, l.m.Run.Losses.Last())
	}
}

// The playback steps through the kept snapshots and ends live.
func TestTimelinePlayback(t *testing.T) {
	l := started(t)
	for range 12 {
		l.do(Step{})
	}
	l.do(PlayTimeline{})
	seen := []int{l.m.ShownIter()}
	for range 100 {
		if !l.m.Time.Playing {
			break
		}
		l.do(TimelineTick{})
		seen = append(seen, l.m.ShownIter())
	}
	if l.m.Time.Playing || l.m.Viewing() {
		t.Fatalf("the playback did not end live: %v", seen)
	}
	if !slices.Equal(seen[:len(seen)-1], l.m.Time.Kept) {
		t.Errorf("the playback showed %v, the timeline keeps %v", seen, l.m.Time.Kept)
	}
}

func TestLossSeriesTruncate(t *testing.T) {
	s := NewLossSeries(0)
	for i := range 10 {
		s.Add(float64(i))
	}
	s.Truncate(4)
	if s.Last() != 4 || !slices.Equal(s.Pts, []float64{0, 1, 2, 3}) {
		t.Fatalf("truncated at 4: %v, last %d", s.Pts, s.Last())
	}
	s.Add(9)
	if s.Last() != 5 || s.Pts[4] != 9 {
		t.Errorf("after a new loss: %v", s.Pts)
	}
	long := NewLossSeries(100)
	for range 5000 {
		long.Add(1)
	}
	long.Truncate(2101)
	if long.Last() != 2101 {
		t.Errorf("a thinned series truncated at 2101 ends at %d", long.Last())
	}
}

// A hidden tab pauses training and resumes it when shown, unless the
// learner keeps it training; a learner's own pause stays a pause.
func TestPauseWhenHidden(t *testing.T) {
	l := started(t)
	l.m.Do(TogglePlay{})
	l.m.Do(PageHidden{Hidden: true})
	if _, ok := lastSent[wire.Pause](l); !ok || !l.m.Run.PausedHidden {
		t.Fatal("a hidden tab did not pause training")
	}
	l.pump()
	n := len(l.sent)
	l.m.Do(PageHidden{Hidden: false})
	if p, ok := lastSent[wire.Play](l); !ok || len(l.sent) != n+1 || l.m.Run.PausedHidden {
		t.Fatalf("shown again: sent %v (%v)", l.sent[n:], p)
	}
	l.pump()

	l.m.Do(SetTrainHidden{On: true})
	n = len(l.sent)
	l.m.Do(PageHidden{Hidden: true})
	if len(l.sent) != n {
		t.Errorf("training kept in a hidden tab was paused: %v", l.sent[n:])
	}
	l.m.Do(SetTrainHidden{On: false})
	l.m.Do(TogglePlay{}) // the learner pauses
	l.pump()
	n = len(l.sent)
	l.m.Do(PageHidden{Hidden: true})
	l.m.Do(PageHidden{Hidden: false})
	if len(l.sent) != n {
		t.Errorf("a paused run was played by a hide and show: %v", l.sent[n:])
	}
}
