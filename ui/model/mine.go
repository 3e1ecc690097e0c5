package model

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
	"gonum.org/v1/gonum/mat"
)

// The learner's own digits: drawings labelled on the pad, taught to the
// net one SGD step at a time, kept in the browser as a personal set that
// can be fine-tuned on, exported and imported in MNIST's IDX format.

// MineKey names the storage slot of the learner's digits (a zip of two IDX
// files, as the export).
const MineKey = "backprop-lab/my-digits/v1"

// FineTuneIters is how many iterations a fine-tune trains.
const FineTuneIters = 200

// TeachLRs are the learning rates a step on the drawing may take; the
// page starts with DefaultTeachLR. A single digit at the book's 0.1 moves
// the net as far as a mini-batch of a hundred would (the loss is not
// divided among its images): its loss drops to about 0 in one step.
var TeachLRs = []float64{0.0001, 0.001, 0.01, 0.1}

// DefaultTeachLR is the learning rate of a step on the drawing before the
// learner picks one: small enough that the prediction climbs step by step.
const DefaultTeachLR = 0.001

// The IDX files of an export, named as MNIST's.
const (
	MineImagesName = "my-digits-images-idx3-ubyte"
	MineLabelsName = "my-digits-labels-idx1-ubyte"
	MineFileName   = "my-digits.zip"
)

// MyDigit is one of the learner's digits: the 28×28 input the net saw and
// the label the learner gave it.
type MyDigit struct {
	Pix   [digit.Pixels]uint8
	Label int
}

// Mine is the state of the learner's digits.
type Mine struct {
	Digits []MyDigit
	// Current is the index in Digits of the drawing on the pad, -1 while
	// it has no label.
	Current int
	// Last is the last step on the pad's drawing, nil before one; Steps
	// counts them.
	Last  *wire.Taught
	Steps int
	// LR is the learning rate of a step on the drawing, one of TeachLRs.
	LR float64
	// Waiting counts the steps asked for and not yet answered.
	Waiting int
	// Tuning says a fine-tune is under way.
	Tuning bool
	// Eval is how the page's net does on Digits.
	Eval MineEval
	// Undo holds the digits a clear removed, until the set changes again.
	Undo []MyDigit
	// repass says a step changed the net at the same iteration: the
	// stepper's pass, labelled with the iteration, is run again on the
	// weights that come next.
	repass bool
	// failed says the storage refused the digits once (said once).
	failed bool
	writes int
}

// MineEval is the page's net on the learner's digits at iteration Iter:
// each digit's prediction, how many are right, and the confusion matrix.
// Matrix is nil when it was not computed (no net, no digits).
type MineEval struct {
	Iter   int
	Pred   []int
	Right  int
	Matrix *Matrix
}

// Labelled returns the label of the pad's drawing, -1 for none.
func (s *Mine) Labelled() int {
	if s.Current < 0 || s.Current >= len(s.Digits) {
		return -1
	}
	return s.Digits[s.Current].Label
}

// openMine reads the learner's digits from the storage when the page
// starts. Digits that cannot be read are reported and left in the slot,
// so that a later version of the page may still read them.
func (m *Model) openMine() {
	m.Mine.Current = -1
	if m.store == nil {
		return
	}
	b, ok := m.store.Get(MineKey)
	if !ok {
		return
	}
	d, err := DecodeMine(b)
	if err != nil {
		m.Notice.warn(i18n.M(i18n.MineUnread), err.Error())
		return
	}
	m.Mine.Digits = d
}

// saveMine writes the digits to the storage (an empty set: removes them).
func (m *Model) saveMine() {
	if m.store == nil {
		return
	}
	m.Mine.writes++
	if len(m.Mine.Digits) == 0 {
		m.store.Remove(MineKey)
		return
	}
	b, err := EncodeMine(m.Mine.Digits)
	if err == nil {
		err = m.store.Set(MineKey, b, m.Mine.writes)
	}
	if err != nil {
		m.mineRefused(err.Error())
	}
}

// mineRefused says, once, that the browser did not keep the digits: they
// stay on the page until it is closed.
func (m *Model) mineRefused(detail string) {
	if !m.Mine.failed {
		m.Mine.failed = true
		m.Notice.warn(i18n.M(i18n.MineNotKept, len(m.Mine.Digits)), detail)
	}
}

// evalMine measures the page's net on the learner's digits; Structure
// when their matrix appears or goes (its box is in the template).
func (m *Model) evalMine() Changed {
	had := m.Mine.Eval.Matrix != nil
	m.measureMine()
	if had != (m.Mine.Eval.Matrix != nil) {
		return MineSet | Structure
	}
	return MineSet
}

// measureMine computes Mine.Eval.
func (m *Model) measureMine() {
	e := &m.Mine.Eval
	e.Pred, e.Right, e.Matrix, e.Iter = e.Pred[:0], 0, nil, m.ShownIter()
	n := len(m.Mine.Digits)
	if m.net == nil || n == 0 {
		return
	}
	x := mat.NewDense(n, digit.Pixels, nil)
	labels := make([]uint8, n)
	for i, d := range m.Mine.Digits {
		row := x.RawRowView(i)
		for j, v := range d.Pix {
			row[j] = float64(v) / 255
		}
		labels[i] = uint8(d.Label)
	}
	scores := m.net.Predict(x)
	pred := make([]float64, n)
	for i := range n {
		p := nn.Argmax(scores.RawRowView(i))
		e.Pred = append(e.Pred, p)
		pred[i] = float64(p)
		if p == m.Mine.Digits[i].Label {
			e.Right++
		}
	}
	e.Matrix = NewMatrix(labels, pred)
}

// LabelDrawing labels the pad's drawing as Digit: it joins the learner's
// digits (or, labelled before, changes its label).
type LabelDrawing struct{ Digit int }

func (c LabelDrawing) apply(m *Model) Changed {
	s := &m.Mine
	switch {
	case c.Digit < 0 || c.Digit >= Classes:
		return 0
	case m.Draw.Empty:
		m.Notice.warn(i18n.M(i18n.MineEmpty), "")
		return Structure
	case s.Labelled() == c.Digit:
		return 0
	case s.Labelled() >= 0:
		s.Digits[s.Current].Label = c.Digit
	case len(s.Digits) >= wire.MaxMine:
		m.Notice.warn(i18n.M(i18n.MineFull, wire.MaxMine), "")
		return Structure
	default:
		s.Digits = append(s.Digits, MyDigit{Pix: m.Draw.Sees, Label: c.Digit})
		s.Current = len(s.Digits) - 1
	}
	s.Last, s.Steps, s.Undo = nil, 0, nil
	m.saveMine()
	m.evalMine()
	return Structure | MineSet
}

// drawingChanged follows the pad: a labelled drawing that the pen changes
// is kept as it now is; a cleared pad starts a new drawing.
func (m *Model) drawingChanged() Changed {
	s := &m.Mine
	if s.Labelled() < 0 {
		return 0
	}
	if m.Draw.Empty {
		s.Current, s.Last, s.Steps = -1, nil, 0
		return Structure | MineSet
	}
	if m.Draw.PenDown || s.Digits[s.Current].Pix == m.Draw.Sees {
		return 0
	}
	s.Digits[s.Current].Pix = m.Draw.Sees
	s.Last, s.Steps = nil, 0
	m.saveMine()
	m.evalMine()
	return Structure | MineSet
}

// TeachStep takes one SGD step on the labelled drawing alone.
type TeachStep struct{}

func (TeachStep) apply(m *Model) Changed {
	s := &m.Mine
	switch {
	case m.Draw.Empty:
		m.Notice.warn(i18n.M(i18n.MineEmpty), "")
		return Structure
	case s.Labelled() < 0:
		m.Notice.warn(i18n.M(i18n.MineUnlabelled), "")
		return Structure
	case m.Snap == nil || !m.Run.Ready() || s.Tuning:
		return 0
	}
	c := m.goLive() // the step is on the net now
	x := make([]float64, digit.Pixels)
	for i, v := range s.Digits[s.Current].Pix {
		x[i] = float64(v) / 255
	}
	s.Waiting++
	m.trainer.Post(wire.Teach{Pixels: x, Label: s.Labelled(), LR: s.LR})
	return c | Structure
}

func (m *Model) applyTaught(v wire.Taught) Changed {
	s := &m.Mine
	s.Waiting = max(s.Waiting-1, 0)
	if s.Labelled() != v.Label {
		return Structure // the drawing or its label changed meanwhile
	}
	s.Last = &v
	s.Steps++
	s.repass = true
	// The net changed at the same iteration: it is to be kept again, even
	// at iteration 0.
	m.Keep.held, m.Keep.loaded = false, true
	return Structure | MineSet
}

// SetTeachLR picks the learning rate of a step on the drawing, one of
// TeachLRs (as its text); anything else is ignored.
type SetTeachLR struct{ Value string }

func (c SetTeachLR) apply(m *Model) Changed {
	for _, lr := range TeachLRs {
		if strconv.FormatFloat(lr, 'g', -1, 64) == c.Value {
			m.Mine.LR = lr
			return Structure
		}
	}
	return Structure // the select shows the rate in use again
}

// FineTuneMine trains FineTuneIters iterations with the learner's digits
// in every mini-batch.
type FineTuneMine struct{}

func (FineTuneMine) apply(m *Model) Changed {
	s := &m.Mine
	switch {
	case len(s.Digits) == 0:
		m.Notice.warn(i18n.M(i18n.MineNone), "")
		return Structure
	case m.Snap == nil || !m.Run.Ready() || s.Tuning:
		return 0
	}
	ft := wire.FineTune{Iters: FineTuneIters, Pixels: make([]byte, 0, len(s.Digits)*digit.Pixels), Labels: make([]int, len(s.Digits))}
	for i, d := range s.Digits {
		ft.Pixels = append(ft.Pixels, d.Pix[:]...)
		ft.Labels[i] = d.Label
	}
	c := m.goLive()
	s.Tuning = true
	m.trainer.Post(ft)
	return c | Structure
}

func (m *Model) applyTuned(v wire.Tuned) Changed {
	m.Mine.Tuning = false
	m.Keep.held = false
	m.Notice.inform(i18n.M(i18n.MineTuned, v.Iters, v.Mine))
	return Structure | MineSet
}

// ClearMine deletes the learner's digits; UndoClearMine brings them back.
type ClearMine struct{}

func (ClearMine) apply(m *Model) Changed {
	s := &m.Mine
	if len(s.Digits) == 0 {
		return 0
	}
	s.Undo, s.Digits = s.Digits, nil
	s.Current, s.Last, s.Steps = -1, nil, 0
	m.saveMine()
	m.evalMine()
	m.ask(Focus{TestID: "my-digits-undo"})
	return Structure | MineSet
}

// UndoClearMine brings back the digits of the last clear.
type UndoClearMine struct{}

func (UndoClearMine) apply(m *Model) Changed {
	s := &m.Mine
	if s.Undo == nil {
		return 0
	}
	s.Digits, s.Undo = s.Undo, nil
	m.saveMine()
	m.evalMine()
	return Structure | MineSet
}

// ExportMine offers the learner's digits as a file.
type ExportMine struct{}

func (ExportMine) apply(m *Model) Changed {
	if len(m.Mine.Digits) == 0 {
		m.Notice.warn(i18n.M(i18n.MineNone), "")
		return Structure
	}
	b, err := EncodeMine(m.Mine.Digits)
	if err != nil {
		m.Notice.warn(i18n.M(i18n.MineNone), err.Error())
		return Structure
	}
	m.ask(Download{Name: MineFileName, File: b})
	return 0
}

// ImportMine reads digits from files the user picked: an export of this
// page, or MNIST's two IDX files (gzip-compressed or not).
type ImportMine struct {
	Files []any
	Names []string
}

func (c ImportMine) apply(m *Model) Changed {
	if len(c.Files) == 0 {
		return 0
	}
	m.ask(ReadMine(c))
	return 0
}

// MineRead gives the model the files of an ImportMine, read; Unread names
// a file the browser could not read (or that is larger than MaxMineFile),
// and Detail says why.
type MineRead struct {
	Names  []string
	Data   [][]byte
	Unread string
	Detail string
}

func (c MineRead) apply(m *Model) Changed {
	names := strings.Join(c.Names, ", ")
	if c.Unread != "" {
		m.Notice.warn(i18n.M(i18n.MineBadFile, c.Unread), c.Detail)
		return Structure
	}
	d, err := decodeMineFiles(c.Data)
	if err != nil {
		m.Notice.warn(i18n.M(i18n.MineBadFile, names), err.Error())
		return Structure
	}
	s := &m.Mine
	room := wire.MaxMine - len(s.Digits)
	took := min(len(d), room)
	s.Digits = append(s.Digits, d[:took]...)
	s.Undo = nil
	if took < len(d) {
		m.Notice.warn(i18n.M(i18n.MineImportedSome, took, len(d), names, wire.MaxMine), "")
	} else {
		m.Notice.inform(i18n.M(i18n.MineImported, took, names))
	}
	m.saveMine()
	m.evalMine()
	return Structure | MineSet
}

// EncodeMine writes digits as a zip of two IDX files, MNIST's format.
func EncodeMine(d []MyDigit) ([]byte, error) {
	im := &mnist.Images{N: len(d), Rows: digit.Size, Cols: digit.Size, Pix: make([]uint8, 0, len(d)*digit.Pixels)}
	labels := make([]uint8, len(d))
	for i, x := range d {
		im.Pix = append(im.Pix, x.Pix[:]...)
		labels[i] = uint8(x.Label)
	}
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range []struct {
		name  string
		write func(io.Writer) error
	}{
		{MineImagesName, func(w io.Writer) error { return mnist.EncodeRawImages(w, im) }},
		{MineLabelsName, func(w io.Writer) error { return mnist.EncodeRawLabels(w, labels) }},
	} {
		w, err := z.CreateHeader(&zip.FileHeader{Name: f.name, Method: zip.Deflate})
		if err != nil {
			return nil, err
		}
		if err := f.write(w); err != nil {
			return nil, err
		}
	}
	if err := z.Close(); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// DecodeMine reads an EncodeMine file.
func DecodeMine(b []byte) ([]MyDigit, error) { return decodeMineFiles([][]byte{b}) }

// MaxMineFile bounds a file of digits: MaxMine images, their labels and
// room for a zip's or gzip's framing.
const MaxMineFile = wire.MaxMine*(digit.Pixels+1) + 64<<10

// decodeMineFiles reads digits from files: a zip holding an IDX image and
// an IDX label file, or the two files themselves, in any order, each
// gzip-compressed or not. The images must be 28×28 and the labels digits.
func decodeMineFiles(files [][]byte) ([]MyDigit, error) {
	var parts [][]byte
	for _, f := range files {
		if len(f) > MaxMineFile {
			return nil, fmt.Errorf("a file of %d bytes is larger than %d digits can take (%d bytes)", len(f), wire.MaxMine, MaxMineFile)
		}
		if !bytes.HasPrefix(f, []byte("PK\x03\x04")) {
			parts = append(parts, f)
			continue
		}
		z, err := zip.NewReader(bytes.NewReader(f), int64(len(f)))
		if err != nil {
			return nil, fmt.Errorf("not a zip file that can be read: %w", err)
		}
		for _, e := range z.File {
			if e.UncompressedSize64 > MaxMineFile {
				return nil, fmt.Errorf("%s holds %d bytes, more than %d digits take", e.Name, e.UncompressedSize64, wire.MaxMine)
			}
			r, err := e.Open()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name, err)
			}
			b, err := io.ReadAll(io.LimitReader(r, MaxMineFile+1))
			r.Close()
			if err != nil {
				return nil, fmt.Errorf("%s: %w", e.Name, err)
			}
			parts = append(parts, b)
		}
	}
	var im *mnist.Images
	var labels []uint8
	for _, p := range parts {
		switch kind := mnist.Kind(p); kind {
		case mnist.KindImages:
			if im != nil {
				return nil, errors.New("two image files; give one image file and one label file")
			}
			x, err := mnist.DecodeAnyImages(bytes.NewReader(p))
			if err != nil {
				return nil, err
			}
			im = x
		case mnist.KindLabels:
			if labels != nil {
				return nil, errors.New("two label files; give one image file and one label file")
			}
			l, err := mnist.DecodeAnyLabels(bytes.NewReader(p))
			if err != nil {
				return nil, err
			}
			labels = l
		}
	}
	switch {
	case im == nil || labels == nil:
		return nil, errors.New("an IDX image file and an IDX label file are needed (MNIST's format, as the page exports them)")
	case im.Rows != digit.Size || im.Cols != digit.Size:
		return nil, fmt.Errorf("the images are %d×%d, not %d×%d", im.Rows, im.Cols, digit.Size, digit.Size)
	case im.N != len(labels):
		return nil, fmt.Errorf("%d images but %d labels", im.N, len(labels))
	case im.N > wire.MaxMine:
		return nil, fmt.Errorf("%d digits, more than the %d the page keeps", im.N, wire.MaxMine)
	}
	d := make([]MyDigit, im.N)
	for i := range d {
		copy(d[i].Pix[:], im.Image(i))
		d[i].Label = int(labels[i])
	}
	return d, nil
}
