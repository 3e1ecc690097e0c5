// Package markup holds the page's pure writers: from the model's state to
// the bytes of a chart, a legend, a table or a picture. Nothing here
// touches the browser; package ui/dom puts what these functions make into
// the page, and Views lists which of them draws which part.
package markup

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/viz"
)

// esc escapes s for HTML text and attribute values.
func esc(s string) string { return html.EscapeString(s) }

// Num formats a readout with digits decimals, "" for NaN (no value yet).
// A value that rounds to zero is written without a minus sign.
func Num(v float64, digits int) string {
	if math.IsNaN(v) {
		return ""
	}
	s := strconv.FormatFloat(v, 'f', digits, 64)
	if s[0] == '-' && strconv.FormatFloat(-v, 'f', digits, 64) == s[1:] && isZeroText(s[1:]) {
		return s[1:]
	}
	return s
}

// isZeroText reports whether a formatted number has only zero digits.
func isZeroText(s string) bool {
	for _, r := range s {
		if r >= '1' && r <= '9' {
			return false
		}
	}
	return true
}

// Legend writes the markup of a diverging colour legend for ±scale, for
// the values of what.
func Legend(b *bytes.Buffer, w *i18n.Words, scale float64, what string) {
	stops := viz.LegendStops(scale, 9)
	if stops == nil {
		b.WriteString(`<div class="legend"><span class="legend-note">` + esc(fmt.Sprintf(w.LegendZero, what)) + `</span></div>`)
		return
	}
	fmt.Fprintf(b, `<div class="legend" role="img" aria-label="%s">`+
		`<span class="legend-lo">%.3g</span><span class="legend-bar" style="background: linear-gradient(to right, `,
		esc(fmt.Sprintf(w.LegendAria, what, -scale, scale)), -scale)
	for i, s := range stops {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s %.1f%%", s.Color, 100*s.Offset)
	}
	fmt.Fprintf(b, `)"></span><span class="legend-hi">%.3g</span><span class="legend-note">%s</span></div>`,
		scale, esc(fmt.Sprintf(w.LegendNote, what)))
}

// Bars writes values as bars around a zero line (b1, b2, db1, db2, and the
// stepper's vectors), coloured by the diverging palette, with the selected
// index outlined.
func Bars(b *bytes.Buffer, w *i18n.Words, values []float64, label string, selected int) {
	entryBars(b, w, values, label, selected, "")
}

// entryBars is Bars whose bars are entries of the stepper's tensor (their
// data-tensor and data-index "0,j": the input's row), "" for none.
func entryBars(b *bytes.Buffer, w *i18n.Words, values []float64, label string, selected int, tensor string) {
	n := len(values)
	if n == 0 {
		return
	}
	scale, hi, lo, left := barScale(values)
	const width, h, font = barsWidth, 84.0, barsFont
	bw := (width - left) / float64(n)
	fmt.Fprintf(b, `<svg viewBox="0 0 %g %g" class="bars" role="img" aria-label="%s">`, width, h, esc(fmt.Sprintf(w.BarsAria, label, n, viz.Scale(values))))
	mid := h / 2
	fmt.Fprintf(b, `<line x1="%g" x2="%g" y1="%g" y2="%g" stroke="#8a93a3" stroke-width="0.6"/>`, left-2, width, mid, mid)
	fmt.Fprintf(b, `<text x="%g" y="%g" class="tick" text-anchor="end">%s</text><text x="%g" y="%g" class="tick" text-anchor="end">%s</text>`,
		left-4, font, hi, left-4, h-0.3*font, lo) // the low label's descenders stay inside too
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		r, g, bl := viz.Diverging(v, scale)
		bh := math.Min(math.Abs(v)/scale, 1) * (mid - 5)
		y := mid - bh
		if v < 0 {
			y = mid
		}
		stroke := ""
		if i == selected {
			stroke = ` stroke="#000" stroke-width="1.2"`
		}
		entry := ""
		if tensor != "" {
			entry = fmt.Sprintf(` data-tensor="%s" data-index="0,%d"`, tensor, i)
		}
		fmt.Fprintf(b, `<rect data-unit="%d"%s x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#%02x%02x%02x"%s><title>%s[%d] = %.5g</title></rect>`,
			i, entry, left+float64(i)*bw, y, math.Max(bw-1, 1), math.Max(bh, 0.5), r, g, bl, stroke, esc(label), i, v)
	}
	b.WriteString(`</svg>`)
}

const barsWidth, barsFont = 440.0, 14.0

// barScale is the scale of bars of values, its labels and the bars' left
// edge, right of the labels.
func barScale(values []float64) (scale float64, hi, lo string, left float64) {
	scale = viz.Scale(values)
	if scale == 0 {
		scale = 1
	}
	// The scale's labels sit left of the bars, inside the picture, in a
	// font that stays readable when a phone shrinks the picture.
	hi, lo = strconv.FormatFloat(scale, 'g', 2, 64), strconv.FormatFloat(-scale, 'g', 2, 64)
	left = math.Ceil(math.Max(labelWidth(hi, barsFont), labelWidth(lo, barsFont))) + 8
	return scale, hi, lo, left
}

// maskStrip writes ReLU's mask as a strip under bars of values (the same
// columns): light where the unit was on, dark where masked.
func maskStrip(b *bytes.Buffer, mask []bool, values []float64, aria string) {
	_, _, _, left := barScale(values)
	bw := (barsWidth - left) / float64(len(mask))
	fmt.Fprintf(b, `<svg viewBox="0 0 %g 14" class="bars rb-mask" role="img" aria-label="%s">`, barsWidth, esc(aria))
	for j, off := range mask {
		fill := "#9ecae1"
		if off {
			fill = "#3b4355"
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="1" width="%.1f" height="12" fill="%s"/>`, left+float64(j)*bw, math.Max(bw-1, 1), fill)
	}
	b.WriteString(`</svg>`)
}

// VecTable writes a short vector's values (10 scores, probabilities, dout):
// a row of indexes k and a row of values, which a narrow screen shows as
// two columns instead (style.css).
func VecTable(b *bytes.Buffer, name string, v []float64, mark int) {
	VecRows(b, mark, VecRow{Name: name, V: v})
}

// VecRow is a named row of a vector table; Signed rows are changes, shown
// with their sign.
type VecRow struct {
	Name   string
	V      []float64
	Signed bool
	Tensor string // the stepper's tensor whose row 0 the row is, "" for none
}

// VecRows writes vectors of one length as one table, a column per index k
// (so that the rows line up), marking column mark.
func VecRows(b *bytes.Buffer, mark int, rows ...VecRow) {
	fmt.Fprintf(b, `<table class="vec" style="--vec-rows: %d"><tr><th scope="row">k</th>`, len(rows[0].V)+1)
	for k := range rows[0].V {
		fmt.Fprintf(b, "<td>%d</td>", k)
	}
	for _, r := range rows {
		fmt.Fprintf(b, `</tr><tr><th scope="row">%s</th>`, esc(r.Name))
		for k, x := range r.V {
			cls := ""
			if k == mark {
				cls = ` class="mark"`
			}
			if r.Tensor != "" {
				cls += fmt.Sprintf(` data-tensor="%s" data-index="0,%d"`, r.Tensor, k)
			}
			switch {
			case r.Signed:
				fmt.Fprintf(b, "<td%s>%s</td>", cls, signed(x))
			default:
				fmt.Fprintf(b, "<td%s>%.4g</td>", cls, x+0) // +0 turns -0 into 0
			}
		}
	}
	b.WriteString("</tr></table>")
}

// Ink is the text colour that reads best on the background r, g, b: dark
// (black) or white, whichever has the higher contrast (WCAG 2's ratio).
func Ink(r, g, b uint8) string {
	bg := luminance(r, g, b)
	dark := 0.0
	if Contrast(bg, dark) >= Contrast(bg, 1) {
		return "#000"
	}
	return "#fff"
}

// luminance is WCAG 2's relative luminance of an sRGB colour.
func luminance(r, g, b uint8) float64 {
	lin := func(c uint8) float64 {
		v := float64(c) / 255
		if v <= 0.04045 {
			return v / 12.92
		}
		return math.Pow((v+0.055)/1.055, 2.4)
	}
	return 0.2126*lin(r) + 0.7152*lin(g) + 0.0722*lin(b)
}

// Contrast is WCAG 2's contrast ratio of two relative luminances.
func Contrast(l1, l2 float64) float64 {
	if l1 < l2 {
		l1, l2 = l2, l1
	}
	return (l1 + 0.05) / (l2 + 0.05)
}
