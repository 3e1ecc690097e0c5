package model

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"slices"
	"strconv"
	"testing"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// drawing returns a 28×28 image of the lab's class c (its c-th quarter lit).
func drawing(c int) [digit.Pixels]uint8 {
	var im [digit.Pixels]uint8
	for j := c * 196; j < (c+1)*196; j++ {
		im[j] = 200
	}
	return im
}

// The learner's digits: a drawing is labelled once (a new label replaces
// the old), taught step by step through the trainer until the net says the
// label, kept in the storage and back after a reload; the pen changing it
// keeps it as it is now, a clear starts a new one.
func TestTeachYourDigits(t *testing.T) {
	l := started(t)
	notice := func() i18n.ID { return l.m.Notice.Msg.ID }

	// Nothing drawn: refused, with a message.
	l.do(LabelDrawing{Digit: 3})
	if len(l.m.Mine.Digits) != 0 || notice() != i18n.MineEmpty {
		t.Fatalf("labelling an empty pad: %d digits, notice %q", len(l.m.Mine.Digits), notice())
	}
	l.do(TeachStep{})
	if _, ok := lastSent[wire.Teach](l); ok || notice() != i18n.MineEmpty {
		t.Fatalf("a step on an empty pad was sent (notice %q)", notice())
	}

	// Drawn but not labelled: refused too.
	l.do(Drew{Image: drawing(0), Ink: true})
	l.do(PenRested{}) // the stepper's pass of the drawing
	l.do(TeachStep{})
	if _, ok := lastSent[wire.Teach](l); ok || notice() != i18n.MineUnlabelled {
		t.Fatalf("a step on an unlabelled drawing was sent (notice %q)", notice())
	}

	// The step's learning rate: one of the offered ones.
	l.do(SetTeachLR{Value: "0.5"})
	l.do(SetTeachLR{Value: "abc"})
	if l.m.Mine.LR != DefaultTeachLR {
		t.Fatalf("a rate not offered was taken: %v", l.m.Mine.LR)
	}
	l.do(SetTeachLR{Value: "0.1"})
	if l.m.Mine.LR != 0.1 {
		t.Fatalf("rate %v after picking 0.1", l.m.Mine.LR)
	}
	l.do(SetTeachLR{Value: strconv.FormatFloat(DefaultTeachLR, 'g', -1, 64)})

	// Labelled as another class than it is, then relabelled: one digit.
	l.do(LabelDrawing{Digit: 1})
	l.do(LabelDrawing{Digit: 2})
	if len(l.m.Mine.Digits) != 1 || l.m.Mine.Labelled() != 2 {
		t.Fatalf("after two labels: %d digits, label %d; want one digit labelled 2", len(l.m.Mine.Digits), l.m.Mine.Labelled())
	}
	iter := l.m.Run.P.Iter
	presses := 0
	for l.m.Draw.Pred != 2 {
		if presses++; presses > 30 {
			t.Fatalf("after 30 steps the net says %d, not 2 (probabilities %v)", l.m.Draw.Pred, l.m.Draw.Probs)
		}
		c := l.do(TeachStep{})
		sent, ok := lastSent[wire.Teach](l)
		if !ok || sent.Label != 2 || sent.Pixels[0] != 200.0/255 || sent.Pixels[196] != 0 || sent.LR != DefaultTeachLR {
			t.Fatalf("press %d sent %+v", presses, sent)
		}
		last := l.m.Mine.Last
		if last == nil || l.m.Mine.Steps != presses || !c.Has(MineSet) || l.m.Mine.Waiting != 0 {
			t.Fatalf("press %d: last %+v, steps %d, bits %b, waiting %d", presses, last, l.m.Mine.Steps, c, l.m.Mine.Waiting)
		}
		if !(last.LossAfter < last.LossBefore) {
			t.Errorf("press %d: loss %v → %v", presses, last.LossBefore, last.LossAfter)
		}
		// The page's net is the trainer's: its prediction is the step's.
		if p := slices.Index(last.After, slices.Max(last.After)); p != l.m.Draw.Pred {
			t.Fatalf("press %d: the step says the net predicts %d, the page %d", presses, p, l.m.Draw.Pred)
		}
	}
	if l.m.Run.P.Iter != iter {
		t.Errorf("teaching moved the run from iteration %d to %d", iter, l.m.Run.P.Iter)
	}
	// The stepper's pass, labelled with the same iteration, is of the
	// taught weights: its prediction is the net's now.
	if l.m.Stepper.Pass == nil || nn.Argmax(l.m.Stepper.Batch.Y[:Classes]) != 2 {
		t.Errorf("the stepper's pass is not of the taught net")
	}
	if e := l.m.Mine.Eval; e.Matrix == nil || e.Right != 1 || e.Pred[0] != 2 {
		t.Errorf("the set's measure after teaching: %+v", e)
	}
	// The kept net holds the taught weights, not those of the last iteration.
	kept, ok := l.store.kv[KeptKey]
	if !ok {
		t.Fatal("no kept net")
	}
	if ck := mustDecode(t, kept); !slices.Equal(ck.W1, l.m.Snap.W1) {
		t.Error("the kept net is not the taught one")
	}

	// The pen changes the drawing: the digit follows once the stroke ends.
	changed := drawing(0)
	changed[5] = 0
	l.do(Drew{Image: changed, Ink: true, PenDown: true})
	if l.m.Mine.Digits[0].Pix != drawing(0) {
		t.Error("the digit changed while the stroke was under way")
	}
	l.do(Drew{Image: changed, Ink: true})
	if l.m.Mine.Digits[0].Pix != changed || l.m.Mine.Last != nil {
		t.Error("the digit did not follow the finished stroke")
	}

	// A clear and a new drawing: a second digit.
	l.do(ClearDrawing{})
	l.do(Drew{Image: drawing(3), Ink: true})
	l.do(LabelDrawing{Digit: 3})
	if len(l.m.Mine.Digits) != 2 || l.m.Mine.Current != 1 {
		t.Fatalf("%d digits, current %d after a second drawing", len(l.m.Mine.Digits), l.m.Mine.Current)
	}

	// A reload brings the set back.
	l2 := l.reload("")
	if got := l2.m.Mine.Digits; len(got) != 2 || got[0].Pix != changed || got[0].Label != 2 || got[1].Label != 3 {
		t.Fatalf("after a reload: %+v", got)
	}
	if l2.m.Mine.Labelled() != -1 {
		t.Error("after a reload the empty pad has a label")
	}

	// Cleared, undone, cleared: the storage follows.
	l2.do(ClearMine{})
	if len(l2.m.Mine.Digits) != 0 || len(l2.m.Mine.Undo) != 2 {
		t.Fatal("clear")
	}
	if _, ok := l2.store.kv[MineKey]; ok {
		t.Error("a cleared set is still in the storage")
	}
	l2.do(UndoClearMine{})
	if len(l2.m.Mine.Digits) != 2 || l2.m.Mine.Undo != nil {
		t.Fatal("undo")
	}
	if d, err := DecodeMine(l2.store.kv[MineKey]); err != nil || len(d) != 2 {
		t.Errorf("the storage after undo: %d digits, %v", len(d), err)
	}
}

func mustDecode(t *testing.T, b []byte) *checkpoint.Checkpoint {
	t.Helper()
	ck, err := checkpoint.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// The set is bounded, and a storage that refuses it is reported once.
func TestMineBoundsAndStorage(t *testing.T) {
	l := started(t)
	l.m.Mine.Digits = make([]MyDigit, wire.MaxMine-1)
	l.do(Drew{Image: drawing(1), Ink: true})
	l.do(LabelDrawing{Digit: 1})
	if len(l.m.Mine.Digits) != wire.MaxMine {
		t.Fatalf("%d digits", len(l.m.Mine.Digits))
	}
	l.do(ClearDrawing{})
	l.do(Drew{Image: drawing(2), Ink: true})
	l.do(LabelDrawing{Digit: 2})
	if len(l.m.Mine.Digits) != wire.MaxMine || l.m.Notice.Msg.ID != i18n.MineFull {
		t.Fatalf("a digit past the bound: %d digits, notice %q", len(l.m.Mine.Digits), l.m.Notice.Msg.ID)
	}

	l.store.refuse = true
	l.m.Mine.Digits = l.m.Mine.Digits[:3]
	l.do(LabelDrawing{Digit: 0})
	if l.m.Notice.Msg.ID != i18n.MineNotKept || l.m.Notice.Level != Warning {
		t.Errorf("a refused write: notice %+v", l.m.Notice)
	}
	if len(l.m.Mine.Digits) != 4 {
		t.Errorf("a refused write lost digits: %d", len(l.m.Mine.Digits))
	}
	l.store.refuse, l.store.full = false, true
	l.m.Notice.clear()
	l.m.Mine.failed = false
	l.do(LabelDrawing{Digit: 5})
	if l.m.Notice.Msg.ID != i18n.MineNotKept {
		t.Errorf("a browser without storage: notice %+v", l.m.Notice)
	}
}

// Export and import: MNIST's IDX format, as a zip of the page's or as the
// two files, gzip-compressed or not, in any order; a bad file changes
// nothing and says why.
func TestMineFiles(t *testing.T) {
	l := started(t)
	want := []MyDigit{{Pix: drawing(0), Label: 4}, {Pix: drawing(2), Label: 9}}
	l.m.Mine.Digits = slices.Clone(want)
	l.do(ExportMine{})
	var file []byte
	for _, e := range l.m.Effects() {
		if d, ok := e.(Download); ok && d.Name == MineFileName {
			file = d.File
		}
	}
	if file == nil {
		t.Fatal("no download")
	}
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatal(err)
	}
	var images, labels []byte
	for _, f := range z.File {
		r, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(r)
		switch f.Name {
		case MineImagesName:
			images = b.Bytes()
		case MineLabelsName:
			labels = b.Bytes()
		}
	}
	im, err := mnist.DecodeRawImages(bytes.NewReader(images))
	if err != nil || im.N != 2 || !bytes.Equal(im.Image(1), want[1].Pix[:]) {
		t.Fatalf("the exported images: %v", err)
	}
	if lb, err := mnist.DecodeRawLabels(bytes.NewReader(labels)); err != nil || !bytes.Equal(lb, []byte{4, 9}) {
		t.Fatalf("the exported labels %v: %v", lb, err)
	}
	gz := func(b []byte) []byte {
		var out bytes.Buffer
		w := gzip.NewWriter(&out)
		w.Write(b)
		w.Close()
		return out.Bytes()
	}

	for _, tc := range []struct {
		name  string
		files [][]byte
		add   int // digits added; 0: refused
	}{
		{"the export", [][]byte{file}, 2},
		{"labels then images", [][]byte{labels, images}, 2},
		{"both gzip-compressed", [][]byte{gz(images), gz(labels)}, 2},
		{"images alone", [][]byte{images}, 0},
		{"two label files", [][]byte{labels, labels}, 0},
		{"one image too few", [][]byte{images[:len(images)-784], labels}, 0},
		{"not IDX", [][]byte{[]byte("hello"), labels}, 0},
		{"a broken zip", [][]byte{file[:40]}, 0},
	} {
		l.m.Mine.Digits = slices.Clone(want)
		l.m.Notice.clear()
		l.do(MineRead{Names: []string{tc.name}, Data: tc.files})
		got := l.m.Mine.Digits
		if len(got) != 2+tc.add {
			t.Errorf("%s: %d digits, want %d", tc.name, len(got), 2+tc.add)
			continue
		}
		if tc.add == 0 {
			if l.m.Notice.Msg.ID != i18n.MineBadFile || l.m.Notice.Detail == "" {
				t.Errorf("%s: refused without a reason: %+v", tc.name, l.m.Notice)
			}
			continue
		}
		if !slices.Equal(got[2:], want) {
			t.Errorf("%s: imported %+v", tc.name, got[2:])
		}
	}
	// Past the bound: the first ones that fit, and a message.
	l.m.Mine.Digits = make([]MyDigit, wire.MaxMine-1)
	l.do(MineRead{Names: []string{"x.zip"}, Data: [][]byte{file}})
	if len(l.m.Mine.Digits) != wire.MaxMine || l.m.Notice.Msg.ID != i18n.MineImportedSome {
		t.Errorf("import past the bound: %d digits, notice %+v", len(l.m.Mine.Digits), l.m.Notice)
	}
}

// Fine-tuning sends the set to the trainer and trains the run on.
func TestFineTuneMine(t *testing.T) {
	l := started(t)
	l.do(FineTuneMine{})
	if _, ok := lastSent[wire.FineTune](l); ok || l.m.Notice.Msg.ID != i18n.MineNone {
		t.Fatalf("a fine-tune without digits was sent")
	}
	for c := range 4 {
		l.m.Mine.Digits = append(l.m.Mine.Digits, MyDigit{Pix: drawing(c), Label: (c + 1) % 4})
	}
	iter := l.m.Run.P.Iter
	l.do(FineTuneMine{})
	ft, ok := lastSent[wire.FineTune](l)
	if !ok || len(ft.Labels) != 4 || ft.Iters != FineTuneIters || len(ft.Pixels) != 4*digit.Pixels {
		t.Fatalf("sent %+v", ft)
	}
	if l.m.Mine.Tuning || l.m.Run.P.Iter != iter+FineTuneIters || l.m.Notice.Msg.ID != i18n.MineTuned {
		t.Errorf("after the fine-tune: tuning %t, iteration %d (from %d), notice %q", l.m.Mine.Tuning, l.m.Run.P.Iter, iter, l.m.Notice.Msg.ID)
	}
	if e := l.m.Mine.Eval; e.Matrix == nil || e.Iter != l.m.Run.P.Iter {
		t.Errorf("the set was not measured after the fine-tune: %+v", e)
	}
}
