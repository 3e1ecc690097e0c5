package stepper

import (
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// confident returns a net trained on image x with label until it gives the
// label a probability above 0.9999, as a pretrained net does on a digit it
// gets right.
func confident(t *testing.T, x []float64, label int) *nn.TwoLayerNet {
	t.Helper()
	net := newNet(t, nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 31})
	xm := mat.NewDense(1, 784, slices.Clone(x))
	var y mat.Dense
	for range 1000 {
		_, g := net.Gradient(xm, []int{label})
		net.ApplySGD(g, 0.5)
		if net.Probabilities(xm, &y); y.At(0, label) > 0.9999 {
			return net
		}
	}
	t.Fatalf("y[t] = %v after 1000 steps", y.At(0, label))
	return nil
}

// TestWhatIfWakesAQuietPass is the default path of the page: a net that
// already gets the image right has almost no gradient, the update moves
// nothing, and the label the net half believes brings the pass to life.
func TestWhatIfWakesAQuietPass(t *testing.T) {
	x := mnistLike(rand.New(rand.NewPCG(5, 50)), 784)
	const label = 3
	net := confident(t, x, label)
	b, err := RunBatch(net, x, []int{label}, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if !b.Correct(0) || !b.Quiet() {
		t.Fatalf("correct %v, Δloss %v: want a right and quiet pass", b.Correct(0), b.DLoss())
	}
	c, err := b.Change(0)
	if err != nil {
		t.Fatal(err)
	}
	if c.Image != 0 || c.Label != label || c.LossBefore != b.Loss || c.LossAfter != b.LossAfter || c.YBefore != b.Y[label] || c.YAfter != b.ProbsAfter[label] {
		t.Errorf("Change %+v does not match the batch (loss %v → %v)", c, b.Loss, b.LossAfter)
	}
	if c.DLoss() != c.LossAfter-c.LossBefore || c.DY() != c.YAfter-c.YBefore || b.DLoss() != b.LossAfter-b.Loss {
		t.Error("DLoss or DY is not after − before")
	}

	r := b.RunnerUp(0)
	if r == label || r < 0 {
		t.Fatalf("RunnerUp = %d", r)
	}
	for k, v := range b.Y {
		if k != label && v > b.Y[r] {
			t.Errorf("RunnerUp %d (y %v), but class %d has y %v", r, b.Y[r], k, v)
		}
	}
	keep := slices.Concat(b.Y, b.DW1, b.ProbsAfter)
	w, err := b.WhatIf(0, r)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(keep, slices.Concat(b.Y, b.DW1, b.ProbsAfter)) || b.Labels[0] != label {
		t.Error("WhatIf changed the batch")
	}
	if w.Labels[0] != r || w.Quiet() || w.Correct(0) || !(math.Abs(w.DLoss()) > 10*Quiet) {
		t.Errorf("what if %d: labels %v, Δloss %v, correct %v; want a live pass", r, w.Labels, w.DLoss(), w.Correct(0))
	}
	wc, _ := w.Change(0)
	if !(wc.DLoss() < 0 && wc.DY() > 0) {
		t.Errorf("what if %d: %+v, want the loss down and y[t] up", r, wc)
	}
	t.Logf("label %d: loss %.3g → %.3g; what if %d: loss %.4g → %.4g, y[t] %.3g → %.3g", label, b.Loss, b.LossAfter, r, wc.LossBefore, wc.LossAfter, wc.YBefore, wc.YAfter)
	// WhatIf is RunBatch on the same net with the other label, bit for bit.
	want, err := RunBatch(net, x, []int{r}, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	if !sameBits(slices.Concat(w.Y, w.DW1, w.DB2, w.ProbsAfter, []float64{w.Loss, w.LossAfter}),
		slices.Concat(want.Y, want.DW1, want.DB2, want.ProbsAfter, []float64{want.Loss, want.LossAfter})) {
		t.Error("WhatIf differs from RunBatch with the other label")
	}

	// The nudge on the live pass: backprop and the central difference
	// agree, while the loss with nn's epsilon, whose gradient backprop does
	// not compute, would be off by about Epsilon/y[t].
	q := largest(w.DW2)
	u, err := w.Nudge(ParamW2, q/10, q%10, 1e-4)
	if err != nil {
		t.Fatal(err)
	}
	if e := math.Abs(u.Central()-u.Grad) / math.Abs(u.Grad); !(e < 1e-7) {
		t.Errorf("what-if nudge: central %v, backprop %v, relative error %.1e", u.Central(), u.Grad, e)
	}
	n := w.net()
	theta := n.W2().RawMatrix().Data
	xm := mat.NewDense(1, 784, slices.Clone(x))
	theta[q] = u.W + 1e-4
	lp := n.Loss(xm, []int{r})
	theta[q] = u.W - 1e-4
	lm := n.Loss(xm, []int{r})
	withEps := (lp - lm) / 2e-4
	bias := Epsilon / (wc.YBefore + Epsilon)
	if e := math.Abs(withEps-u.Grad) / math.Abs(u.Grad); !(e > bias/2 && e < 2*bias) {
		t.Errorf("central difference of the loss with epsilon: relative error %.1e, want about Epsilon/(y[t]+Epsilon) = %.1e", e, bias)
	}
}

// TestWhatIfBatch relabels one image of seven: the others keep theirs.
func TestWhatIfBatch(t *testing.T) {
	cfg := nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 32}
	x, labels := images(500, 7, cfg.Input, cfg.Output)
	net := newNet(t, cfg)
	b, err := RunBatch(net, x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	l := (labels[4] + 1) % 10
	w, err := b.WhatIf(4, l)
	if err != nil {
		t.Fatal(err)
	}
	want := slices.Clone(labels)
	want[4] = l
	if !slices.Equal(w.Labels, want) || !slices.Equal(b.Labels, labels) {
		t.Errorf("labels %v (batch %v), want %v", w.Labels, b.Labels, want)
	}
	ref, _ := RunBatch(net, x, want, 0.1)
	if !sameBits(w.DW1, ref.DW1) || w.LossAfter != ref.LossAfter {
		t.Error("WhatIf differs from RunBatch with the new labels")
	}
	for n := range 7 {
		c, err := w.Change(n)
		if err != nil {
			t.Fatal(err)
		}
		o := n * 10
		if c.Label != want[n] || c.YBefore != w.Y[o+want[n]] || c.YAfter != w.ProbsAfter[o+want[n]] ||
			c.LossBefore != -math.Log(c.YBefore+Epsilon) || c.LossAfter != -math.Log(c.YAfter+Epsilon) {
			t.Errorf("Change(%d) = %+v", n, c)
		}
		if w.Correct(n) != (w.PredictedBefore(n) == want[n]) {
			t.Errorf("Correct(%d) disagrees with the prediction", n)
		}
	}
	for _, bad := range []struct {
		n, label int
		want     string
	}{
		{-1, 0, "stepper: image -1 is not in [0, 7)"},
		{7, 0, "stepper: image 7 is not in [0, 7)"},
		{0, 10, "stepper: label 10 is not in [0, 10)"},
		{0, -1, "stepper: label -1 is not in [0, 10)"},
	} {
		if w, err := b.WhatIf(bad.n, bad.label); err == nil || err.Error() != bad.want || w != nil {
			t.Errorf("WhatIf(%d, %d) = %v, %v; want %q", bad.n, bad.label, w, err, bad.want)
		}
	}
	if _, err := b.Change(7); err == nil || err.Error() != "stepper: image 7 is not in [0, 7)" {
		t.Errorf("Change(7): %v", err)
	}
	if b.Correct(-1) || b.Correct(7) || b.RunnerUp(7) != -1 || b.RunnerUp(-1) != -1 {
		t.Error("Correct or RunnerUp of an image outside the batch")
	}
}

// TestHardest compares Hardest with the probabilities of each image, over
// more images than a batch holds.
func TestHardest(t *testing.T) {
	cfg := nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 33}
	const total = 250
	x, labels := images(510, total, cfg.Input, cfg.Output)
	net := newNet(t, cfg)
	before := paramBits(net)
	u, w, err := Hardest(net, x, labels)
	if err != nil {
		t.Fatal(err)
	}
	if net.Layers[0].(*nn.Affine).X() != nil || !slices.Equal(paramBits(net), before) {
		t.Error("Hardest ran or changed the caller's net")
	}
	var probs mat.Dense
	net.Probabilities(mat.NewDense(total, 784, slices.Clone(x)), &probs)
	wantU, wantW := -1, -1
	for n := range total {
		y := probs.RawRowView(n)
		p := nn.Argmax(y)
		if wantU < 0 || y[p] < probs.At(wantU, nn.Argmax(probs.RawRowView(wantU))) {
			wantU = n
		}
		if p != labels[n] && (wantW < 0 || y[labels[n]] < probs.At(wantW, labels[wantW])) {
			wantW = n
		}
	}
	if u != wantU || w != wantW || w < 0 {
		t.Errorf("Hardest = %d, %d; want %d, %d", u, w, wantU, wantW)
	}

	// A net that gets every image right has no wrong one.
	one := x[:784]
	sure := confident(t, one, labels[0])
	if u, w, err := Hardest(sure, one, labels[:1]); err != nil || u != 0 || w != -1 {
		t.Errorf("Hardest of a right image = %d, %d, %v; want 0, -1", u, w, err)
	}

	bad := slices.Clone(x)
	bad[150*784+3] = math.NaN()
	for _, c := range []struct {
		net    *nn.TwoLayerNet
		x      []float64
		labels []int
		want   string
	}{
		{nil, x, labels, "stepper: no net"},
		{net, nil, nil, "stepper: no images"},
		{net, x[:784*3], labels[:2], "stepper: input has 2352 values, want 1568 (2 images of 784)"},
		{net, bad, labels, "stepper: input x[150,3] is NaN, want a finite value"},
		{net, x, append(slices.Clone(labels[:total-1]), 10), "stepper: label 10 of image 249 is not in [0, 10)"},
	} {
		if _, _, err := Hardest(c.net, c.x, c.labels); err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Hardest: %v, want %q", err, c.want)
		}
	}
}
