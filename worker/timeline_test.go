package worker

import (
	"slices"
	"testing"
)

// The timeline of a run stays bounded in count and memory, keeps
// iteration 0 and the last snapshot through every thinning, and keeps the
// early iterations dense.
func TestTimelineBounds(t *testing.T) {
	const params = 784*50 + 50 + 50*10 + 10
	if c := NewTimeline(params).Cap(); c != MaxShots || c*4*params > MaxTimelineBytes {
		t.Fatalf("the book's net keeps %d snapshots of %d bytes, want %d within %d bytes", c, 4*params, MaxShots, MaxTimelineBytes)
	}
	if c := NewTimeline(784*4096 + 4096 + 4096*10 + 10).Cap(); c < 2 || c*4*(784*4096+4096+40960+10) > MaxTimelineBytes {
		t.Errorf("a 4096-unit net keeps %d snapshots", c)
	}
	small := []float64{1, 2}
	for _, run := range []int{50, 10_000, 100_000} {
		tl := NewTimeline(params)
		tl.cap = MaxShots
		last := -1
		for it := 0; it <= run; it++ {
			if tl.Offer(it, 0, small, small, small, small) {
				last = it
			}
			if tl.Len() > tl.Cap() {
				t.Fatalf("run %d, iteration %d: %d snapshots, more than %d", run, it, tl.Len(), tl.Cap())
			}
		}
		its := tl.Iters()
		if its[0] != 0 || its[len(its)-1] != last || !slices.IsSorted(its) {
			t.Errorf("run %d: iterations %v..%v, want 0..%d in order", run, its[0], its[len(its)-1], last)
		}
		// Dense early: the first tenth of the run holds more snapshots than
		// the last half.
		early, late := 0, 0
		for _, it := range its {
			if it <= run/10 {
				early++
			}
			if it >= run/2 {
				late++
			}
		}
		if run >= 10_000 && early <= late {
			t.Errorf("run %d: %d snapshots in its first tenth, %d in its last half: %v", run, early, late, its)
		}
		if run == 50 && len(its) != 51 {
			t.Errorf("a run of 50 keeps %d snapshots, want every iteration", len(its))
		}
		t.Logf("run %d: %d snapshots, first tenth %d, last half %d; %v...", run, len(its), early, late, its[:min(len(its), 12)])
	}
}

// Snapshots are the weights as float32; truncating drops the later ones
// and the timeline goes on from there.
func TestTimelineAtAndTruncate(t *testing.T) {
	tl := NewTimeline(4)
	for it := 0; it <= 30; it++ {
		v := float64(it) + 0.1
		tl.Offer(it, 0, []float64{v}, []float64{-v}, []float64{2 * v}, []float64{3 * v})
	}
	s, ok := tl.At(7)
	if !ok || s.W1[0] != float32(7.1) || s.B1[0] != float32(-7.1) || s.W2[0] != float32(14.2) || s.B2[0] != float32(21.3) {
		t.Fatalf("snapshot 7: %+v, %v", s, ok)
	}
	if _, ok := tl.At(31); ok {
		t.Error("a snapshot of an iteration never offered")
	}
	tl.Truncate(10)
	if its := tl.Iters(); its[len(its)-1] != 10 {
		t.Fatalf("after truncating at 10: %v", its)
	}
	if !tl.Offer(11, 0, []float64{1}, []float64{1}, []float64{1}, []float64{1}) {
		t.Error("the timeline does not go on after a truncation")
	}
	if tl.Bytes() != 4*4*tl.Len() {
		t.Errorf("%d bytes for %d snapshots of 4 floats", tl.Bytes(), tl.Len())
	}
}
