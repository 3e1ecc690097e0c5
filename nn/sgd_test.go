package nn

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// toyData returns n samples of dim features in [0, 1) with labels given by
// which quarter of the features has the largest sum, a task a small net
// learns in a few hundred steps.
func toyData(seed uint64, n, dim, classes int) Dataset {
	rng := rand.New(rand.NewPCG(seed, 77))
	x := randDense(rng, n, dim, 0, 1)
	labels := make([]int, n)
	for i := range n {
		row := mat.Row(nil, i, x)
		sums := make([]float64, classes)
		for j, v := range row {
			sums[j*classes/dim] += v
		}
		labels[i] = argmax(sums)
	}
	return Dataset{X: x, Labels: labels}
}

func newToyTrainer(t testing.TB, netSeed uint64, tc TrainConfig, d Dataset) *Trainer {
	t.Helper()
	_, dim := d.X.Dims()
	n, err := NewTwoLayerNet(Config{Input: dim, Hidden: 16, Output: 4, Activation: ActReLU, Init: InitHe, Seed: netSeed})
	if err != nil {
		t.Fatal(err)
	}
	tr, err := NewTrainer(n, tc, d)
	if err != nil {
		t.Fatal(err)
	}
	return tr
}

func TestTrainerLearns(t *testing.T) {
	d := toyData(1, 400, 12, 4)
	for _, s := range []Sampling{Replace, Shuffle} {
		t.Run(s.String(), func(t *testing.T) {
			tr := newToyTrainer(t, 1, TrainConfig{LearningRate: 0.5, BatchSize: 20, Iters: 600, Sampling: s, Seed: 3}, d)
			acc0, loss0 := Evaluate(tr.Net(), d, 64)
			for !tr.Done() {
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			}
			acc, loss := Evaluate(tr.Net(), d, 64)
			if tr.Iter() != 600 {
				t.Errorf("Iter = %d, want 600", tr.Iter())
			}
			// Chance is 25% and the classes are separable; a net that learned
			// anything is far above 80%.
			if acc < 0.8 || loss >= loss0 {
				t.Errorf("after 600 steps accuracy %.3f (from %.3f), loss %.3f (from %.3f)", acc, acc0, loss, loss0)
			}
		})
	}
}

func TestTrainerDeterministic(t *testing.T) {
	d := toyData(2, 300, 10, 4)
	for _, s := range []Sampling{Replace, Shuffle} {
		t.Run(s.String(), func(t *testing.T) {
			tc := TrainConfig{LearningRate: 0.3, BatchSize: 32, Iters: 50, Sampling: s, Seed: 9}
			run := func(seed uint64) ([]float64, []float64) {
				tr := newToyTrainer(t, 4, TrainConfig{LearningRate: tc.LearningRate, BatchSize: tc.BatchSize, Iters: tc.Iters, Sampling: s, Seed: seed}, d)
				var losses []float64
				for range 50 {
					l, err := tr.Step()
					if err != nil {
						t.Fatal(err)
					}
					losses = append(losses, l)
				}
				return params(tr.Net()), losses
			}
			p1, l1 := run(9)
			p2, l2 := run(9)
			if !sameBits(p1, p2) || !sameBits(l1, l2) {
				t.Error("same seeds and options, different weights or losses after 50 steps")
			}
			p3, _ := run(10)
			if sameBits(p1, p3) {
				t.Error("another sampling seed gives the same weights")
			}
		})
	}
}

func TestShuffleVisitsEverySampleOncePerEpoch(t *testing.T) {
	// 10 distinct one-feature samples, batches of 3: 3 batches per epoch, one
	// sample left out per epoch.
	x := mat.NewDense(10, 1, nil)
	labels := make([]int, 10)
	for i := range 10 {
		x.Set(i, 0, float64(i))
	}
	n, _ := NewTwoLayerNet(Config{Input: 1, Hidden: 1, Output: 1, Init: InitHe})
	tr, err := NewTrainer(n, TrainConfig{LearningRate: 1e-9, BatchSize: 3, Sampling: Shuffle, Seed: 1}, Dataset{X: x, Labels: labels})
	if err != nil {
		t.Fatal(err)
	}
	if tr.ItersPerEpoch() != 3 {
		t.Errorf("ItersPerEpoch = %d, want 3", tr.ItersPerEpoch())
	}
	for epoch := range 4 {
		seen := map[float64]bool{}
		for range 3 {
			if _, err := tr.Step(); err != nil {
				t.Fatal(err)
			}
			for i := range 3 {
				v := tr.xb.At(i, 0)
				if seen[v] {
					t.Fatalf("epoch %d: sample %v twice", epoch, v)
				}
				seen[v] = true
			}
		}
	}
}

func TestTrainerStepAllocatesNothing(t *testing.T) {
	d := toyData(3, 500, 64, 4)
	for _, s := range []Sampling{Replace, Shuffle} {
		t.Run(s.String(), func(t *testing.T) {
			tr := newToyTrainer(t, 1, TrainConfig{LearningRate: 0.1, BatchSize: 100, Sampling: s, Seed: 1}, d)
			tr.Step() // the layers allocate their buffers on the first step
			allocs := testing.AllocsPerRun(50, func() {
				if _, err := tr.Step(); err != nil {
					t.Fatal(err)
				}
			})
			if allocs != 0 {
				t.Errorf("Step allocates %v times", allocs)
			}
		})
	}
	t.Run("784-50-10", func(t *testing.T) {
		n, _ := NewTwoLayerNet(DefaultConfig())
		rng := rand.New(rand.NewPCG(1, 1))
		tr, err := NewTrainer(n, DefaultTrainConfig(), Dataset{X: randDense(rng, 300, 784, 0, 1), Labels: randLabels(rng, 300, 10)})
		if err != nil {
			t.Fatal(err)
		}
		tr.Step()
		if allocs := testing.AllocsPerRun(10, func() { tr.Step() }); allocs != 0 {
			t.Errorf("Step allocates %v times", allocs)
		}
	})
}

func TestTrainerDiverges(t *testing.T) {
	t.Run("NaN sample drawn at a later step", func(t *testing.T) {
		d := toyData(4, 200, 10, 4)
		d.X.Set(123, 4, math.NaN())
		tr := newToyTrainer(t, 2, TrainConfig{LearningRate: 0.5, BatchSize: 5, Sampling: Replace, Seed: 1}, d)
		for i := 1; i <= 10000; i++ {
			before := params(tr.Net())
			_, err := tr.Step()
			if err == nil {
				continue
			}
			if i == 1 {
				t.Fatal("the NaN sample is in the first batch; pick another seed")
			}
			var de *DivergedError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want a *DivergedError", err)
			}
			if de.Iter != i || tr.Iter() != i-1 || de.What != "loss is NaN" {
				t.Errorf("failed at step %d: error %q, Iter() = %d", i, err, tr.Iter())
			}
			if !sameBits(params(tr.Net()), before) {
				t.Error("weights changed by the failed step")
			}
			// The Trainer stays diverged.
			var de2 *DivergedError
			if _, err2 := tr.Step(); !errors.As(err2, &de2) || *de2 != *de || !sameBits(params(tr.Net()), before) {
				t.Errorf("second Step after divergence: %v", err2)
			}
			return
		}
		t.Fatal("the NaN sample was never drawn")
	})
	t.Run("NaN input", func(t *testing.T) {
		d := toyData(5, 50, 10, 4)
		d.X.Set(7, 3, math.NaN())
		// Batch = all samples without replacement: sample 7 is in step 1.
		tr := newToyTrainer(t, 2, TrainConfig{LearningRate: 0.1, BatchSize: 50, Sampling: Shuffle, Seed: 1}, d)
		before := params(tr.Net())
		_, err := tr.Step()
		const want = "nn: loss is NaN at iteration 1; weights from before that step kept"
		if err == nil || err.Error() != want {
			t.Errorf("err = %v, want %q", err, want)
		}
		if !sameBits(params(tr.Net()), before) {
			t.Error("weights changed")
		}
	})
	t.Run("overflowing update", func(t *testing.T) {
		// b2 near the largest float64: the loss and gradients are finite
		// (softmax subtracts the row maximum), but b2 - lr·db2 overflows for
		// the classes with db2 < 0.
		d := toyData(6, 50, 10, 4)
		tr := newToyTrainer(t, 2, TrainConfig{LearningRate: 1e308, BatchSize: 10, Seed: 1}, d)
		n := tr.Net()
		c := n.Config()
		w1, b1 := make([]float64, c.Input*c.Hidden), make([]float64, c.Hidden)
		w2, b2 := make([]float64, c.Hidden*c.Output), make([]float64, c.Output)
		n.CopyParams(w1, b1, w2, b2)
		for i := range b2 {
			b2[i] = 1.7e308
		}
		if err := n.SetParams(w1, b1, w2, b2); err != nil {
			t.Fatal(err)
		}
		before := params(n)
		_, err := tr.Step()
		var de *DivergedError
		if !errors.As(err, &de) || de.Iter != 1 || de.What != "updated b2 is not finite" {
			t.Errorf("err = %v, want updated b2 not finite at iteration 1", err)
		}
		if !sameBits(params(n), before) {
			t.Error("weights not restored")
		}
	})
	t.Run("learning rate 50 does not overflow", func(t *testing.T) {
		// The stable softmax and the log's epsilon bound the loss (≤ 16.1)
		// and dx (≤ 1/batch), so a huge learning rate wrecks the net without
		// producing NaN: the loss stalls high instead. The app cannot rely on
		// a DivergedError to flag a learning rate that is too large.
		d := toyData(4, 200, 10, 4)
		tr := newToyTrainer(t, 2, TrainConfig{LearningRate: 50, BatchSize: 20, Seed: 1}, d)
		var loss float64
		for range 500 {
			var err error
			if loss, err = tr.Step(); err != nil {
				t.Fatal(err)
			}
		}
		if loss < 1 {
			t.Errorf("loss %v after 500 steps at learning rate 50", loss)
		}
	})
}

func TestNewTrainerValidates(t *testing.T) {
	d := toyData(7, 30, 6, 4)
	n, _ := NewTwoLayerNet(Config{Input: 6, Hidden: 3, Output: 4, Init: InitHe})
	ok := TrainConfig{LearningRate: 0.1, BatchSize: 10, Iters: 5}
	badLabels := Dataset{X: d.X, Labels: append([]int(nil), d.Labels...)}
	badLabels.Labels[4] = 9
	for _, c := range []struct {
		name string
		edit func(c *TrainConfig)
		data Dataset
		want string
	}{
		{"negative rate", func(c *TrainConfig) { c.LearningRate = -1 }, d, "nn: learning rate -1 must be positive and finite"},
		{"zero rate", func(c *TrainConfig) { c.LearningRate = 0 }, d, "nn: learning rate 0 must be positive and finite"},
		{"Inf rate", func(c *TrainConfig) { c.LearningRate = math.Inf(1) }, d, "nn: learning rate +Inf must be positive and finite"},
		{"NaN rate", func(c *TrainConfig) { c.LearningRate = math.NaN() }, d, "nn: learning rate NaN must be positive and finite"},
		{"zero batch", func(c *TrainConfig) { c.BatchSize = 0 }, d, "nn: batch size 0 must be positive"},
		{"batch too big", func(c *TrainConfig) { c.BatchSize = 31 }, d, "nn: batch size 31 is larger than the 30 training samples"},
		{"negative iters", func(c *TrainConfig) { c.Iters = -1 }, d, "nn: iterations -1 must not be negative"},
		{"unknown sampling", func(c *TrainConfig) { c.Sampling = 2 }, d, "nn: unknown sampling Sampling(2)"},
		{"wrong columns", func(c *TrainConfig) {}, toyData(7, 30, 5, 4), "nn: input has 5 columns, want 6"},
		{"label out of range", func(c *TrainConfig) {}, badLabels, "nn: label 9 of row 4 is not in [0, 4)"},
		{"empty dataset", func(c *TrainConfig) {}, Dataset{}, "nn: dataset is empty"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tc := ok
			c.edit(&tc)
			tr, err := NewTrainer(n, tc, c.data)
			if tr != nil || err == nil || err.Error() != c.want {
				t.Errorf("NewTrainer = %v, %v; want nil, %q", tr, err, c.want)
			}
		})
	}
}

func TestNewDataset(t *testing.T) {
	d, err := NewDataset([]uint8{0, 255, 51, 102, 0, 0}, []uint8{3, 1}, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := rawOf(d.Rows(0, 2)), []float64{0, 1, 0.2, 0.4, 0, 0}; !sameBits(got, want) {
		t.Errorf("X = %v, want %v", got, want)
	}
	if d.Labels[0] != 3 || d.Labels[1] != 1 || d.Len() != 2 {
		t.Errorf("labels %v", d.Labels)
	}
	for _, c := range []struct {
		name         string
		pixels, labs []uint8
		rows, cols   int
		want         string
	}{
		{"zero rows", nil, nil, 0, 3, "nn: dataset rows 0 must be positive"},
		{"negative cols", nil, nil, 1, -1, "nn: dataset columns -1 must be positive"},
		{"short pixels", make([]uint8, 5), make([]uint8, 2), 2, 3, "nn: dataset has 5 pixels, want 2×3"},
		{"labels", make([]uint8, 6), make([]uint8, 3), 2, 3, "nn: dataset has 3 labels for 2 rows"},
	} {
		t.Run(c.name, func(t *testing.T) {
			if _, err := NewDataset(c.pixels, c.labs, c.rows, c.cols); err == nil || err.Error() != c.want {
				t.Errorf("err = %v, want %q", err, c.want)
			}
		})
	}
}

func TestEvaluateMatchesWholeBatch(t *testing.T) {
	d := toyData(8, 103, 10, 4)
	tr := newToyTrainer(t, 3, TrainConfig{LearningRate: 0.3, BatchSize: 10, Seed: 2}, d)
	for range 30 {
		tr.Step()
	}
	n := tr.Net()
	wantAcc, wantLoss := n.Accuracy(d.X, d.Labels), n.Loss(d.X, d.Labels)
	for _, batch := range []int{1, 7, 50, 103, 1000, 0} {
		acc, loss := Evaluate(n, d, batch)
		// Chunked sums of per-sample losses in another order: a few ε.
		if acc != wantAcc || math.Abs(loss-wantLoss) > 1e-12 {
			t.Errorf("batch %d: %v, %v; want %v, %v", batch, acc, loss, wantAcc, wantLoss)
		}
	}
}

// A Dataset made by NewDataset keeps bytes and scales a row when it is
// read: training on it is the same, bit for bit, as training on the same
// values stored as float64.
func TestByteDatasetTrainsAsFloat(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	const rows, cols = 300, 784
	pix := make([]uint8, rows*cols)
	for i := range pix {
		if rng.Float64() < 0.3 {
			pix[i] = uint8(rng.IntN(256))
		}
	}
	lab := make([]uint8, rows)
	for i := range lab {
		lab[i] = uint8(rng.IntN(10))
	}
	bytes, err := NewDataset(pix, lab, rows, cols)
	if err != nil {
		t.Fatal(err)
	}
	if bytes.X != nil || bytes.Len() != rows || bytes.Cols() != cols {
		t.Fatalf("NewDataset: X %v, %d×%d; want bytes, %d×%d", bytes.X != nil, bytes.Len(), bytes.Cols(), rows, cols)
	}
	x := bytes.Rows(0, rows)
	for i, v := range pix {
		if got := x.RawMatrix().Data[i]; got != float64(v)/255 {
			t.Fatalf("value %d is %v, want %d/255", i, got, v)
		}
	}
	floats := Dataset{X: x, Labels: bytes.Labels}
	train := func(d Dataset) ([]float64, *TwoLayerNet) {
		n, err := NewTwoLayerNet(DefaultConfig())
		if err != nil {
			t.Fatal(err)
		}
		tc := DefaultTrainConfig()
		tc.Sampling = Shuffle
		tr, err := NewTrainer(n, tc, d)
		if err != nil {
			t.Fatal(err)
		}
		var losses []float64
		for range 20 {
			l, err := tr.Step()
			if err != nil {
				t.Fatal(err)
			}
			losses = append(losses, l)
		}
		return losses, n
	}
	lb, nb := train(bytes)
	lf, nf := train(floats)
	if !sameBits(lb, lf) || !sameBits(rawOf(nb.W1()), rawOf(nf.W1())) {
		t.Errorf("bytes and float64 train differently: losses %v and %v", lb[:3], lf[:3])
	}
	ab, sb := Evaluate(nb, bytes, 7)
	af, sf := Evaluate(nf, floats, 7)
	if ab != af || sb != sf {
		t.Errorf("Evaluate: bytes %v %v, float64 %v %v", ab, sb, af, sf)
	}
	// Reading rows into a matrix of the wrong shape is a bug: it panics.
	for name, f := range map[string]func(){
		"RowsTo, wrong row count": func() { bytes.RowsTo(mat.NewDense(2, cols, nil), []int{1}) },
		"RangeTo, past the end":   func() { bytes.RangeTo(mat.NewDense(5, cols, nil), rows-2) },
		"RangeTo, wrong columns":  func() { bytes.RangeTo(mat.NewDense(1, 10, nil), 0) },
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("%s: no panic", name)
				}
			}()
			f()
		}()
	}
}

// SwapBefore hands over the weights from before the last step, and only
// once per step; the Trainer goes on with the buffers it gets in return.
func TestTrainerSwapBefore(t *testing.T) {
	d := toyData(6, 300, 20, 4)
	tr := newToyTrainer(t, 3, TrainConfig{LearningRate: 0.1, BatchSize: 30, Sampling: Replace, Seed: 2}, d)
	ref := newToyTrainer(t, 3, TrainConfig{LearningRate: 0.1, BatchSize: 30, Sampling: Replace, Seed: 2}, d)
	var bufs [4][]float64
	if tr.SwapBefore(&bufs) {
		t.Fatal("SwapBefore before the first Step reported weights")
	}
	for step := 1; step <= 5; step++ {
		before := params(tr.Net())
		if _, err := tr.Step(); err != nil {
			t.Fatal(err)
		}
		if _, err := ref.Step(); err != nil {
			t.Fatal(err)
		}
		if !tr.SwapBefore(&bufs) {
			t.Fatalf("step %d: SwapBefore reported nothing", step)
		}
		got := append(append(append(append([]float64(nil), bufs[0]...), bufs[1]...), bufs[2]...), bufs[3]...)
		if !sameBits(got, before) {
			t.Fatalf("step %d: SwapBefore did not give the weights from before the step", step)
		}
		if tr.SwapBefore(&bufs) {
			t.Fatalf("step %d: a second SwapBefore without a Step reported weights", step)
		}
		// The swapped buffers do not disturb training: the same run as a
		// Trainer that never swaps.
		if !sameBits(params(tr.Net()), params(ref.Net())) {
			t.Fatalf("step %d: the weights differ from a run without SwapBefore", step)
		}
		bufs[1][0] = math.NaN() // the caller owns what it got
	}
	// A step that fails leaves nothing to swap.
	d.X.Set(0, 0, math.NaN())
	bad := newToyTrainer(t, 3, TrainConfig{LearningRate: 0.1, BatchSize: 300, Sampling: Shuffle, Seed: 2}, d)
	if _, err := bad.Step(); err == nil {
		t.Fatal("a batch with a NaN input trained")
	}
	if bad.SwapBefore(&bufs) {
		t.Error("SwapBefore after a failed Step reported weights")
	}
}

// TestLossAfter is the book's train_loss_list entry: the same batch's loss
// after the update, which for a small learning rate is below the loss Step
// returns (from before the update), and equals a forward pass of that batch
// through the updated net.
func TestLossAfter(t *testing.T) {
	d := toyData(1, 400, 12, 4)
	tr := newToyTrainer(t, 1, TrainConfig{LearningRate: 0.1, BatchSize: 20, Iters: 50, Sampling: Replace, Seed: 3}, d)
	if l := tr.LossAfter(); !math.IsNaN(l) {
		t.Errorf("LossAfter before any step = %g, want NaN", l)
	}
	below := 0
	for !tr.Done() {
		before, err := tr.Step()
		if err != nil {
			t.Fatal(err)
		}
		after := tr.LossAfter()
		idx := tr.Batch()
		x := mat.NewDense(len(idx), d.Cols(), nil)
		d.RowsTo(x, idx)
		labels := make([]int, len(idx))
		for i, r := range idx {
			labels[i] = d.Labels[r]
		}
		if want := tr.Net().Loss(x, labels); after != want {
			t.Fatalf("iteration %d: LossAfter %v, a forward pass of the batch %v", tr.Iter(), after, want)
		}
		if after < before {
			below++
		}
	}
	// A gradient step of rate 0.1 lowers its own batch's loss nearly always.
	if below < 45 {
		t.Errorf("the loss after the update is below the loss before it in %d of 50 steps, want at least 45", below)
	}
}
