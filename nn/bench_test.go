package nn

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// The benchmarks run the demo's size: batch 100, 784→50→10, random inputs
// in [0, 1). A training step costs about 160,900 FLOPs per sample (two
// 784×50 products and the small ones, dx of the first layer skipped).

const benchBatch = 100

func benchNet(b *testing.B) (*TwoLayerNet, *mat.Dense, []int) {
	b.Helper()
	n, err := NewTwoLayerNet(DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	return n, randDense(rng, benchBatch, 784, 0, 1), randLabels(rng, benchBatch, 10)
}

func reportSamples(b *testing.B) {
	b.ReportMetric(float64(benchBatch)*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}

func BenchmarkForward(b *testing.B) {
	n, x, labels := benchNet(b)
	n.Loss(x, labels) // the layers allocate their buffers on first use
	b.ReportAllocs()
	for b.Loop() {
		n.Loss(x, labels)
	}
	reportSamples(b)
}

func BenchmarkBackward(b *testing.B) {
	n, x, labels := benchNet(b)
	n.Gradient(x, labels) // the layers allocate their buffers on first use
	b.ReportAllocs()
	for b.Loop() {
		dout := n.Last.Backward()
		for i := len(n.Layers) - 1; i >= 0; i-- {
			dout = n.Layers[i].Backward(dout)
		}
	}
	reportSamples(b)
}

func BenchmarkTrainStep(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	benchTrain(b, Dataset{X: randDense(rng, 1000, 784, 0, 1), Labels: randLabels(rng, 1000, 10)})
}

// BenchmarkTrainStepSparse is BenchmarkTrainStep on MNIST-like images:
// zero outside a centred 20×20 box and 60% zero inside, 80% zeros in all,
// as MNIST. The wasm kernels skip zeros of x (see mostlyZero).
func BenchmarkTrainStepSparse(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	x := randDense(rng, 1000, 784, 0, 1)
	raw := x.RawMatrix().Data
	for i := range raw {
		r, c := i%784/28, i%28
		if r < 4 || r >= 24 || c < 4 || c >= 24 || rng.Float64() < 0.6 {
			raw[i] = 0
		}
	}
	benchTrain(b, Dataset{X: x, Labels: randLabels(rng, 1000, 10)})
}

func benchTrain(b *testing.B, d Dataset) {
	n, _, _ := benchNet(b)
	tr, err := NewTrainer(n, DefaultTrainConfig(), d)
	if err != nil {
		b.Fatal(err)
	}
	tr.Step() // the layers allocate their buffers on first use
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	reportSamples(b)
}
