package worker

import "math"

// The timeline's bounds: at most MaxShots snapshots and MaxTimelineBytes of
// them (so a large net keeps fewer, at least two).
const (
	MaxShots         = 200
	MaxTimelineBytes = 40 << 20
)

// firstRatio spaces the snapshots of a run: after iteration i the next one
// is taken at i + max(1, ⌊i·ratio⌋), so every iteration is kept at first
// and the spacing grows with the run: early iterations, where the weights
// change most, stay dense. Each thinning squares 1+ratio.
const firstRatio = 0.02

// Timeline keeps snapshots of a run's weights, as float32 (half the
// memory; a picture or a prediction cannot tell), bounded: when it is full
// every other snapshot goes, the first and the last stay, and the spacing
// of the next ones doubles in ratio.
type Timeline struct {
	cap   int
	ratio float64
	next  int // the iteration of the next snapshot
	shots []Shot
}

// Shot is the weights at iteration Iter, when the run had done Epochs.
type Shot struct {
	Iter           int
	Epochs         float64
	W1, B1, W2, B2 []float32
}

// NewTimeline returns an empty timeline for nets of params parameters.
func NewTimeline(params int) *Timeline {
	c := MaxTimelineBytes / max(4*params, 1)
	return &Timeline{cap: min(max(c, 2), MaxShots), ratio: firstRatio}
}

// Cap is the most snapshots the timeline keeps.
func (t *Timeline) Cap() int { return t.cap }

// Len is the number of snapshots kept.
func (t *Timeline) Len() int { return len(t.shots) }

// Bytes is the memory the snapshots' weights take.
func (t *Timeline) Bytes() int {
	n := 0
	for _, s := range t.shots {
		n += 4 * (len(s.W1) + len(s.B1) + len(s.W2) + len(s.B2))
	}
	return n
}

// Iters returns the iterations of the snapshots kept, in order.
func (t *Timeline) Iters() []int {
	out := make([]int, len(t.shots))
	for i, s := range t.shots {
		out[i] = s.Iter
	}
	return out
}

// Wants reports whether Offer at iteration it would keep a snapshot.
func (t *Timeline) Wants(it int) bool {
	return it >= t.next && (len(t.shots) == 0 || it > t.shots[len(t.shots)-1].Iter)
}

// Offer keeps the weights of iteration it (epochs done) if the spacing
// asks for them, and reports whether it did.
func (t *Timeline) Offer(it int, epochs float64, w1, b1, w2, b2 []float64) bool {
	if !t.Wants(it) {
		return false
	}
	if len(t.shots) == t.cap {
		t.thin()
	}
	t.shots = append(t.shots, Shot{Iter: it, Epochs: epochs, W1: f32(w1), B1: f32(b1), W2: f32(w2), B2: f32(b2)})
	t.next = it + max(1, int(math.Floor(float64(it)*t.ratio)))
	return true
}

// thin drops every other snapshot, keeping the first and the last, and
// spaces the next ones wider.
func (t *Timeline) thin() {
	last := t.shots[len(t.shots)-1]
	kept := t.shots[:0]
	for i := 0; i < len(t.shots)-1; i += 2 {
		kept = append(kept, t.shots[i])
	}
	if kept[len(kept)-1].Iter != last.Iter {
		kept = append(kept, last)
	}
	clear(t.shots[len(kept):])
	t.shots = kept
	t.ratio = (1+t.ratio)*(1+t.ratio) - 1
}

// At returns the snapshot of iteration it, if kept.
func (t *Timeline) At(it int) (Shot, bool) {
	for _, s := range t.shots {
		if s.Iter == it {
			return s, true
		}
	}
	return Shot{}, false
}

// Truncate drops the snapshots after iteration it: a run that goes on from
// there replaces them.
func (t *Timeline) Truncate(it int) {
	n := 0
	for n < len(t.shots) && t.shots[n].Iter <= it {
		n++
	}
	clear(t.shots[n:])
	t.shots = t.shots[:n]
	t.next = it + 1
}

func f32(v []float64) []float32 {
	out := make([]float32, len(v))
	for i, x := range v {
		out[i] = float32(x)
	}
	return out
}

// f64 returns v as float64s.
func f64(v []float32) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
