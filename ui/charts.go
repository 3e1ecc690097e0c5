package ui

import (
	"bytes"
	"fmt"
	"html"
	"math"
	"strconv"
	"unicode"

	"github.com/backprop-lab/backprop-lab/wire"
)

// Okabe-Ito colours: distinguishable with every common colour-vision deficiency.
const (
	colBlue   = "#0072B2"
	colOrange = "#D55E00"
	colSky    = "#56B4E9"
)

// plot is the frame of a line chart: data ranges and the pixel box. It
// writes to b, and keeps the arrays it computes in sc.
type plot struct {
	w, h                  float64 // SVG size
	left, right, top, bot float64 // margins
	x0, x1, y0, y1        float64 // data ranges
	b                     *bytes.Buffer
	sc                    *chartScratch
}

// chartScratch is memory for the charts' computed arrays, kept from one
// drawing to the next: the page draws its charts several times a second
// while training.
type chartScratch struct {
	xs, ys, smooth []float64 // a line's points
	tx, ty         []float64 // the points that thin keeps
}

// newPlot returns a plot of the page's chart size that writes to b.
func newPlot(b *bytes.Buffer, sc *chartScratch) *plot {
	return &plot{w: 440, h: 230, left: 44, right: 10, top: 8, bot: 34, b: b, sc: sc}
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

func (p *plot) open(title, xlabel, ylabel string) {
	fmt.Fprintf(p.b, `<svg viewBox="0 0 %g %g" role="img" aria-label="%s" class="chart">`, p.w, p.h, html.EscapeString(title))
	// grid and ticks
	ys := niceStep(p.y1-p.y0, 4)
	for y := math.Ceil(p.y0/ys) * ys; y <= p.y1+ys*1e-9; y += ys {
		fmt.Fprintf(p.b, `<line class="grid" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.w-p.right, p.py(y), p.py(y))
		fmt.Fprintf(p.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="end">%s</text>`, p.left-4, p.py(y)+4, fmtTick(y, ys))
	}
	xs := niceStep(p.x1-p.x0, 5)
	for x := math.Ceil(p.x0/xs) * xs; x <= p.x1+xs*1e-9; x += xs {
		fmt.Fprintf(p.b, `<text class="tick" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, p.px(x), p.h-p.bot+14, fmtTick(x, xs))
	}
	fmt.Fprintf(p.b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.w-p.right, p.h-p.bot, p.h-p.bot)
	fmt.Fprintf(p.b, `<line class="axis" x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f"/>`, p.left, p.left, p.top, p.h-p.bot)
	fmt.Fprintf(p.b, `<text class="label" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, (p.left+p.w-p.right)/2, p.h-2, html.EscapeString(xlabel))
	fmt.Fprintf(p.b, `<text class="label" transform="translate(11 %.1f) rotate(-90)" text-anchor="middle">%s</text>`, (p.top+p.h-p.bot)/2, html.EscapeString(ylabel))
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
	p.b.WriteString(`<polyline fill="none" stroke="` + colour + `" stroke-width="` + fmt.Sprint(width) + `" stroke-linejoin="round" points="`)
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

func (p *plot) legend(items ...[2]string) {
	x := p.w - p.right - 8
	for i := len(items) - 1; i >= 0; i-- {
		it := items[i]
		x -= textWidth(it[1]) + 28
		fmt.Fprintf(p.b, `<line x1="%.1f" x2="%.1f" y1="%.1f" y2="%.1f" stroke="%s" stroke-width="3"/>`, x, x+14, p.top+8, p.top+8, it[0])
		fmt.Fprintf(p.b, `<text class="legend" x="%.1f" y="%.1f">%s</text>`, x+18, p.top+12, html.EscapeString(it[1]))
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

// writeLossChart writes the SVG of the mini-batch loss per iteration and its
// smoothed line to b.
func writeLossChart(b *bytes.Buffer, sc *chartScratch, s *LossSeries, lbl *labels) {
	p := newPlot(b, sc)
	n := s.Iters()
	p.x0, p.x1 = 0, math.Max(float64(n), 10)
	p.y0, p.y1 = 0, 2.5
	for _, v := range s.Pts {
		if v > p.y1 && !math.IsInf(v, 0) {
			p.y1 = math.Ceil(v*2) / 2
		}
	}
	p.y1 = math.Min(p.y1, 20)
	p.open(lbl.LossChart, lbl.Iteration, lbl.Loss)
	xs := sc.xs[:0]
	for i := range s.Pts {
		xs = append(xs, float64((i+1)*s.Per)-float64(s.Per-1)/2)
	}
	sc.xs, sc.smooth = xs, s.Smoothed(sc.smooth)
	p.line(xs, s.Pts, colSky, 1, false)
	p.line(xs, sc.smooth, colBlue, 2.2, false)
	p.legend([2]string{colSky, lbl.PerBatch(s.Per)}, [2]string{colBlue, lbl.Smoothed})
	p.close()
}

// writeAccChart writes the SVG of train and test accuracy per epoch to b.
func writeAccChart(b *bytes.Buffer, sc *chartScratch, epochs []wire.EpochStats, lbl *labels) {
	p := newPlot(b, sc)
	last := 0
	if len(epochs) > 0 {
		last = epochs[len(epochs)-1].Epoch
	}
	p.x0, p.x1 = 0, math.Max(float64(last), 5)
	lo := 1.0
	for _, e := range epochs {
		lo = math.Min(lo, math.Min(e.TrainAcc, e.TestAcc))
	}
	p.y0, p.y1 = math.Max(0, math.Floor((lo-0.02)*10)/10), 1
	if len(epochs) == 0 {
		p.y0 = 0
	}
	p.open(lbl.AccChart, lbl.Epoch, lbl.Accuracy)
	xs := make([]float64, len(epochs))
	tr := make([]float64, len(epochs))
	te := make([]float64, len(epochs))
	for i, e := range epochs {
		xs[i], tr[i], te[i] = float64(e.Epoch), e.TrainAcc, e.TestAcc
	}
	p.line(xs, tr, colOrange, 2, true)
	p.line(xs, te, colBlue, 2, true)
	p.legend([2]string{colOrange, lbl.TrainAcc}, [2]string{colBlue, lbl.TestAcc})
	p.close()
}
