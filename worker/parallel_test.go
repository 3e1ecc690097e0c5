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
}

func (p *fakePool) Size() int { return len(p.helpers) }

func (p *fakePool) Start(k int, w [4][]float64, act string, idx []int, divisor int) {
	var wc [4][]float64
	for i := range w {
		wc[i] = append([]float64(nil), w[i]...)
	}
	ic := append([]int(nil), idx...)
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

func (p *fakePool) Wait(k int) (float64, [4][]float64, error) { return p.req[k]() }

type testErr string

func (e testErr) Error() string { return string(e) }

const errTest = testErr("helper gone")

func TestDataParallelSession(t *testing.T) {
	run := func(helpers, fail int) ([4][]float64, []float64, *recorder) {
		s, r := newSession(t)
		if helpers > 0 {
			p := &fakePool{req: make([]func() (float64, [4][]float64, error), helpers), fail: fail}
			for range helpers {
				p.helpers = append(p.helpers, NewHelper(s.train))
			}
			s.Pool = p
		}
		set := small()
		set.Iters = 1000
		s.Handle(wire.Msg{Kind: wire.KindInit, Settings: &set})
		s.Handle(wire.Msg{Kind: wire.KindStep, N: 100})
		var w [4][]float64
		s.keepParams(&w)
		m, _ := r.last(wire.KindState)
		return w, m.Progress.Losses, r
	}
	single, singleLoss, _ := run(0, -1)
	for _, tc := range []struct{ helpers, fail int }{{1, -1}, {2, -1}, {2, 1}} {
		w, loss, r := run(tc.helpers, tc.fail)
		for i := range w {
			for j := range w[i] {
				if d := math.Abs(w[i][j] - single[i][j]); d > 1e-9*math.Max(math.Abs(single[i][j]), 1e-2) {
					t.Fatalf("%d helpers (failing %d): parameter %d[%d] differs by %g after 100 steps", tc.helpers, tc.fail, i, j, d)
				}
			}
		}
		if d := math.Abs(loss[len(loss)-1] - singleLoss[len(singleLoss)-1]); d > 1e-9 {
			t.Errorf("%d helpers: last loss differs by %g", tc.helpers, d)
		}
		if _, failed := r.last(wire.KindError); failed != (tc.fail >= 0) {
			t.Errorf("%d helpers, failing %d: error reported = %v", tc.helpers, tc.fail, failed)
		}
	}
}
