package markup

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
)

// LossText is the last mini-batch loss, "" before the first step.
func LossText(m *model.Model) string {
	if m.Run.Losses.Len() == 0 {
		return ""
	}
	return Num(float64(m.Run.P.Loss), 4)
}

// LossWhy says why the loss readout is empty: no mini-batch has been
// trained since the net was built or loaded.
func LossWhy(m *model.Model) string {
	if m.Run.Losses.Len() > 0 || !m.Run.Ready() {
		return ""
	}
	return m.Words().NotYet
}

// EpochNote says which data the epochs of a net loaded from a file trained
// on other data were passes over.
func EpochNote(m *model.Model) string {
	p := m.Run.Prior
	switch {
	case p == nil:
		return ""
	case math.IsNaN(float64(p.Epochs)):
		return m.Words().EpochPriorUnknown
	}
	return fmt.Sprintf(m.Words().EpochPrior, Num(float64(p.Epochs), 2), p.TrainImages)
}

// accText is the last epoch's train or test accuracy.
func accText(m *model.Model, train bool) string {
	e, ok := m.Run.LastEpoch()
	if !ok {
		return ""
	}
	if train {
		return Num(float64(e.TrainAcc), 4)
	}
	return Num(float64(e.TestAcc), 4)
}

// BudgetText says how far the run is.
func BudgetText(m *model.Model) string {
	return fmt.Sprintf(m.Words().Budget, m.Run.P.Iter, m.Run.Applied.Iters)
}

// writeSpeed writes the samples/s readout with the trainer's totals, from
// which two readings of the page give the speed between them.
func writeSpeed(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	p := &m.Run.P
	speed := Num(p.SamplesPerSec, 0)
	if p.SamplesPerSec == 0 {
		speed = "" // not measured: nothing trained since the trainer started
	}
	fmt.Fprintf(b, `<span data-testid="samples-per-sec" data-trained-samples="%d" data-trained-ms="%s" data-settling="%t">%s</span>`,
		p.TrainedSamples, m.TrainedMs(), p.SpeedSettling, speed)
	if speed == "" && m.Run.Ready() {
		fmt.Fprintf(b, `<span class="why">%s</span>`, esc(m.Words().NotMeasured))
	}
	if p.SpeedSettling {
		fmt.Fprintf(b, ` <span class="settling">%s</span>`, esc(m.Words().SpeedSettling))
	}
}

func writeProgress(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	fmt.Fprintf(b, `<progress data-testid="train-progress" max="1" value="%s" aria-label="%s"></progress>`,
		strconv.FormatFloat(m.Run.ProgressFrac(), 'g', -1, 64), esc(m.Words().BudgetAria))
}

// writeMemory writes the memory hook: the sizes of the page's and the
// trainer's WebAssembly memories and the page's Go heap, for tests.
func writeMemory(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	e, _ := m.Run.LastEpoch()
	mem := m.Memory
	fmt.Fprintf(b, `<span hidden data-testid="memory" data-page-bytes="%d" data-worker-bytes="%d" data-page-live-bytes="%d" data-page-goal-bytes="%d"></span>`,
		mem.Page, e.WorkerMemory, mem.Live, mem.Goal)
}

// writeProbs writes the ten probabilities of the drawing, the rows of
// the list that its host is.
func writeProbs(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w := m.Words()
	d := &m.Draw
	for i := range model.Classes {
		cls, prob, pct, width := "prob", "", "", "0%"
		if d.Probs != nil {
			prob = strconv.FormatFloat(d.Probs[i], 'f', 6, 64)
			pct = fmt.Sprintf("%.1f%%", 100*d.Probs[i])
			width = fmt.Sprintf("%.1f%%", 100*d.Probs[i])
			if i == d.Pred {
				cls = "prob top"
			}
		}
		aria := pct
		if aria == "" {
			aria = "–"
		}
		fmt.Fprintf(b, `<div role="listitem" class="%s" data-digit="%d" data-prob="%s"><span class="sr-only">%s</span>`+
			`<span class="d" aria-hidden="true">%d</span><span class="track" aria-hidden="true"><span class="fill" style="width:%s"></span></span>`+
			`<span class="v" aria-hidden="true">%s</span></div>`,
			cls, i, prob, esc(fmt.Sprintf(w.ProbRow, i, aria)), i, width, pct)
	}
}

// writeMask writes the mask of the probe: one button per hidden unit with
// data-unit and data-active, coloured by the unit's output.
func writeMask(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w := m.Words()
	p := &m.Inside.Probe
	zmax := 0.0
	if p.Valid {
		for _, z := range p.Z {
			zmax = max(zmax, z)
		}
	}
	fmt.Fprintf(b, `<div class="mask" data-testid="relu-mask" role="group" aria-label="%s">`, esc(MaskTitle(m)+w.GridKeys))
	cursor := m.UnitCursor()
	for j := range m.Hidden() {
		cls, active, style := "unit", "", ""
		title := fmt.Sprintf(w.UnitPlain, j)
		if p.Valid && j < len(p.Z) {
			on := m.UnitOn(j)
			active = "0"
			state := w.UnitOn
			if on {
				active = "1"
			} else {
				cls += " off"
				state = w.UnitOff
				if m.Sigmoid() {
					state = w.UnitSat
				}
			}
			r, g, bl := viz.Sequential(p.Z[j], zmax)
			style = fmt.Sprintf("background-color: rgb(%d,%d,%d); color: %s", r, g, bl, Ink(r, g, bl))
			title = fmt.Sprintf(w.UnitTitle, j, p.A[j], p.Z[j], state)
		}
		sel := j == m.Inside.Unit
		if sel {
			cls += " selected"
		}
		fmt.Fprintf(b, `<button type="button" class="%s" data-unit="%d" data-active="%s" style="%s" title="%s" aria-label="%s" aria-pressed="%t" tabindex="%s">%d</button>`,
			cls, j, active, style, esc(title), esc(title), sel, roving(j == cursor), j)
	}
	b.WriteString(`</div>`)
}

// one is singular for n == 1, else plural.
func one(n int, singular, plural string) string {
	if n == 1 {
		return singular
	}
	return plural
}

// NormsCaption explains the gradient-norm chart.
func NormsCaption(m *model.Model) string {
	w := m.Words()
	if m.Sigmoid() {
		return w.CapNorms + w.CapNormsSig
	}
	return w.CapNorms
}

// roving is the tabindex of a grid's element: 0 for the one tab stop, -1
// for the others, which the arrow keys reach.
func roving(stop bool) string {
	if stop {
		return "0"
	}
	return "-1"
}

// MaskTitle names the mask view: the ReLU mask, or Sigmoid's saturation.
func MaskTitle(m *model.Model) string {
	if m.Sigmoid() {
		return m.Words().MaskTitleSig
	}
	return m.Words().MaskTitle
}

// MaskCaption explains the mask view after its title.
func MaskCaption(m *model.Model) string {
	w := m.Words()
	s := fmt.Sprintf(w.CapMask, m.ProbeName())
	if m.Sigmoid() {
		s += w.CapMaskSig
	}
	return s + "."
}

// MaskSummary counts the probe's active units.
func MaskSummary(m *model.Model) string {
	w := m.Words()
	p := &m.Inside.Probe
	if !p.Valid {
		if p.FromTest {
			return w.MaskNoNet
		}
		return w.MaskHint
	}
	on := 0
	for j := range p.Z {
		if m.UnitOn(j) {
			on++
		}
	}
	if m.Sigmoid() {
		return fmt.Sprintf(w.MaskSigmoid, on, len(p.Z), len(p.Z)-on)
	}
	return fmt.Sprintf(w.MaskReLU, on, len(p.Z), len(p.Z)-on)
}

// DeadSummary counts units never active (ReLU) or always saturated
// (Sigmoid) over the test set, from the last epoch's statistics.
func DeadSummary(m *model.Model) string {
	w := m.Words()
	frac := m.Inside.UnitFrac
	if len(frac) == 0 {
		return w.DeadBefore
	}
	n := 0
	for _, f := range frac {
		if m.Sigmoid() && f >= 1 || !m.Sigmoid() && f == 0 {
			n++
		}
	}
	if m.Sigmoid() {
		return fmt.Sprintf(w.DeadSigmoid, m.Run.TestN, n, len(frac))
	}
	return fmt.Sprintf(w.DeadReLU, m.Run.TestN, n, len(frac))
}

// writeConfusion writes the confusion table: cells with data-true,
// data-pred and the count as text, and each row's accuracy.
func writeConfusion(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	c := m.Conf.Matrix
	if c == nil {
		return
	}
	w := m.Words()
	ct, cp := m.CellCursor()
	fmt.Fprintf(b, `<table class="confusion" data-testid="confusion"><caption class="sr-only">%s</caption><thead><tr><th scope="col" class="corner">%s</th>`, esc(w.ConfCaption+w.CellKeys), esc(w.ConfCorner))
	for p := range model.Classes {
		fmt.Fprintf(b, `<th scope="col">%d</th>`, p)
	}
	fmt.Fprintf(b, `<th scope="col" class="rowacc-h"><span class="long">%s</span><span class="short">%s</span></th></tr></thead><tbody>`,
		esc(w.ConfAcc), esc(w.ConfAccShort))
	for t := range model.Classes {
		fmt.Fprintf(b, `<tr><th scope="row">%d</th>`, t)
		n := c.Row(t)
		for p := range model.Classes {
			cls := "cell"
			if t == p {
				cls += " diag"
			}
			sel := t == m.Conf.T && p == m.Conf.P
			if sel {
				cls += " selected"
			}
			style := ""
			if n > 0 {
				f := float64(c.Counts[t][p]) / float64(n)
				r, g, bl := viz.Sequential(f, 1)
				style = fmt.Sprintf("background-color: rgb(%d,%d,%d); color: %s", r, g, bl, Ink(r, g, bl))
			}
			fmt.Fprintf(b, `<td data-true="%d" data-pred="%d" style="%s" class="%s" tabindex="%s" role="button" aria-label="%s" aria-pressed="%t">%d</td>`,
				t, p, style, cls, roving(t == ct && p == cp), esc(fmt.Sprintf(one(c.Counts[t][p], w.CellLabelOne, w.CellLabel), c.Counts[t][p], t, p)), sel, c.Counts[t][p])
		}
		fmt.Fprintf(b, `<td class="rowacc">%s</td></tr>`, Num(c.RowAcc(t), 3))
	}
	b.WriteString(`</tbody></table>`)
}

// GalleryText says what the gallery shows.
func GalleryText(m *model.Model) string {
	w := m.Words()
	cf := &m.Conf
	if cf.T < 0 {
		return w.GalleryNone
	}
	n := 0
	if cf.Matrix != nil {
		n = cf.Matrix.Counts[cf.T][cf.P]
	}
	shown := ""
	if n > len(cf.Gallery) {
		shown = fmt.Sprintf(w.GalleryFirst, len(cf.Gallery))
	}
	return fmt.Sprintf(one(n, w.GalleryTextOne, w.GalleryText), n, cf.T, cf.P, shown)
}

// stepBars writes a vector of the stepper's pass as bars.
func stepBars(t stepper.Tensor) func(*bytes.Buffer, *model.Model, *Scratch) {
	return func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
		bt := m.Stepper.Batch
		if bt == nil {
			return
		}
		_, cols := bt.Dims(t)
		v := bt.Values(t)[:cols] // the input's row, image 0
		entryBars(b, m.Words(), v, t.String(), m.Stepper.Unit, t.String())
	}
}

// writeReluBack writes ReLU's (or Sigmoid's) backward pass side by side:
// da coming in, the mask (or the local derivative a(1 − a)) and dz going
// out, dz = da ⊙ h'(z).
func writeReluBack(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	bt := m.Stepper.Batch
	if bt == nil {
		return
	}
	w := m.Words()
	h := bt.Hidden
	fmt.Fprintf(b, `<div class="relu-back"><p class="rb-label">da = dout·W2ᵀ</p>`)
	entryBars(b, w, bt.DA[:h], "da", m.Stepper.Unit, "da")
	if m.Sigmoid() {
		fmt.Fprintf(b, `<p class="rb-label">⊙ a(1 − a)</p>`)
		Bars(b, w, bt.Local[:h], "a(1 − a)", m.Stepper.Unit)
	} else {
		fmt.Fprintf(b, `<p class="rb-label">⊙ %s</p>`, esc(w.RbMask))
		maskStrip(b, bt.Mask[:h], bt.DA[:h], w.RbMaskAria)
	}
	fmt.Fprintf(b, `<p class="rb-label">= dz</p>`)
	entryBars(b, w, bt.DZ[:h], "dz", m.Stepper.Unit, "dz")
	b.WriteString(`</div>`)
}

// stepVec writes a vector of ten of the stepper's pass as a table.
func stepVec(name string) func(*bytes.Buffer, *model.Model, *Scratch) {
	return func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
		p := m.Stepper.Pass
		if p == nil {
			return
		}
		w := m.Words()
		switch name {
		case "s":
			VecRows(b, p.Label, VecRow{Name: "s", V: p.S, Tensor: "s"})
		case "y":
			VecRows(b, p.Label, VecRow{Name: "y", V: p.Y, Tensor: "y"}, VecRow{Name: "t", V: p.T, Tensor: "t"})
		case "dout":
			VecRows(b, p.Label, VecRow{Name: "dout", V: p.Dout, Tensor: "dout"})
		case "update":
			d := make([]float64, len(p.ProbsAfter))
			for k := range d {
				d[k] = p.ProbsAfter[k] - p.ProbsBefore[k]
			}
			VecRows(b, p.Label, VecRow{Name: w.YBefore, V: p.ProbsBefore, Tensor: "y"}, VecRow{Name: w.YAfter, V: p.ProbsAfter},
				VecRow{Name: "Δy", V: d, Signed: true})
		}
	}
}

// GradParams are the parameters in the order of the gradient check's
// results.
var GradParams = []string{"W1", "b1", "W2", "b2"}

// writeGradCheck writes the gradient check's table: a row per parameter
// with the mean difference (gradcheck-W1 …), a bar on a log scale from
// 1e-12 to 1, and the verdict. Before a run, and while one runs, the cells
// are empty: no number of a finished run stands under a new one.
func writeGradCheck(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w, g := m.Words(), &m.Check
	fmt.Fprintf(b, `<tr><th scope="col">%s</th><th scope="col">%s</th><th scope="col" class="gc-barcol">%s</th><th scope="col"><span class="sr-only">%s</span></th></tr>`,
		esc(w.GCParam), esc(w.GCMean), esc(w.GCLog), esc(w.GCVerdict))
	for k, name := range GradParams {
		diff, verdict, bar, width := "", "", "gc-bar", 0.0
		if k < len(g.Diffs) {
			d := g.Diffs[k]
			diff = strconv.FormatFloat(d, 'e', 3, 64)
			verdict = w.GCOK
			if !(d < model.Limit) {
				verdict, bar = w.GCWrong, "gc-bar wrong"
			}
			f := 1.0 // NaN and +Inf: the whole bar
			switch {
			case d == 0:
				f = 0 // exact agreement: the shortest bar
			case d > 0 && !math.IsInf(d, 0):
				f = (math.Log10(d) + 12) / 12
			}
			width = 100 * min(max(f, 0.01), 1)
		}
		fmt.Fprintf(b, `<tr><th scope="row">%s</th><td class="num" data-testid="gradcheck-%s">%s</td><td class="gc-barcol"><span class="%s" style="width:%.1f%%"></span></td><td>%s</td></tr>`,
			name, name, diff, bar, width, esc(verdict))
	}
}

// writeUnitTicks writes the hidden-unit numbers under the W2 and dW2
// heatmaps (a column per unit): the first, every tenth and the last, each
// at its column's middle. The digits of the rows are in the template.
func writeUnitTicks(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	h := m.Hidden()
	if h == 0 {
		return
	}
	step := 10
	if h > 200 {
		step = 50
	}
	for j := 0; j < h; j += step {
		if j > 0 && h-1-j < step/2 {
			break // too close to the last
		}
		fmt.Fprintf(b, `<span style="left:%.2f%%">%d</span>`, 100*(float64(j)+0.5)/float64(h), j)
	}
	fmt.Fprintf(b, `<span style="left:%.2f%%">%d</span>`, 100*(float64(h)-0.5)/float64(h), h-1)
}

// TimelineText says which iteration the views show and what the timeline
// keeps.
func TimelineText(m *model.Model) string {
	w := m.Words()
	if m.Viewing() {
		return fmt.Sprintf(w.TimelinePast, m.ShownIter(), m.Run.P.Iter)
	}
	if len(m.Time.Kept) == 0 || m.Snap == nil {
		return ""
	}
	params := len(m.Snap.W1) + len(m.Snap.B1) + len(m.Snap.W2) + len(m.Snap.B2)
	mb := float64(4*params*len(m.Time.Kept)) / (1 << 20)
	return fmt.Sprintf(w.TimelineNow, m.Run.P.Iter, len(m.Time.Kept), Num(mb, 1))
}
