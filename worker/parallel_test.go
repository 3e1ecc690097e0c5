package worker

import (
	"math"
	"testing"

	"github.com/backprop-lab/backprop-lab/wire"
)

// fakePool runs its helpers in this goroutine, as the worker's message
// round trips would, copying what goes in and out.
type fakePool struct {
	helpers []*Helper
	req     []func() (float64, [4][]float64, error)
	fail    int // helper that fails, -1 none
	asked   int // calls of Ready
	// sizes[k] records the size of each share helper k was sent.
	sizes [][]int
}

func (p *fakePool) Size() int { return len(p.helpers) }

func (p *fakePool) Start(k int, w [4][]float64, act string, idx []int, divisor int) {
	var wc [4][]float64
	for i := range w {
		wc[i] = append([]float64(nil), w[i]...)
	}
	ic := append([]int(nil), idx...)
	for len(p.sizes) <= k {
		p.sizes = append(p.sizes, nil)
	}
	p.sizes[k] = append(p.sizes[k], len(idx))
	p.req[k] = func() (float64, [4][]float64, error) {
		if k == p.fail {
			return 0, [4][]float64{}, errTest
		}
		l, g, err := p.helpers[k].Share(wc, act, ic, divisor)
		var gc [4][]float64
		for i := range g {
			gc[i] = append([]float64(nil), g[i]...)
		}
		return l, gc, err
	}
}

// Ready says in turn, in runs of three, that the answers are in and that
// they are not, so that the trainer's share moves both ways.
func (p *fakePool) Ready(int) bool {
	p.asked++
	return p.asked/3%2 == 0
}

func (p *fakePool) Wait(k int) (float64, [4][]float64, error) { return p.req[k]() }

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("helper gone")

func TestDataParallelSession(t *testing.T) {
	run := func(batch, helpers, fail int) ([4][]float64, []float64, *recorder, *fakePool) {
		s, r := newSession(t)
		var p *fakePool
		if helpers > 0 {
			p = &fakePool{req: make([]func() (float64, [4][]float64, error), helpers), fail: fail}
			for range helpers {
				p.helpers = append(p.helpers, NewHelper(s.train))
			}
			s.Pool = p
		}
		set := small()
		set.BatchSize, set.Iters = batch, 1000
		s.Handle(wire.Init{Settings: set})
		s.Handle(wire.Step{Steps: 100})
		var w [4][]float64
		s.keepParams(&w)
		m, _ := last[wire.State](r)
		return w, m.Losses, r, p
	}
	for _, tc := range []struct{ batch, helpers, fail int }{{50, 1, -1}, {50, 2, -1}, {50, 2, 1}, {20, 2, -1}, {1, 2, -1}} {
		single, singleLoss, _, _ := run(tc.batch, 0, -1)
		w, loss, r, p := run(tc.batch, tc.helpers, tc.fail)
		for i := range w {
			for j := range w[i] {
				if d := math.Abs(w[i][j] - single[i][j]); d > 1e-9*math.Max(math.Abs(single[i][j]), 1e-2) {
					t.Fatalf("batch %d, %d helpers (failing %d): parameter %d[%d] differs by %g after 100 steps", tc.batch, tc.helpers, tc.fail, i, j, d)
				}
			}
		}
		if d := math.Abs(loss[len(loss)-1] - singleLoss[len(singleLoss)-1]); d > 1e-9 {
			t.Errorf("batch %d, %d helpers: last loss differs by %g", tc.batch, tc.helpers, d)
		}
		if _, failed := last[wire.Error](r); failed != (tc.fail >= 0) {
			t.Errorf("batch %d, %d helpers, failing %d: error reported = %v", tc.batch, tc.helpers, tc.fail, failed)
		}

		// A batch too small for minShare rows per worker stays in the
		// trainer; otherwise every step sends every helper a share of at
		// least minShare rows, and the shares move with the answers'
		// readiness.
		if tc.batch < (tc.helpers+1)*minShare {
			if len(p.sizes) != 0 {
				t.Errorf("batch %d, %d helpers: shares were sent (%v), want none", tc.batch, tc.helpers, p.sizes)
			}
			continue
		}
		if len(p.sizes) != tc.helpers {
			t.Fatalf("batch %d: %d helpers were sent shares, want %d", tc.batch, len(p.sizes), tc.helpers)
		}
		seen := map[int]bool{}
		for k, sz := range p.sizes {
			if len(sz) != 100 {
				t.Errorf("helper %d got %d shares in 100 steps", k, len(sz))
			}
			for _, n := range sz {
				if n < minShare {
					t.Errorf("helper %d got a share of %d rows, want at least %d", k, n, minShare)
				}
				seen[n] = true
			}
		}
		if len(seen) < 3 {
			t.Errorf("batch %d, %d helpers: the shares' sizes were %v, want them to follow the answers' readiness", tc.batch, tc.helpers, seen)
		}
	}
}
