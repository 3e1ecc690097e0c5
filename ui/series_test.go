package ui

import (
	"math"
	"testing"

	"github.com/backprop-lab/backprop-lab/wire"
)

func TestLossSeriesBounded(t *testing.T) {
	s := NewLossSeries()
	const n = 100_000
	var total float64
	for i := range n {
		v := float64(i % 7)
		total += v
		s.Add(v)
	}
	if len(s.Pts) >= maxPoints {
		t.Fatalf("%d points, want < %d", len(s.Pts), maxPoints)
	}
	if s.Iters() != n {
		t.Fatalf("Iters = %d, want %d", s.Iters(), n)
	}
	// Merging keeps means: the mean of the points equals the mean of what was added
	// (up to the iterations still pending in the open bucket).
	var sum float64
	for _, p := range s.Pts {
		sum += p * float64(s.Per)
	}
	pending := n - len(s.Pts)*s.Per
	if pending < 0 || pending >= s.Per {
		t.Fatalf("pending %d outside [0,%d)", pending, s.Per)
	}
	var tail float64
	for i := n - pending; i < n; i++ {
		tail += float64(i % 7)
	}
	if math.Abs(sum+tail-total) > 1e-6*total {
		t.Fatalf("sum of points %v + pending %v != total %v", sum, tail, total)
	}
}

func TestSmoothedFollows(t *testing.T) {
	s := NewLossSeries()
	for range 500 {
		s.Add(2)
	}
	for range 500 {
		s.Add(0)
	}
	sm := s.Smoothed(nil)
	if sm[499] != 2 {
		t.Errorf("smoothed constant = %v, want 2", sm[499])
	}
	if sm[999] > 0.01 {
		t.Errorf("smoothed after 500 zeros = %v, want near 0", sm[999])
	}
}

func TestEpochHistoryBounded(t *testing.T) {
	var h []wire.EpochStats
	for i := 1; i <= 100000; i++ {
		h = appendEpoch(h, wire.EpochStats{Epoch: i})
	}
	if len(h) > maxEpochs {
		t.Fatalf("%d epochs kept, want at most %d", len(h), maxEpochs)
	}
	if h[len(h)-1].Epoch != 100000 || h[0].Epoch != 1 {
		t.Errorf("history spans %d..%d, want 1..100000", h[0].Epoch, h[len(h)-1].Epoch)
	}
}

func TestThinKeepsEnvelope(t *testing.T) {
	xs := make([]float64, 5000)
	ys := make([]float64, 5000)
	for i := range xs {
		xs[i], ys[i] = float64(i), math.Sin(float64(i)/7)
	}
	ys[1234] = 9 // a spike must survive
	tx, ty := thin(xs, ys, nil, nil)
	if len(ty) > maxLinePoints {
		t.Fatalf("%d points, want at most %d", len(ty), maxLinePoints)
	}
	found := false
	for i, y := range ty {
		if y == 9 && tx[i] == 1234 {
			found = true
		}
		if i > 0 && tx[i] < tx[i-1] {
			t.Fatalf("points out of order at %d", i)
		}
	}
	if !found {
		t.Error("the spike was thinned away")
	}
}
