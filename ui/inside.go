package ui

import (
	"bytes"
	"fmt"
	"html"
	"math"

	"github.com/backprop-lab/backprop-lab/viz"
	"github.com/vugu/vugu"
)

// Snapshot is the trainer's last weights and mini-batch gradient, as sent.
type Snapshot struct {
	W1, B1, W2, B2, DW1, DB1, DW2, DB2 []float64
	Hidden                             int
}

func snapshotOf(get func(string) []float64) *Snapshot {
	s := &Snapshot{W1: get("W1"), B1: get("b1"), W2: get("W2"), B2: get("b2"),
		DW1: get("dW1"), DB1: get("db1"), DW2: get("dW2"), DB2: get("db2")}
	s.Hidden = len(s.B1)
	if s.Hidden == 0 || len(s.W1) != 784*s.Hidden || len(s.W2) != s.Hidden*10 || len(s.B2) != 10 ||
		len(s.DW1) != len(s.W1) || len(s.DB1) != s.Hidden || len(s.DW2) != len(s.W2) || len(s.DB2) != 10 {
		return nil
	}
	return s
}

// Tile geometry of the W1 and dW1 views: one 28×28 tile per hidden unit,
// ten to a row, one pixel apart.
const (
	tilesPerRow = 10
	tileGap     = 1
	w2Cell      = 8 // pixels per W2 entry
)

// Inside draws the live views of the weights and gradients.
type Inside struct {
	W1, W2, DW1, DW2 CanvasView
	layout           viz.TileLayout
	buf              [4][]byte
	scales           [4]float64 // W1, W2, dW1, dW2
	app              *App
}

func newInside(a *App) *Inside {
	in := &Inside{app: a}
	in.W1 = CanvasView{TestID: "weights-w1"}
	in.W2 = CanvasView{TestID: "weights-w2"}
	in.DW1 = CanvasView{TestID: "gradients-w1"}
	in.DW2 = CanvasView{TestID: "gradients-w2"}
	in.W1.Describe = func(x, y int) string {
		return in.describeTiles(x, y, "W1", func(s *Snapshot) []float64 { return s.W1 })
	}
	in.DW1.Describe = func(x, y int) string {
		return in.describeTiles(x, y, "dW1", func(s *Snapshot) []float64 { return s.DW1 })
	}
	in.W2.Describe = func(x, y int) string { return in.describeW2(x, y, "W2", func(s *Snapshot) []float64 { return s.W2 }) }
	in.DW2.Describe = func(x, y int) string { return in.describeW2(x, y, "dW2", func(s *Snapshot) []float64 { return s.DW2 }) }
	clickTile := func(x, y int) {
		if j, _, _, ok := in.layout.TileAt(x, y); ok {
			a.selectUnit(j)
		}
	}
	clickW2 := func(x, y int) {
		if s := a.Snap; s != nil {
			if _, c, ok := viz.CellAt(x, y, 10, s.Hidden, w2Cell); ok {
				a.selectUnit(c)
			}
		}
	}
	in.W1.Click, in.DW1.Click, in.W2.Click, in.DW2.Click = clickTile, clickTile, clickW2, clickW2
	return in
}

func (in *Inside) describeTiles(x, y int, name string, m func(*Snapshot) []float64) string {
	s := in.app.Snap
	if s == nil {
		return ""
	}
	j, r, c, ok := in.layout.TileAt(x, y)
	if !ok {
		return ""
	}
	i := r*28 + c
	return fmt.Sprintf(in.app.L.DescTile, name, i, j, m(s)[i*s.Hidden+j], j, r, c)
}

func (in *Inside) describeW2(x, y int, name string, m func(*Snapshot) []float64) string {
	s := in.app.Snap
	if s == nil {
		return ""
	}
	k, j, ok := viz.CellAt(x, y, 10, s.Hidden, w2Cell)
	if !ok {
		return ""
	}
	return fmt.Sprintf(in.app.L.DescW2, name, j, k, m(s)[j*10+k], j, k)
}

// transpose returns the rows×cols matrix m as cols×rows, into dst.
func transpose(dst, m []float64, rows, cols int) []float64 {
	dst = append(dst[:0], make([]float64, len(m))...)
	for r := range rows {
		for c := range cols {
			dst[c*rows+r] = m[r*cols+c]
		}
	}
	return dst
}

// Paint redraws every view from the app's snapshot.
func (in *Inside) Paint() {
	s := in.app.Snap
	if s == nil {
		return
	}
	if in.layout.Cols != s.Hidden {
		l, err := viz.NewTileLayout(784, s.Hidden, 28, 28, tilesPerRow, tileGap)
		if err != nil {
			return
		}
		in.layout = l
	}
	var t []float64
	for i, v := range []struct {
		view *CanvasView
		m    []float64
	}{{&in.W1, s.W1}, {&in.W2, s.W2}, {&in.DW1, s.DW1}, {&in.DW2, s.DW2}} {
		in.scales[i] = viz.Scale(v.m)
		var img []byte
		var w, h int
		var err error
		if i%2 == 0 {
			img, err = in.layout.Draw(in.buf[i], v.m, in.scales[i])
			w, h = in.layout.Size()
		} else {
			t = transpose(t, v.m, s.Hidden, 10)
			img, w, h, err = viz.Heatmap(in.buf[i], t, 10, s.Hidden, w2Cell, in.scales[i], true)
		}
		if err != nil {
			continue
		}
		in.buf[i] = img
		v.view.Paint(img, w, h)
		if j := in.app.Unit; j >= 0 && j < s.Hidden {
			if i%2 == 0 {
				x, y := in.layout.Origin(j)
				v.view.Outline(x, y, 28, 28)
			} else {
				v.view.Outline(j*w2Cell, 0, w2Cell, 10*w2Cell)
			}
		}
	}
}

// writeLegend writes the markup of a diverging colour legend for ±scale,
// in l's language, to b.
func writeLegend(b *bytes.Buffer, l *labels, scale float64, what string) {
	stops := viz.LegendStops(scale, 9)
	if stops == nil {
		b.WriteString(`<div class="legend"><span class="legend-note">` + html.EscapeString(fmt.Sprintf(l.LegendZero, what)) + `</span></div>`)
		return
	}
	fmt.Fprintf(b, `<div class="legend" role="img" aria-label="%s">`+
		`<span class="legend-lo">%.3g</span><span class="legend-bar" style="background: linear-gradient(to right, `,
		html.EscapeString(fmt.Sprintf(l.LegendAria, what, -scale, scale)), -scale)
	for i, s := range stops {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s %.1f%%", s.Color, 100*s.Offset)
	}
	fmt.Fprintf(b, `)"></span><span class="legend-hi">%.3g</span><span class="legend-note">%s</span></div>`,
		scale, html.EscapeString(fmt.Sprintf(l.LegendNote, what)))
}

// BarsSVG draws values as bars around a zero line (b1, b2, db1, db2),
// coloured by the diverging palette, with the selected index outlined.
func BarsSVG(l *labels, values []float64, label string, selected int) vugu.HTML {
	var b bytes.Buffer
	writeBars(&b, l, values, label, selected)
	return vugu.HTML(b.String())
}

// writeBars writes BarsSVG's markup to b.
func writeBars(b *bytes.Buffer, l *labels, values []float64, label string, selected int) {
	n := len(values)
	if n == 0 {
		return
	}
	scale := viz.Scale(values)
	if scale == 0 {
		scale = 1
	}
	const w, h = 440.0, 70.0
	bw := (w - 40) / float64(n)
	fmt.Fprintf(b, `<svg viewBox="0 0 %g %g" class="bars" role="img" aria-label="%s">`, w, h, html.EscapeString(fmt.Sprintf(l.BarsAria, label, n, viz.Scale(values))))
	mid := h / 2
	fmt.Fprintf(b, `<line x1="36" x2="%g" y1="%g" y2="%g" stroke="#8a93a3" stroke-width="0.6"/>`, w, mid, mid)
	fmt.Fprintf(b, `<text x="32" y="%g" class="tick" text-anchor="end">%.2g</text><text x="32" y="%g" class="tick" text-anchor="end">%.2g</text>`, 10.0, scale, h-4, -scale)
	for i, v := range values {
		if math.IsNaN(v) {
			continue
		}
		r, g, bl := viz.Diverging(v, scale)
		bh := math.Min(math.Abs(v)/scale, 1) * (mid - 4)
		y := mid - bh
		if v < 0 {
			y = mid
		}
		stroke := ""
		if i == selected {
			stroke = ` stroke="#000" stroke-width="1.2"`
		}
		fmt.Fprintf(b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" fill="#%02x%02x%02x"%s><title>%s[%d] = %.5g</title></rect>`,
			40+float64(i)*bw, y, math.Max(bw-1, 1), math.Max(bh, 0.5), r, g, bl, stroke, html.EscapeString(label), i, v)
	}
	b.WriteString(`</svg>`)
}
