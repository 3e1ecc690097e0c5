package markup

import (
	"bytes"
	"fmt"
	"slices"

	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
)

// MineResult says what the last step on the learner's digit did.
func MineResult(m *model.Model) string {
	l := m.Mine.Last
	if l == nil || len(l.Before) <= l.Label || len(l.After) <= l.Label {
		return ""
	}
	pred := slices.Index(l.After, slices.Max(l.After))
	return fmt.Sprintf(m.Words().MineResult, m.Mine.Steps, l.Label,
		sig(float64(l.LossBefore)), sig(float64(l.LossAfter)),
		sig(float64(l.Before[l.Label])), sig(float64(l.After[l.Label])), pred)
}

// MineAcc says how the net does on the learner's digits, and when it was
// measured.
func MineAcc(m *model.Model) string {
	e := &m.Mine.Eval
	n := len(m.Mine.Digits)
	if e.Matrix == nil || n == 0 {
		return ""
	}
	s := fmt.Sprintf(m.Words().MineAcc, e.Right, n, Num(100*float64(e.Right)/float64(n), 0)+"%", e.Iter)
	if m.Run.Training() {
		s += " " + m.Words().MineAccStale
	}
	return s
}

// writeMineConfusion writes the confusion matrix of the learner's digits:
// a row per label that has digits.
func writeMineConfusion(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	c := m.Mine.Eval.Matrix
	if c == nil || c.Total == 0 {
		return
	}
	w := m.Words()
	fmt.Fprintf(b, `<table class="confusion mine-matrix" data-testid="my-confusion"><caption>%s</caption><thead><tr><th scope="col" class="corner">%s</th>`,
		esc(w.MineConfCaption), esc(w.MineConfCorner))
	for p := range model.Classes {
		fmt.Fprintf(b, `<th scope="col">%d</th>`, p)
	}
	fmt.Fprintf(b, `<th scope="col" class="rowacc-h"><span class="long">%s</span><span class="short">%s</span></th></tr></thead><tbody>`, esc(w.ConfAcc), esc(w.ConfAccShort))
	for t := range model.Classes {
		n := c.Row(t)
		if n == 0 {
			continue
		}
		fmt.Fprintf(b, `<tr><th scope="row">%d</th>`, t)
		for p := range model.Classes {
			cls := "cell"
			if t == p {
				cls += " diag"
			}
			v := c.Counts[t][p]
			r, g, bl := viz.Sequential(float64(v)/float64(n), 1)
			fmt.Fprintf(b, `<td class="%s" data-true="%d" data-pred="%d" style="background-color: rgb(%d,%d,%d); color: %s">%d</td>`, cls, t, p, r, g, bl, Ink(r, g, bl), v)
		}
		fmt.Fprintf(b, `<td class="rowacc">%s</td></tr>`, Num(c.RowAcc(t), 3))
	}
	b.WriteString(`</tbody></table>`)
}
