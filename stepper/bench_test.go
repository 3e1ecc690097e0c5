package stepper

import (
	"math/rand/v2"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
)

// BenchmarkRun is one stepper pass at demo size (784→50→10): clone, forward,
// backward, copies, update.
func BenchmarkRun(b *testing.B) {
	net := newNet(b, nn.DefaultConfig())
	x := mnistLike(rand.New(rand.NewPCG(1, 1)), 784)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Run(net, x, 3, 0.1); err != nil {
			b.Fatal(err)
		}
	}
}
