package mnist

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"testing"
)

// splitWithLabels returns a split whose image i has every pixel equal to
// i%256 and whose labels are the given ones, so images can be traced.
func splitWithLabels(labels []uint8) Split {
	n := len(labels)
	im := &Images{N: n, Rows: Rows, Cols: Cols, Pix: make([]uint8, n*Rows*Cols)}
	for i := range n {
		for j := range Rows * Cols {
			im.Pix[i*Rows*Cols+j] = uint8(i)
		}
	}
	return Split{Images: im, Labels: slices.Clone(labels)}
}

func TestSubset(t *testing.T) {
	// Two of each digit, then three more of digit 0, then one of each again.
	var labels []uint8
	for d := range uint8(10) {
		labels = append(labels, d, d)
	}
	labels = append(labels, 0, 0, 0)
	for d := range uint8(10) {
		labels = append(labels, 9-d)
	}
	set := &Set{Train: splitWithLabels(labels), Test: splitWithLabels(labels[:20])}
	trainBefore, testBefore := slices.Clone(set.Train.Images.Pix), slices.Clone(set.Test.Labels)

	sub, err := Subset(set, 3, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Train, 3 per digit: the two of each digit (indices 0-19), the first
	// extra 0 (index 20), then from the last run 9..0 (indices 23-32) every
	// digit but 0: indices 23..31.
	var wantTrain []int
	for i := range 21 {
		wantTrain = append(wantTrain, i)
	}
	for i := 23; i <= 31; i++ {
		wantTrain = append(wantTrain, i)
	}
	// Test, 1 per digit: indices 0, 2, 4, ..., 18.
	var wantTest []int
	for i := 0; i < 20; i += 2 {
		wantTest = append(wantTest, i)
	}
	for _, c := range []struct {
		name string
		got  Split
		from Split
		want []int
	}{
		{"train", sub.Train, set.Train, wantTrain},
		{"test", sub.Test, set.Test, wantTest},
	} {
		if c.got.Images.N != len(c.want) || len(c.got.Labels) != len(c.want) {
			t.Fatalf("%s: %d images, %d labels, want %d", c.name, c.got.Images.N, len(c.got.Labels), len(c.want))
		}
		for k, i := range c.want {
			if c.got.Labels[k] != c.from.Labels[i] || !bytes.Equal(c.got.Images.Image(k), c.from.Images.Image(i)) {
				t.Errorf("%s item %d is (label %d, pixel %d), want original item %d (label %d, pixel %d)",
					c.name, k, c.got.Labels[k], c.got.Images.Image(k)[0], i, c.from.Labels[i], uint8(i))
			}
		}
	}
	if !bytes.Equal(set.Train.Images.Pix, trainBefore) || !bytes.Equal(set.Test.Labels, testBefore) {
		t.Error("Subset modified its input")
	}
	sub.Train.Images.Pix[0] = 255
	sub.Test.Labels[0] = 7
	if set.Train.Images.Pix[0] != 0 || set.Test.Labels[0] != 0 {
		t.Error("the subset shares memory with its input")
	}
}

func TestSubsetErrors(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	full := &Set{Train: randomSplit(rng, 200), Test: randomSplit(rng, 50)}
	noFives := splitWithLabels([]uint8{0, 1, 2, 3, 4, 6, 7, 8, 9})
	cases := []struct {
		name     string
		set      *Set
		kTr, kTe int
		want     string
	}{
		{"zero per digit", full, 0, 1, "mnist: train images per digit is 0, want at least 1"},
		{"negative per digit", full, 1, -2, "mnist: test images per digit is -2, want at least 1"},
		{"missing digit", &Set{Train: full.Train, Test: noFives}, 1, 1, "mnist: test has 0 images of digit 5, want 1"},
		{"too few", full, 1000, 1, ""}, // message depends on the random labels
		{"labels and images differ", &Set{Train: Split{Images: full.Train.Images, Labels: full.Train.Labels[:10]}, Test: full.Test}, 1, 1,
			"mnist: train split is inconsistent: images, labels and pixels do not match"},
	}
	if _, err := Subset(nil, 1, 1); err == nil {
		t.Error("Subset(nil) gave no error")
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			sub, err := Subset(c.set, c.kTr, c.kTe)
			if err == nil {
				t.Fatalf("got a subset of %d+%d images, want an error", sub.Train.Images.N, sub.Test.Images.N)
			}
			if c.want != "" && err.Error() != c.want {
				t.Errorf("error is %q, want %q", err, c.want)
			}
		})
	}
}
