package worker

import (
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// subset is the bundled MNIST subset as the worker's data sets.
func subset(b *testing.B) (train, test nn.Dataset) {
	b.Helper()
	set, err := assets.MNISTSubset()
	if err == nil {
		train, test, err = datasets(set)
	}
	if err != nil {
		b.Fatal(err)
	}
	return train, test
}

// BenchmarkLiveTrain is the live page's training loop without the page:
// chunks of TrainChunk as the worker runs them, with the losses, the snapshots
// every 250 ms and each epoch's evaluation, the messages discarded. Set
// against BenchmarkBenchSteps (the bench page's loop), it is what the live
// loop costs the trainer by itself.
func BenchmarkLiveTrain(b *testing.B) {
	train, test := subset(b)
	s := NewSession(train, test)
	s.Post = func(wire.Msg) {}
	set := wire.DefaultSettings()
	set.Iters = 1 << 30
	s.Handle(wire.Init{Settings: set})
	s.Handle(wire.Play{})
	s.Train(TrainChunk) // warm: the layers allocate on first use
	start := s.Iter()
	for b.Loop() {
		s.Train(TrainChunk)
	}
	n := s.Iter() - start
	b.ReportMetric(float64(n*set.BatchSize)/b.Elapsed().Seconds(), "samples/s")
	b.ReportMetric(s.sps, "readout-samples/s")
}

// BenchmarkBenchSteps is the bench page's loop: steps and nothing else.
func BenchmarkBenchSteps(b *testing.B) {
	train, test := subset(b)
	s := NewSession(train, test)
	_, tr, _, err := s.benchTrainer()
	if err != nil {
		b.Fatal(err)
	}
	tr.Step()
	n := 0
	for b.Loop() {
		if _, _, err := s.steps(tr, 10); err != nil {
			b.Fatal(err)
		}
		n += 10
	}
	b.ReportMetric(float64(n*tr.Config().BatchSize)/b.Elapsed().Seconds(), "samples/s")
}
