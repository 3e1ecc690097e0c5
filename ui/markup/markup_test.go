package markup

import (
	"bytes"
	"flag"
	"fmt"
	"html"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
	"github.com/backprop-lab/backprop-lab/wire"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fixture is a model in the middle of a run, made without a trainer: a net
// of 6 hidden units with gradients, 10,000 iterations of losses, three
// epochs, a drawing, a probe and a confusion matrix.
func fixture(lang *i18n.Lang) *model.Model {
	rng := rand.New(rand.NewPCG(7, 7))
	vec := func(n int, s float64) []float64 {
		v := make([]float64, n)
		for i := range v {
			v[i] = s * rng.NormFloat64()
		}
		return v
	}
	const hidden = 6
	labels := make([]uint8, 40)
	pred := make([]float64, 40)
	for i := range labels {
		labels[i] = uint8(i % 10)
		pred[i] = float64(i % 10)
		if i%7 == 0 {
			pred[i] = float64((i + 3) % 10)
		}
	}
	m := model.New(model.Config{Lang: lang, Test: &model.TestSet{Pix: make([]uint8, 40*784), Labels: labels, N: 40}})
	m.Run.Status = wire.StatusPaused
	m.Run.Applied.Hidden = hidden
	m.Run.Applied.Iters = 10000
	m.Run.Losses = model.NewLossSeries(0)
	for i := range 10000 {
		m.Run.Losses.Add(2.3*math.Exp(-float64(i)/800) + 0.1 + 0.05*rng.Float64())
	}
	m.Run.P = wire.Progress{Status: wire.StatusPaused, Iter: 10000, Iters: 10000, Epoch: 100, Loss: 0.1234, SamplesPerSec: 41234.5, TrainedSamples: 1e6, TrainedMs: 24000}
	for e := 1; e <= 3; e++ {
		m.Run.Epochs = append(m.Run.Epochs, wire.EpochStats{Epoch: e, At: wire.Num(e), TrainAcc: wire.Num(0.9 + 0.02*float64(e)), TestAcc: wire.Num(0.88 + 0.02*float64(e))})
	}
	for it := 100; it <= 10000; it += 100 {
		m.Run.Norms.Add(it, [4]float64{1 / float64(it), 0.1 / float64(it), 2 / float64(it), 0.2 / float64(it)})
	}
	m.Snap = &wire.Snapshot{
		W1: vec(784*hidden, 0.01), B1: vec(hidden, 0.1), W2: vec(hidden*10, 0.1), B2: vec(10, 0.1),
		DW1: vec(784*hidden, 1e-4), DB1: []float64{-8.3e-05, 0.0062, -0.0062, 1e-6, 0, 3e-3}, DW2: vec(hidden*10, 1e-3), DB2: vec(10, 1e-3),
	}
	m.Draw.Probs = []float64{0.01, 0.02, 0.9, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01, 0.01}
	m.Draw.Pred, m.Draw.Empty = 2, false
	m.Inside.Probe = model.Probe{A: []float64{-1, 0.5, 2, -0.1, 3, 0}, Z: []float64{0, 0.5, 2, 0, 3, 0}, Valid: true}
	m.Inside.Unit = 4
	m.Conf.Matrix = model.NewMatrix(labels, pred)
	m.Conf.Pred = pred
	// The stepper's pass: a real one, of a net with the snapshot's weights
	// on a drawn-like input.
	net, err := nn.NewTwoLayerNet(nn.Config{Input: 784, Hidden: hidden, Output: 10, Activation: nn.ActReLU, Init: nn.InitBook, WeightStd: 0.01, Seed: 1})
	if err != nil {
		panic(err)
	}
	s := m.Snap
	if err := net.SetParams(s.W1, s.B1, s.W2, s.B2); err != nil {
		panic(err)
	}
	// Three images: a stroke down the middle (the input), one across, one
	// slanted.
	x := make([]float64, 3*784)
	for i := range 784 {
		r, c := i/28, i%28
		if r > 6 && r < 22 && (c == 13 || c == 14) {
			x[i] = 1
		}
		if c > 6 && c < 22 && (r == 13 || r == 14) {
			x[784+i] = 1
		}
		if r > 5 && r < 23 && c == r {
			x[2*784+i] = 0.8
		}
	}
	b, err := stepper.RunBatch(net, x, []int{1, 7, 4}, 0.1)
	if err != nil {
		panic(err)
	}
	m.Stepper.Batch, m.Stepper.Pass, m.Stepper.Label, m.Stepper.BatchN = b, model.PassOf(b), 1, 3
	m.Do(model.OpenCell{Tensor: stepper.TensorDW1, I: 13*28 + 13, J: 2})
	m.Do(model.RunNudge{})
	m.Check.Diffs, m.Check.DiffsBreak = []float64{4.013086e-4, 2.1e-9, 0, math.Inf(1)}, "softmax-batch"
	m.Check.Maps = fixtureMaps(hidden)
	// A race of ReLU against Sigmoid, two epochs in.
	m.Race.On, m.Race.Setting, m.Race.Value = true, "activation", "sigmoid"
	for i, act := range []string{"relu", "sigmoid"} {
		r := &m.Race.Runs[i]
		r.Settings = m.Run.Applied
		r.Settings.Activation = act
		r.Losses = model.NewLossSeries(0)
		for k := range 200 {
			r.Losses.Add(2.3*math.Exp(-float64(k)/(50*float64(i+1))) + 0.1)
		}
		r.P = wire.Progress{Iter: 200, Loss: wire.Num(r.Losses.Pts[199])}
		r.Epochs = []wire.EpochStats{{Epoch: 1, At: 1, Iter: 100, TestAcc: wire.Num(0.8 - 0.2*float64(i))}, {Epoch: 2, At: 2, Iter: 200, TestAcc: wire.Num(0.9 - 0.2*float64(i))}}
		r.UnitFrac = make([]float64, hidden)
		r.UnitFrac[0] = float64(i)
	}
	// A timeline of five snapshots.
	m.Time.Kept = []int{0, 10, 100, 1000, 10000}
	// Three digits of the learner's, one taught.
	m.Mine.Digits = []model.MyDigit{{Label: 1}, {Label: 7}, {Label: 7}}
	m.Mine.Current, m.Mine.Steps = 2, 3
	m.Mine.Eval = model.MineEval{Iter: 10000, Pred: []int{1, 7, 1}, Right: 2, Matrix: model.NewMatrix([]uint8{1, 7, 7}, []float64{1, 7, 1})}
	taught := wire.Taught{Label: 7, LossBefore: 2.25, LossAfter: 1.5, DW1: vec(784*hidden, 0.01)}
	for range 10 {
		taught.Before = append(taught.Before, wire.Num(0.1))
		taught.After = append(taught.After, wire.Num(0.05))
	}
	taught.Before[7], taught.After[7], taught.After[1] = 0.1, 0.22, 0.4
	m.Mine.Last = &taught
	return m
}

// render returns a view's output on m.
func render(t *testing.T, v *View, m *model.Model) []byte {
	t.Helper()
	var b bytes.Buffer
	var sc Scratch
	switch v.Kind {
	case Text:
		b.WriteString(v.Text(m))
	case Region:
		v.Write(&b, m, &sc)
	default:
		t.Fatalf("view %s is not text or markup", v.ID)
	}
	return b.Bytes()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./ui/markup -update to write it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s:\n%s", name, path, got)
	}
}

// TestGolden writes every text and markup view of the fixture in both
// languages and compares it with its golden file.
func TestGolden(t *testing.T) {
	for _, lang := range i18n.Langs {
		m := fixture(lang)
		for i := range Views {
			v := &Views[i]
			if v.Kind != Text && v.Kind != Region {
				continue
			}
			t.Run(lang.Code+"/"+v.ID, func(t *testing.T) {
				golden(t, lang.Code+"-"+v.ID, render(t, v, m))
			})
		}
	}
}

var testIDs = regexp.MustCompile(`data-testid="([^"]+)"`)

// TestWrittenTestIDs keeps WrittenTestIDs, which the templates' test
// checks against, true: it is exactly the set of test IDs the views write.
func TestWrittenTestIDs(t *testing.T) {
	seen := map[string]bool{}
	m := fixture(i18n.English)
	for i := range Views {
		v := &Views[i]
		if v.Kind != Region {
			continue
		}
		for _, g := range testIDs.FindAllSubmatch(render(t, v, m), -1) {
			seen[string(g[1])] = true
		}
	}
	var got []string
	for id := range seen {
		got = append(got, id)
	}
	slices.Sort(got)
	want := slices.Sorted(slices.Values(WrittenTestIDs))
	if !slices.Equal(got, want) {
		t.Errorf("the views write test IDs %v, WrittenTestIDs lists %v", got, want)
	}
}

func TestNum(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		d    int
		want string
	}{
		{-0.00001, 4, "0.0000"}, {math.Copysign(0, -1), 2, "0.00"}, {-0.5, 1, "-0.5"}, {math.NaN(), 3, ""}, {16.11544, 4, "16.1154"},
	} {
		if got := Num(tc.v, tc.d); got != tc.want {
			t.Errorf("Num(%g, %d) = %q, want %q", tc.v, tc.d, got, tc.want)
		}
	}
}

// TestGradientsNotComputed: a net whose gradients were never computed
// says so, and shows no zeros.
func TestGradientsNotComputed(t *testing.T) {
	m := fixture(i18n.English)
	m.Snap.DW1, m.Snap.DB1, m.Snap.DW2, m.Snap.DB2 = nil, nil, nil, nil
	v, _ := ViewByID("legend-dW1")
	out := string(render(t, v, m))
	if !regexp.MustCompile(`not computed`).MatchString(out) {
		t.Errorf("legend of dW1 without gradients: %q", out)
	}
	v, _ = ViewByID("bars-db1")
	if out := render(t, v, m); len(out) != 0 && !bytes.Contains(out, []byte("not computed")) {
		t.Errorf("db1 bars without gradients: %q", out)
	}
}

// TestInkReads: the text on every colour of the mask and the confusion
// matrix reaches WCAG's 4.5:1.
func TestInkReads(t *testing.T) {
	for i := 0; i <= 1000; i++ {
		r, g, b := viz.Sequential(float64(i)/1000, 1)
		ink := 0.0
		if Ink(r, g, b) == "#fff" {
			ink = 1
		}
		if c := Contrast(luminance(r, g, b), ink); c < 4.5 {
			t.Errorf("rgb(%d,%d,%d) with %s: contrast %.2f", r, g, b, Ink(r, g, b), c)
		}
	}
}

// A net loaded from a file trained on other data: the epoch readout says
// which data its epochs were over, the accuracy chart draws the file's own
// figures dashed, at their epochs, and leaves out points of unknown epoch.
func TestPriorTraining(t *testing.T) {
	for _, lang := range []*i18n.Lang{i18n.English, i18n.Korean} {
		m := fixture(lang)
		m.Run.Epochs = []wire.EpochStats{{Epoch: 17, At: 16.67, Iter: 10000, TrainAcc: 0.97, TestAcc: 0.96}}
		if s := EpochNote(m); s != "" {
			t.Errorf("%s: a net of the page's data has the epoch note %q", lang.Code, s)
		}
		m.Run.Prior = &wire.Prior{Data: "MNIST: 60000 training, 10000 test images", TrainImages: 60000, Epochs: 16.67}
		for i := range 17 {
			at := min(float64(i+1), 16.67)
			m.Run.PriorEpochs = append(m.Run.PriorEpochs, wire.EpochStats{At: wire.Num(at), Iter: min(600*(i+1), 10000), TrainAcc: 0.9, TestAcc: 0.9})
		}
		if s := EpochNote(m); !strings.Contains(s, "16.67") || !strings.Contains(s, "60000") {
			t.Errorf("%s: epoch note %q, want the file's 16.67 epochs over 60000 images", lang.Code, s)
		}
		var b bytes.Buffer
		AccChart(&b, &Scratch{}, m.Run.Epochs, m.Run.PriorEpochs, m.Words())
		svg := b.String()
		if n := strings.Count(svg, `stroke-dasharray`); n != 3 { // two lines, one legend key
			t.Errorf("%s: %d dashed strokes, want the file's two lines and the key", lang.Code, n)
		}
		if !strings.Contains(svg, html.EscapeString(m.Words().AccPrior)) {
			t.Errorf("%s: the legend does not say what the dashed lines are", lang.Code)
		}
		// The epoch axis ends at 17 (ticks to 15): the page's point at
		// 16.67 is near its right end, not at 100.
		if !strings.Contains(svg, `>15</text>`) || strings.Contains(svg, `>20</text>`) || strings.Contains(svg, `>100</text>`) {
			t.Errorf("%s: the epoch axis does not end at 17: %s", lang.Code, svg)
		}
		m.Run.Prior.Epochs, m.Run.Prior.TrainImages = wire.Num(math.NaN()), 0
		if s := EpochNote(m); s != m.Words().EpochPriorUnknown {
			t.Errorf("%s: epoch note %q for a file of unsized data", lang.Code, s)
		}
		for i := range m.Run.PriorEpochs {
			m.Run.PriorEpochs[i].At = wire.Num(math.NaN())
		}
		m.Run.Epochs[0].At = wire.Num(math.NaN())
		b.Reset()
		AccChart(&b, &Scratch{}, m.Run.Epochs, m.Run.PriorEpochs, m.Words())
		if strings.Contains(b.String(), "<circle") || strings.Contains(b.String(), "NaN") {
			t.Errorf("%s: points of unknown epoch drawn: %s", lang.Code, b.String())
		}
	}
}

// Looking back: the texts say which iteration the views show, the loss
// chart marks it, the weights shown are the past ones and a gradient view
// says the timeline keeps none.
func TestViewingThePast(t *testing.T) {
	for _, lang := range []*i18n.Lang{i18n.English, i18n.Korean} {
		m := fixture(lang)
		live := m.Snap
		past := &wire.Snapshot{W1: make([]float64, len(live.W1)), B1: make([]float64, len(live.B1)), W2: make([]float64, len(live.W2)), B2: make([]float64, len(live.B2))}
		past.W1[0] = 42
		m.Time.Past, m.Time.PastIter = past, 100
		if s := TimelineText(m); !strings.Contains(s, "100") || !strings.Contains(s, "10000") {
			t.Errorf("%s: timeline text %q", lang.Code, s)
		}
		v, _ := ViewByID("viewing-text")
		if s := v.Text(m); !strings.Contains(s, "100") {
			t.Errorf("%s: viewing text %q", lang.Code, s)
		}
		if s := snapOf(m); s == nil || s.W1[0] != 42 || s.DW1 != nil {
			t.Errorf("%s: the views do not read the past snapshot", lang.Code)
		}
		var b bytes.Buffer
		LossChart(&b, &Scratch{}, &m.Run.Losses, m.ShownIter(), m.Words())
		if !strings.Contains(b.String(), `class="mark"`) {
			t.Errorf("%s: no mark in the loss chart", lang.Code)
		}
		b.Reset()
		lg, _ := ViewByID("legend-dW1")
		lg.Write(&b, m, &Scratch{})
		if !strings.Contains(b.String(), html.EscapeString(fmt.Sprintf(m.Words().GradNotKept, "dW1"))) {
			t.Errorf("%s: the dW1 legend says %q", lang.Code, b.String())
		}
	}
}
