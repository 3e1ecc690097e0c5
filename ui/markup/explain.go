package markup

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/model"
)

// explainShown is how many of an entry's terms (the largest first) show
// at once; the rest are one click away, all of them [data-term].
const explainShown = 12

// full is x at full precision, for the data-value attributes.
func full(x float64) string { return strconv.FormatFloat(x+0, 'g', -1, 64) }

// sig writes x in 4 significant digits, never as -0.
func sig(x float64) string {
	if x == 0 {
		return "0"
	}
	return strconv.FormatFloat(x, 'g', 4, 64)
}

// writeExplain writes the opened entry of the pass: its formula, its shape
// strip and ÷N, and its terms with their values, the largest first, those
// the ReLU mask zeroes shown as zeroed. The host carries data-tensor,
// data-index and data-value (cellAttrs).
func writeExplain(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w := m.Words()
	e := m.Stepper.Cell.Explain
	if e == nil {
		fmt.Fprintf(b, `<p class="note">%s</p>`, esc(w.CellNone))
		return
	}
	name := e.Tensor.String() + "[" + e.Tensor.Index(e.I, e.J) + "]"
	fmt.Fprintf(b, `<p class="cell-head"><b>%s = %s</b> <span class="cell-formula">%s</span></p>`, esc(name), sig(e.Value), esc(e.Formula))
	if e.Shapes != "" {
		fmt.Fprintf(b, `<p class="cell-shapes">%s</p>`, esc(e.Shapes))
	}
	if e.Divisor > 1 {
		fmt.Fprintf(b, `<p class="note">%s</p>`, esc(fmt.Sprintf(w.CellDivisor, e.Divisor)))
	}
	if k := e.MaskedTerms(); k > 0 && len(e.Terms) > 1 {
		fmt.Fprintf(b, `<p class="note">%s</p>`, esc(fmt.Sprintf(w.CellMasked, k, len(e.Terms))))
	}
	term := func(k int) {
		t := e.Terms[k]
		masked, cls := "", "term"
		extra := ""
		if t.Masked {
			masked, cls = ` data-masked="1"`, "term masked"
			extra = fmt.Sprintf(` <span class="was">%s</span>`, esc(fmt.Sprintf(w.CellWas, sig(t.Unmasked))))
		}
		fmt.Fprintf(b, `<li class="%s" data-term="%d" data-value="%s"%s><span class="tn">%s</span> <span class="tv">%s</span>%s</li>`,
			cls, k, full(t.Value), masked, esc(t.Name), sig(t.Value), extra)
	}
	fmt.Fprintf(b, `<ol class="terms">`)
	for k := range min(len(e.Terms), explainShown) {
		term(k)
	}
	b.WriteString(`</ol>`)
	if rest := len(e.Terms) - explainShown; rest > 0 {
		small := 0.0
		for _, t := range e.Terms[explainShown:] {
			small += t.Value
		}
		fmt.Fprintf(b, `<details class="more-terms"><summary>%s</summary><ol class="terms" start="%d">`, esc(fmt.Sprintf(w.CellMore, rest, sig(small))), explainShown+1)
		for k := explainShown; k < len(e.Terms); k++ {
			term(k)
		}
		b.WriteString(`</ol></details>`)
	}
	if len(e.Terms) > 1 {
		fmt.Fprintf(b, `<p class="cell-sum">%s</p>`, esc(fmt.Sprintf(w.CellSum, len(e.Terms), sig(e.Sum()), sig(e.Value))))
	}
}

// cellAttrs are the explanation host's hooks: the entry and its value.
func cellAttrs(m *model.Model) []Attr {
	e := m.Stepper.Cell.Explain
	if e == nil {
		return []Attr{{"data-tensor", ""}, {"data-index", ""}, {"data-value", ""}}
	}
	return []Attr{{"data-tensor", e.Tensor.String()}, {"data-index", e.Tensor.Index(e.I, e.J)}, {"data-value", full(e.Value)}}
}

// writeNudge writes the nudge's result: L(w+h) − L(w) against backprop's
// h·∂L/∂w and the central difference against ∂L/∂w, then the same for
// each h of the ladder, where the central difference's error shrinks like
// h².
func writeNudge(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w := m.Words()
	n := &m.Stepper.Nudge
	r := n.Result
	if r == nil {
		fmt.Fprintf(b, `<p class="note">%s</p>`, esc(w.NudgeNone))
		return
	}
	name := r.Param.String() + "[" + r.Param.Index(r.I, r.J) + "]"
	fmt.Fprintf(b, `<p>%s</p><dl class="nudge-out">`, esc(fmt.Sprintf(w.NudgeHead, name, sig(r.W), sig(r.H))))
	row := func(id, label string, v float64) {
		fmt.Fprintf(b, `<div><dt>%s</dt><dd data-testid="%s" data-value="%s">%s</dd></div>`, esc(label), id, full(v), strconv.FormatFloat(v+0, 'g', 6, 64))
	}
	row("nudge-dloss", w.NudgeDLoss, r.DLoss())
	row("nudge-linear", w.NudgeLinear, r.Linear())
	row("nudge-central", w.NudgeCentral, r.Central())
	row("nudge-grad", w.NudgeGrad, r.Grad)
	b.WriteString(`</dl>`)
	if len(n.Ladder) == 0 {
		return
	}
	fmt.Fprintf(b, `<table class="vec nudge-ladder"><caption>%s</caption><tr><th scope="col">h</th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">%s</th></tr>`,
		esc(w.NudgeLadder), esc(w.NudgeDLoss), esc(w.NudgeLinear), esc(w.NudgeErr))
	for _, u := range n.Ladder {
		err := math.Abs(u.Central() - u.Grad)
		fmt.Fprintf(b, `<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>`, sig(u.H), sig(u.DLoss()), sig(u.Linear()), strconv.FormatFloat(err, 'e', 1, 64))
	}
	b.WriteString(`</table>`)
}

// writeUpdate writes what the SGD step did, in plain numbers scaled to
// their size: the batch's mean loss and the input's y[t], before, after
// and their change (stepper-delta carries the loss's, full precision).
func writeUpdate(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	bt := m.Stepper.Batch
	if bt == nil {
		return
	}
	w := m.Words()
	t := bt.Labels[0]
	y0, y1 := bt.Y[t], bt.ProbsAfter[t]
	d := bt.LossAfter - bt.Loss
	fmt.Fprintf(b, `<table class="vec update-table"><tr><th scope="col"></th><th scope="col">%s</th><th scope="col">%s</th><th scope="col">Δ</th></tr>`,
		esc(w.Before), esc(w.After))
	fmt.Fprintf(b, `<tr><th scope="row">%s</th><td>%s</td><td>%s</td><td data-testid="stepper-delta" data-value="%s">%s</td></tr>`,
		esc(w.UpdateLossRow), sig(bt.Loss), sig(bt.LossAfter), full(d), signed(d))
	fmt.Fprintf(b, `<tr><th scope="row">%s</th><td>%s</td><td>%s</td><td>%s</td></tr></table>`,
		esc(fmt.Sprintf(w.UpdateYRow, t)), sig(y0), sig(y1), signed(y1-y0))
}

// signed writes a change with its sign in 3 significant digits, 0 as 0.
func signed(x float64) string {
	switch {
	case x == 0:
		return "0"
	case x > 0:
		return "+" + strconv.FormatFloat(x, 'g', 3, 64)
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// QuietText says that the net already gets the pass's input right and
// how little the update moves, "" when it does not get it right.
func QuietText(m *model.Model) string {
	bt := m.Stepper.Batch
	if bt == nil || !bt.Correct(0) {
		return ""
	}
	t := bt.Labels[0]
	return fmt.Sprintf(m.Words().QuietRight, t, sig(bt.Y[t]), sig(-math.Log(bt.Y[t]+1e-7)), signed(bt.LossAfter-bt.Loss))
}

// BatchText says what a batch pass shows, "" for one image.
func BatchText(m *model.Model) string {
	bt := m.Stepper.Batch
	if bt == nil || bt.N < 2 {
		return ""
	}
	return fmt.Sprintf(m.Words().BatchNote, bt.N, bt.N-1, bt.N, bt.N)
}
