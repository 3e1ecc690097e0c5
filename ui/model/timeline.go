package model

import (
	"time"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The timeline: the trainer keeps snapshots of the run's weights; the page
// can show any of them in every view (the weights, the drawing's
// prediction and mask, the stepper's pass, the confusion matrix of the
// epoch before it) while the run goes on, and go on training from one.

// Timeline is the state of the timeline.
type Timeline struct {
	// Kept are the iterations the trainer keeps, in order.
	Kept []int
	// Past is the snapshot the views show instead of the live net, nil
	// while they show the live one; PastIter is its iteration.
	Past     *wire.Snapshot
	PastIter int
	// Asked is the iteration of the snapshot asked for and not yet come,
	// -1 for none.
	Asked int
	// Playing says the views step through the kept snapshots by
	// themselves, Speed of them a second.
	Playing bool
	Speed   int
}

// TimelineSpeeds are the playback speeds offered, in snapshots a second.
var TimelineSpeeds = []int{2, 5, 10, 20}

// epochPred is the test set's predictions and the hidden units' shares
// at the end of an epoch, for the confusion matrix and the dead units of
// a past iteration.
type epochPred struct {
	Iter     int
	Pred     []uint8
	UnitFrac []float64
}

// Shown is the snapshot the views show: the past one picked on the
// timeline, else the live one.
func (m *Model) Shown() *wire.Snapshot {
	if m.Time.Past != nil {
		return m.Time.Past
	}
	return m.Snap
}

// Viewing reports whether the views show a past iteration.
func (m *Model) Viewing() bool { return m.Time.Past != nil }

// ShownIter is the iteration the views show.
func (m *Model) ShownIter() int {
	if m.Time.Past != nil {
		return m.Time.PastIter
	}
	return m.Run.P.Iter
}

// TimelineIndex is the position of the shown iteration on the timeline:
// len(Kept) for the live net.
func (m *Model) TimelineIndex() int {
	if m.Time.Past == nil {
		return len(m.Time.Kept)
	}
	for i, it := range m.Time.Kept {
		if it >= m.Time.PastIter {
			return i
		}
	}
	return len(m.Time.Kept)
}

// SeekTimeline shows the kept snapshot at Index (len(Kept) or more: the
// live net).
type SeekTimeline struct{ Index int }

func (c SeekTimeline) apply(m *Model) Changed {
	t := &m.Time
	if c.Index < 0 || m.Snap == nil {
		return 0
	}
	if c.Index >= len(t.Kept) {
		return m.goLive()
	}
	it := t.Kept[c.Index]
	if t.Past != nil && t.PastIter == it || t.Asked == it {
		return 0
	}
	t.Asked = it
	m.trainer.Post(wire.Rewind{Iter: it})
	return 0
}

// TimelineLive shows the live net again.
type TimelineLive struct{}

func (TimelineLive) apply(m *Model) Changed {
	m.Time.Playing = false
	return m.goLive() | Structure
}

// goLive shows the live net in every view.
func (m *Model) goLive() Changed {
	t := &m.Time
	t.Asked = -1
	if t.Past == nil {
		return 0
	}
	t.Past = nil
	return m.show(m.Snap) | Structure | Progress
}

// TrainFromHere starts training again from the iteration shown.
type TrainFromHere struct{}

func (TrainFromHere) apply(m *Model) Changed {
	t := &m.Time
	if t.Past == nil || !m.Run.Ready() {
		return 0
	}
	t.Playing = false
	m.trainer.Post(wire.TrainFrom{Iter: t.PastIter})
	return Structure
}

// PlayTimeline starts or stops the playback; TimelineTick is its clock.
type (
	PlayTimeline struct{}
	TimelineTick struct{}
)

func (PlayTimeline) apply(m *Model) Changed {
	t := &m.Time
	if t.Playing {
		t.Playing = false
		return Structure
	}
	if len(t.Kept) == 0 {
		return 0
	}
	t.Playing = true
	c := Structure
	if t.Past == nil {
		c |= SeekTimeline{Index: 0}.apply(m) // from the start; its answer asks for the next tick
	} else {
		m.tickLater()
	}
	return c
}

// tickLater asks for the playback's next tick.
func (m *Model) tickLater() {
	m.ask(TickAfter{D: time.Second / time.Duration(max(m.Time.Speed, 1))})
}

func (TimelineTick) apply(m *Model) Changed {
	t := &m.Time
	if !t.Playing || t.Asked >= 0 {
		return 0 // the last one asked for is still on its way
	}
	next := m.TimelineIndex() + 1
	if next >= len(t.Kept) {
		t.Playing = false
		return m.goLive() | Structure
	}
	return SeekTimeline{Index: next}.apply(m)
}

// SetTimelineSpeed picks one of TimelineSpeeds.
type SetTimelineSpeed struct{ Speed int }

func (c SetTimelineSpeed) apply(m *Model) Changed {
	for _, s := range TimelineSpeeds {
		if s == c.Speed {
			m.Time.Speed = s
		}
	}
	return Structure
}

func (m *Model) applyPast(v wire.Past) Changed {
	t := &m.Time
	if v.Iter != t.Asked {
		return 0 // an answer overtaken by a later seek, or by going live
	}
	t.Asked = -1
	if v.Missing {
		m.Notice.warn(i18n.M(i18n.PastMissing, v.Iter), "")
		t.Playing = false
		return Structure
	}
	s := &wire.Snapshot{W1: v.W1, B1: v.B1, W2: v.W2, B2: v.B2}
	if !s.Shaped(len(v.W1)/max(len(v.B1), 1), Classes) || m.Snap == nil || s.Hidden() != m.Snap.Hidden() {
		return 0 // not of the page's net (a new net came meanwhile)
	}
	was := t.Past == nil
	t.Past, t.PastIter = s, v.Iter
	c := m.show(s) | Progress // the timeline's readouts and the loss chart's mark
	if was {
		c |= Structure
	}
	if t.Playing {
		m.tickLater()
	}
	return c
}

func (m *Model) applyRewound(v wire.Rewound) Changed {
	t := &m.Time
	t.Past, t.Asked, t.Playing = nil, -1, false
	r := &m.Run
	r.Losses.Truncate(v.Iter)
	r.Norms.Truncate(v.Iter)
	n := 0
	for n < len(r.Epochs) && r.Epochs[n].Iter <= v.Iter {
		n++
	}
	r.Epochs = r.Epochs[:n]
	k := 0
	for k < len(m.preds) && m.preds[k].Iter <= v.Iter {
		k++
	}
	m.preds = m.preds[:k]
	m.Notice.inform(i18n.M(i18n.TrainedFrom, v.Iter))
	return Everything
}

// keepPred records an epoch's predictions for the past's confusion
// matrix, bounded as the accuracy history is.
func (m *Model) keepPred(v wire.Epoch) {
	if m.Test == nil || len(v.Pred) != m.Test.N {
		return
	}
	p := epochPred{Iter: v.Stats.Iter, Pred: make([]uint8, len(v.Pred)), UnitFrac: append([]float64(nil), v.UnitFrac...)}
	for i, x := range v.Pred {
		p.Pred[i] = uint8(x)
	}
	m.preds = appendByIter(m.preds, p, func(p epochPred) int { return p.Iter })
}

// predAt returns the predictions of the last epoch that ended at or
// before iteration it, nil for none.
func (m *Model) predAt(it int) *epochPred {
	for i := len(m.preds) - 1; i >= 0; i-- {
		if m.preds[i].Iter <= it {
			return &m.preds[i]
		}
	}
	return nil
}

// show makes s the net of the views: the drawing's prediction and mask,
// the stepper's pass, the confusion matrix and the dead units of the
// epoch at or before it.
func (m *Model) show(s *wire.Snapshot) Changed {
	if s == nil || !m.setNet(s) {
		return 0
	}
	m.predict()
	m.updateProbe()
	c := Weights | Prediction | Mask | Epochs | Gallery
	if p := m.predAt(m.ShownIter()); p != nil {
		pred := make([]float64, len(p.Pred))
		for i, x := range p.Pred {
			pred[i] = float64(x)
		}
		m.Conf.Pred = pred
		m.Conf.Matrix = NewMatrix(m.Test.Labels, pred)
		m.refreshGallery()
		m.Inside.UnitFrac = p.UnitFrac
	} else if m.Conf.Matrix != nil {
		m.Conf.Pred, m.Conf.Matrix, m.Inside.UnitFrac = nil, nil, nil
	}
	if m.Stepper.Pass != nil {
		c |= m.runPass()
	}
	if len(m.Mine.Digits) > 0 {
		c |= m.evalMine()
	}
	return c
}
