package markup

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"strings"
	"unicode"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
const (
	colBlue   = "#0072B2"
	colOrange = "#D55E00"
	colSky    = "#56B4E9"
	colGreen  = "#009E73"
	colGrey   = "#555555"
)

// plot is the frame of a line chart: data ranges and the pixel box. It
// writes to b, and keeps the arrays it computes in sc.
type plot struct {
	w, h                  float64 // SVG size
	left, right, top, bot float64 // margins
	x0, x1, y0, y1        float64 // data ranges
	b                     *bytes.Buffer
	sc                    *Scratch
	dashed                bool // lines drawn now are dashed
}

// Scratch is memory for the charts' computed arrays, kept from one
// drawing to the next: the page draws its charts several times a second
// while training.
type Scratch struct {
	xs, ys, smooth []float64 // a line's points
	tx, ty         []float64 // the points that thin keeps
	t              []float64 // a transposed matrix
	gc             []float64 // a gradient check map on its log scale
}

// newPlot returns a plot of the page's chart size that writes to b.
func newPlot(b *bytes.Buffer, sc *Scratch) *plot {
	return &plot{w: 440, h: 236, left: 44, right: 12, top: 8, bot: 40, b: b, sc: sc}
}

func (p *plot) px(x float64) float64 {
	return p.left + (x-p.x0)/(p.x1-p.x0)*(p.w-p.left-p.right)
}

func (p *plot) py(y float64) float64 {
	return p.h - p.bot - (y-p.y0)/(p.y1-p.y0)*(p.h-p.top-p.bot)
}

// niceStep returns a round tick step (1, 2 or 5 times a power of ten) that
// divides span into about n parts.
func niceStep(span float64, n int) float64 {
	if span <= 0 || math.IsNaN(span) || math.IsInf(span, 0) {
		return 1
	}
	raw := span / float64(n)
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

func fmtTick(v, step float64) string {
	if step >= 1 {
		return fmt.Sprintf("%.0f", v)
	}
	d := int(math.Ceil(-math.Log10(step)))
	return fmt.Sprintf("%.*f", d, v)
}

// Font sizes of the charts' text in SVG units (style.css sets the same).
const (
	tickFont  = 12
	labelFont = 13
)

// digitWidth is the advance of a digit, a minus or a point of the charts'
// sans-serif faces, as a fraction of the font size: a little wider than
// the widest common face's, so that an estimated label is never longer than
// the drawn one.
const digitWidth = 0.62

// labelWidth estimates the drawn width of a tick label of font size size.
func labelWidth(s string, size float64) float64 { return float64(len([]rune(s))) * digitWidth * size }

// placeX returns where and how to anchor a label of width w centred at x,
// moved in so that it stays inside [0, width].
func placeX(x, w, width float64) (float64, string) {
	switch {
	case x+w/2 > width-1:
		return width - 1, "end"
	case x-w/2 < 1:
		return 1, "start"
	}
	return x, "middle"
}

func (p *plot) open(title, xlabel, ylabel string) {
	ys := niceStep(p.y1-p.y0, 4)
	var yt []float64
	widest := 0.0
	for y := math.Ceil(p.y0/ys) * ys; y <= p.y1+ys*1e-9; y += ys {
		yt = append(yt, y)
		widest = math.Max(widest, labelWidth(fmtTick(y, ys), tickFont))
	}
	// The axis title, rotated, takes the first labelFont+4 units; the
	// tick labels end 4 units before the axis.
	p.left = math.Max(p.left, labelFont+6+widest+4)
	fmt.Fprintf(p.b, `<svg viewBox="0 0 %g %g" role="img" aria-label="%s" class="chart">`, p.w, p.h, html.EscapeString(title))
	for _, y := range yt {
		fmt.Fprintf(p.b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.w-p.right, p.py(y), p.py(y))
		fmt.Fprintf(p.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, p.left-4, p.py(y)+4, fmtTick(y, ys))
	}
	xs := niceStep(p.x1-p.x0, 5)
	for x := math.Ceil(p.x0/xs) * xs; x <= p.x1+xs*1e-9; x += xs {
		t := fmtTick(x, xs)
		at, anchor := placeX(p.px(x), labelWidth(t, tickFont), p.w)
		fmt.Fprintf(p.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="%s">%s</text>`, at, p.h-p.bot+15, anchor, t)
	}
	fmt.Fprintf(p.b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.w-p.right, p.h-p.bot, p.h-p.bot)
	fmt.Fprintf(p.b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.left, p.top, p.h-p.bot)
	fmt.Fprintf(p.b, `<text class="label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, (p.left+p.w-p.right)/2, p.h-4, html.EscapeString(xlabel))
	fmt.Fprintf(p.b, `<text class="label" transform="translate(%d %.1f) rotate(-90)" text-anchor="middle">%s</text>`, labelFont+2, (p.top+p.h-p.bot)/2, html.EscapeString(ylabel))
}

// maxLinePoints bounds the points of one drawn line: more than two per
// pixel column add nothing to see but cost the page parsing time.
const maxLinePoints = 600

// thin keeps, for each of about maxLinePoints/2 buckets of the points, the
// lowest and the highest (in their order), so the line's envelope and its
// noise stay visible while the drawing stays small. It returns the kept
// points in ox's and oy's memory if they are large enough.
func thin(xs, ys, ox, oy []float64) ([]float64, []float64) {
	if len(ys) <= maxLinePoints {
		return xs, ys
	}
	buckets := maxLinePoints / 2
	ox, oy = ox[:0], oy[:0]
	for b := range buckets {
		lo, hi := b*len(ys)/buckets, (b+1)*len(ys)/buckets
		mn, mx := lo, lo
		for i := lo; i < hi; i++ {
			if ys[i] < ys[mn] {
				mn = i
			}
			if ys[i] > ys[mx] {
				mx = i
			}
		}
		first, second := min(mn, mx), max(mn, mx)
		ox, oy = append(ox, xs[first]), append(oy, ys[first])
		if second != first {
			ox, oy = append(ox, xs[second]), append(oy, ys[second])
		}
	}
	return ox, oy
}

func (p *plot) line(xs, ys []float64, colour string, width float64, dots bool) {
	if len(ys) == 0 {
		return
	}
	if len(ys) > maxLinePoints {
		p.sc.tx, p.sc.ty = thin(xs, ys, p.sc.tx, p.sc.ty)
		xs, ys = p.sc.tx, p.sc.ty
	}
	p.b.WriteString(`<polyline fill="none" stroke="` + colour + `" stroke-width="` + fmt.Sprint(width) + `" stroke-linejoin="round"`)
	if p.dashed {
		p.b.WriteString(` stroke-dasharray="5 4"`)
	}
	p.b.WriteString(` points="`)
	var num []byte
	for i, y := range ys {
		num = strconv.AppendFloat(num[:0], p.px(xs[i]), 'f', 1, 64)
		num = append(num, ',')
		num = strconv.AppendFloat(num, p.py(math.Min(math.Max(y, p.y0), p.y1)), 'f', 1, 64)
		num = append(num, ' ')
		p.b.Write(num)
	}
	p.b.WriteString(`"/>`)
	if dots && len(ys) <= 60 {
		for i, y := range ys {
			fmt.Fprintf(p.b, `<circle cx="%.1f" cy="%.1f" r="2.5" fill="%s"/>`, p.px(xs[i]), p.py(y), colour)
		}
	}
}

// dashedKey as a legend item's colour draws a grey dashed key.
const dashedKey = "dashed"

// legend writes the items right-aligned at the top of the plot, in rows
// that fit its width, in order; with above, in the margin above the plot
// (which newPlot's caller widened by legendRow per row).
func (p *plot) legend(items ...[2]string) {
	p.legendAt(false, items...)
}

// legendRow is the height of a row of the legend.
const legendRow = 16.0

func (p *plot) legendAt(above bool, items ...[2]string) {
	var rows [][][2]string
	avail := p.w - p.right - 8 - p.left
	wd := 0.0
	for _, it := range items {
		w := textWidth(it[1]) + 28
		if len(rows) == 0 || wd+w > avail {
			rows, wd = append(rows, nil), 0
		}
		rows[len(rows)-1] = append(rows[len(rows)-1], it)
		wd += w
	}
	y := p.top + 8
	if above {
		y = p.top - float64(len(rows))*legendRow + 2
	}
	for _, row := range rows {
		x := p.w - p.right - 8
		for i := len(row) - 1; i >= 0; i-- {
			it := row[i]
			x -= textWidth(it[1]) + 28
			if it[0] == dashedKey {
				fmt.Fprintf(p.b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2" stroke-dasharray="5 4"/>`, x, x+14, y, y, colGrey)
			} else {
				fmt.Fprintf(p.b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, x, x+14, y, y, it[0])
			}
			fmt.Fprintf(p.b, `<text class="legend" x="%.1f" y="%.1f">%s</text>`, x+18, y+4, html.EscapeString(it[1]))
		}
		y += legendRow
	}
}

// textWidth estimates the width of s in the legend's 11.5 px font: about
// 6.2 px for a Latin letter or digit, 11.5 px for a Hangul syllable or
// another wide character.
func textWidth(s string) float64 {
	w := 0.0
	for _, r := range s {
		if r >= 0x1100 && unicode.In(r, unicode.Hangul, unicode.Han) {
			w += 11.5
		} else {
			w += 6.2
		}
	}
	return w
}

func (p *plot) close() {
	p.b.WriteString(`</svg>`)
}

// LossChart writes the SVG of the mini-batch loss per iteration and its
// smoothed line, against the true iteration; mark, if not -1, is the
// iteration the timeline shows, marked with a line.
func LossChart(b *bytes.Buffer, sc *Scratch, s *model.LossSeries, mark int, w *i18n.Words) {
	p := newPlot(b, sc)
	p.x0, p.x1 = float64(s.Start), math.Max(float64(s.Last()), float64(s.Start)+10)
	if len(s.Pts) == 0 && s.Start > 0 {
		// A net that arrived trained: its axis spans the iterations it
		// had, whose losses the page never saw.
		p.x0, p.x1 = 0, float64(s.Start)
	}
	p.y0, p.y1 = 0, 2.5
	for _, v := range s.Pts {
		if v > p.y1 && !math.IsInf(v, 0) {
			p.y1 = math.Ceil(v*2) / 2
		}
	}
	p.y1 = math.Min(p.y1, 20)
	p.open(w.LossChart, w.Iteration, w.Loss)
	xs := sc.xs[:0]
	for i := range s.Pts {
		xs = append(xs, s.X(i))
	}
	sc.xs, sc.smooth = xs, s.Smoothed(sc.smooth)
	p.line(xs, s.Pts, colSky, 1, false)
	p.line(xs, sc.smooth, colBlue, 2.2, false)
	if mark >= 0 {
		x := p.px(math.Min(math.Max(float64(mark), p.x0), p.x1))
		fmt.Fprintf(p.b, `<line class="mark" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="2"/>`, x, x, p.top, p.h-p.bot, colOrange)
	}
	if len(s.Pts) == 0 {
		// Say why the chart is empty, in the plot's middle.
		lines := w.LossNoneNew
		if s.Start > 0 {
			lines = fmt.Sprintf(w.LossNoneLoaded, s.Start)
		}
		p.note(strings.Split(lines, "\n")...)
	} else {
		p.legend([2]string{colSky, w.PerBatch(s.Per)}, [2]string{colBlue, w.Smoothed})
	}
	p.close()
}

// note writes lines of text in the middle of the plot's area.
func (p *plot) note(lines ...string) {
	mid := (p.left + p.w - p.right) / 2
	y := (p.top+p.h-p.bot)/2 - float64(len(lines)-1)*9
	for _, l := range lines {
		fmt.Fprintf(p.b, `<text class="note" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, mid, y, html.EscapeString(l))
		y += 18
	}
}

// AccChart writes the SVG of train and test accuracy per epoch, after
// prior's, a loaded file's figures on its own data, drawn dashed. Points
// whose epoch is not known are left out.
func AccChart(b *bytes.Buffer, sc *Scratch, epochs, prior []wire.EpochStats, w *i18n.Words) {
	p := newPlot(b, sc)
	last, lo, n := 0.0, 1.0, 0
	for _, h := range [2][]wire.EpochStats{prior, epochs} {
		for _, e := range h {
			if at := float64(e.At); !math.IsNaN(at) {
				last = math.Max(last, at)
				lo = math.Min(lo, math.Min(float64(e.TrainAcc), float64(e.TestAcc)))
				n++
			}
		}
	}
	p.x0, p.x1 = 0, math.Max(math.Ceil(last), 5)
	p.y0, p.y1 = math.Max(0, math.Floor((lo-0.02)*10)/10), 1
	if n == 0 {
		p.y0 = 0
	}
	if len(prior) > 0 {
		p.top += 2 * legendRow // the legend's two rows, above the lines near 1
	}
	p.open(w.AccChart, w.Epoch, w.Accuracy)
	for i, h := range [2][]wire.EpochStats{prior, epochs} {
		xs := sc.xs[:0]
		tr, te := sc.ys[:0], sc.smooth[:0]
		for _, e := range h {
			if at := float64(e.At); !math.IsNaN(at) {
				xs, tr, te = append(xs, at), append(tr, float64(e.TrainAcc)), append(te, float64(e.TestAcc))
			}
		}
		sc.xs, sc.ys, sc.smooth = xs, tr, te
		p.dashed = i == 0
		p.line(xs, tr, colOrange, 2, true)
		p.line(xs, te, colBlue, 2, true)
	}
	p.dashed = false
	items := [][2]string{{colOrange, w.TrainAcc}, {colBlue, w.TestAcc}}
	if len(prior) > 0 {
		items = append(items, [2]string{dashedKey, w.AccPrior})
	}
	p.legendAt(len(prior) > 0, items...)
	p.close()
}

var normNames = [4]string{"dW1", "db1", "dW2", "db2"}
var normColours = [4]string{colBlue, colSky, colOrange, colGreen}

// NormChart writes the SVG of each parameter's gradient norm over the
// iterations on a log scale; iter is the net's iteration, the axis's end
// while there are no norms.
func NormChart(b *bytes.Buffer, sc *Scratch, s *model.NormSeries, iter int, w *i18n.Words) {
	p := newPlot(b, sc)
	lo, hi := math.Inf(1), math.Inf(-1)
	maxIter := 10
	if len(s.Pts) == 0 {
		maxIter = max(maxIter, iter)
	}
	minIter := -1
	for _, pt := range s.Pts {
		maxIter = max(maxIter, pt.Iter)
		if minIter < 0 {
			minIter = pt.Iter
		}
		for _, v := range pt.V {
			if v > 0 && !math.IsInf(v, 0) {
				l := math.Log10(v)
				lo, hi = math.Min(lo, l), math.Max(hi, l)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = -4, 0
	}
	p.x0, p.x1 = 0, float64(maxIter)
	if minIter > 0 && maxIter > minIter {
		p.x0 = float64(minIter - 1)
	}
	p.y0, p.y1 = math.Floor(lo), math.Ceil(hi)
	if p.y1-p.y0 < 1 {
		p.y1 = p.y0 + 1
	}
	p.open(w.NormChart, w.Iteration, w.NormAxis)
	for k := range 4 {
		xs, ys := sc.xs[:0], sc.ys[:0]
		for _, pt := range s.Pts {
			if v := pt.V[k]; v > 0 && !math.IsInf(v, 0) {
				xs = append(xs, float64(pt.Iter))
				ys = append(ys, math.Log10(v))
			}
		}
		sc.xs, sc.ys = xs, ys
		p.line(xs, ys, normColours[k], 1.6, false)
	}
	if len(s.Pts) == 0 {
		lines := w.NormNoneNew
		if iter > 0 {
			lines = fmt.Sprintf(w.NormNoneLoaded, iter)
		}
		p.note(strings.Split(lines, "\n")...)
		p.close()
		return
	}
	var items [][2]string
	for k := range 4 {
		items = append(items, [2]string{normColours[k], normNames[k]})
	}
	p.legend(items...)
	p.close()
}

// NormText reads out the last norms.
func NormText(s *model.NormSeries, w *i18n.Words) string {
	pt, ok := s.Last()
	if !ok {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, w.NormAt, pt.Iter)
	for k, v := range pt.V {
		fmt.Fprintf(&b, " ‖%s‖ = %.3g", normNames[k], v)
	}
	return b.String()
}
