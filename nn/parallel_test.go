package nn

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// shares returns a GradientFunc that computes a batch's gradient as the sum
// of the gradients of k shares, each on its own copy of the net (as each
// worker of data-parallel training holds one), with the batch's size as
// divisor.
func shares(net *TwoLayerNet, k int) GradientFunc {
	copies := make([]*TwoLayerNet, k)
	for i := range copies {
		copies[i] = net.Clone()
	}
	sum := NewGrads(net.Config())
	return func(x *mat.Dense, labels []int) (float64, *Grads) {
		rows, cols := x.Dims()
		var loss float64
		for i, c := range copies {
			// Each worker gets the current weights.
			w1, b1, w2, b2 := net.W1().RawMatrix().Data, net.B1().RawVector().Data, net.W2().RawMatrix().Data, net.B2().RawVector().Data
			if err := c.SetParams(w1, b1, w2, b2); err != nil {
				panic(err)
			}
			lo, hi := i*rows/k, (i+1)*rows/k
			l, g, err := c.GradientScaled(x.Slice(lo, hi, 0, cols).(*mat.Dense), labels[lo:hi], rows)
			if err != nil {
				panic(err)
			}
			loss += l
			if i == 0 {
				sum.W1.Copy(g.W1)
				sum.B1.CopyVec(g.B1)
				sum.W2.Copy(g.W2)
				sum.B2.CopyVec(g.B2)
			} else {
				sum.Add(g)
			}
		}
		return loss, sum
	}
}

func TestDataParallelEqualsSingle(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	const n = 600
	pix := make([]uint8, n*784)
	lab := make([]uint8, n)
	for i := range pix {
		pix[i] = uint8(rng.IntN(256))
	}
	for i := range lab {
		lab[i] = uint8(rng.IntN(10))
	}
	data, err := NewDataset(pix, lab, n, 784)
	if err != nil {
		t.Fatal(err)
	}
	run := func(workers int) *TwoLayerNet {
		net, err := NewTwoLayerNet(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		tc := DefaultTrainConfig()
		tr, err := NewTrainer(net, tc, data)
		if err != nil {
			t.Fatal(err)
		}
		if workers > 1 {
			tr.SetGradient(shares(net, workers))
		}
		for range 100 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		return net
	}
	single := run(1)
	for _, k := range []int{2, 3, 4} {
		par := run(k)
		// The same SGD: only the order of the sums over the batch differs.
		// 1e-9 relative to the largest weight bounds 100 steps of rounding.
		for _, p := range [][2]mat.Matrix{{single.W1(), par.W1()}, {single.W2(), par.W2()}} {
			if !mat.EqualApprox(p[0], p[1], 1e-9*mat.Norm(p[0], math.Inf(1))) {
				t.Errorf("%d workers: weights differ from one worker's after 100 steps", k)
			}
		}
		for _, p := range [][2]*mat.VecDense{{single.B1(), par.B1()}, {single.B2(), par.B2()}} {
			for i := range p[0].Len() {
				if d := math.Abs(p[0].AtVec(i) - p[1].AtVec(i)); d > 1e-9*math.Max(math.Abs(p[0].AtVec(i)), 1e-3) {
					t.Fatalf("%d workers: bias %d differs by %g", k, i, d)
				}
			}
		}
	}
}
