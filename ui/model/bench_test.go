package model

import (
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// posts records what the model sends to the trainer.
type posts []wire.Msg

func (p *posts) Post(m wire.Msg) { *p = append(*p, m) }

// A link past the bench's bounds is bounded, and the page names the bounds.
func TestBenchBounds(t *testing.T) {
	m := New(Config{})
	if !m.OpenBench("bench=train&iters=1000000&workers=16&warmup=0", 2) {
		t.Fatal("not the bench page")
	}
	if b := m.Bench; b.Iters != wire.MaxBenchIters || b.Workers != 2 || b.Warmup != 0 {
		t.Errorf("bench %+v, want %d iterations in 2 workers", b, wire.MaxBenchIters)
	}
	if m.Notice.Msg.ID != i18n.BenchBounded || m.Notice.Level != Warning {
		t.Fatalf("notice %+v", m.Notice)
	}
	for _, l := range i18n.Langs {
		m.Lang = l
		s := m.Say(m.Notice.Msg)
		for _, want := range []string{"1000000", "100000", "16", "2"} {
			if !strings.Contains(s, want) {
				t.Errorf("%s: %q does not name %s", l.Code, s, want)
			}
		}
	}
	m = New(Config{})
	m.OpenBench("bench=train&iters=200&warmup=50", 64)
	if m.Notice.Shown() || m.Bench.Workers != wire.MaxBenchWorkers {
		t.Errorf("a link within the bounds on 64 cores: notice %+v, %d workers", m.Notice, m.Bench.Workers)
	}
}

// The stop button asks the trainer once to stop the bench under way, and
// the stopped result shows as such.
func TestStopBench(t *testing.T) {
	var sent posts
	m := New(Config{Trainer: &sent})
	m.OpenBench("bench=train&iters=100000&warmup=0", 2)
	if c := m.Do(StopBench{}); c != 0 || len(sent) != 0 {
		t.Errorf("a stop before the bench runs: bits %b, sent %v", c, sent)
	}
	m.Apply(wire.Ready{})
	if _, ok := sent[len(sent)-1].(wire.Bench); !ok || !m.Bench.Running {
		t.Fatalf("the bench did not start: sent %v", sent)
	}
	if c := m.Do(StopBench{}); !c.Has(Structure) || !m.Bench.Stopping {
		t.Errorf("stop: bits %b, bench %+v", c, m.Bench)
	}
	m.Do(StopBench{})
	stops := 0
	for _, s := range sent {
		if _, ok := s.(wire.BenchStop); ok {
			stops++
		}
	}
	if stops != 1 {
		t.Errorf("%d stops sent, want 1", stops)
	}
	m.Apply(wire.BenchDone{Result: wire.BenchResult{Iters: 42, ItersAsked: 100000, Stopped: true, Batch: 100, Ms: 10}})
	if m.Bench.Running || m.Bench.Stopping || !strings.Contains(m.Bench.Result, `"stopped":true`) || m.Bench.Last.Iters != 42 {
		t.Errorf("after the stopped result: %+v", m.Bench)
	}
	if c := m.Do(BenchAgain{}); !c.Has(Structure) || !m.Bench.Running {
		t.Errorf("run again after a stop: bits %b, bench %+v", c, m.Bench)
	}
}
