package markup

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The gradient check's maps: |numerical − backprop| of every element of
// W1, b1, W2 and b2, on one log scale from MapLo to MapHi (Blues, the
// palette of non-negative values), so that the maps compare: a correct
// backprop differs by 1e-13..3e-7, a broken one by 1e-3..1 (measured on
// the book's net and all the broken kinds). W1 is drawn as the W1 view's
// tiles, W2 as its heatmap (a row per digit, a column per unit), b1 as a
// row of cells under W2's columns and b2 as a column beside its rows.
const (
	MapLo = 1e-10
	MapHi = 1.0
)

// gcMaps returns the last check's maps, nil before one.
func gcMaps(m *model.Model) *wire.GradMaps { return m.Check.Maps.Diff }

// param returns the named parameter's array of g.
func param(g *wire.GradMaps, name string) []float64 {
	switch name {
	case "W1":
		return g.W1
	case "b1":
		return g.B1
	case "W2":
		return g.W2
	case "b2":
		return g.B2
	}
	return nil
}

// elementName names element q of the parameter name of a net of h hidden
// units as the views do: W1[i, j], b1[j], W2[j, k], b2[k].
func elementName(name string, q, h int) string {
	switch name {
	case "W1":
		return fmt.Sprintf("W1[%d, %d]", q/h, q%h)
	case "W2":
		return fmt.Sprintf("W2[%d, %d]", q/model.Classes, q%model.Classes)
	}
	return fmt.Sprintf("%s[%d]", name, q)
}

// describeElement is the readout of element q of a map.
func describeElement(m *model.Model, name string, q int) string {
	c := m.Check.Maps
	if c.Diff == nil || q < 0 || q >= len(param(c.Diff, name)) {
		return ""
	}
	return fmt.Sprintf(m.Words().GCMapDesc, elementName(name, q, m.Hidden()),
		param(c.Diff, name)[q], param(c.Numerical, name)[q], param(c.Backprop, name)[q])
}

// gcTiles draws W1's map as the W1 view's tiles, with the selected unit
// framed.
var gcTiles = Picture{
	Class: "view-canvas",
	Label: func(w *i18n.Words) string { return w.GCMapW1 },
	Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
		g := gcMaps(m)
		if g == nil {
			return dst, 0, 0
		}
		l, ok := tiles(len(g.B1))
		if !ok {
			return dst, 0, 0
		}
		sc.gc = viz.LogUnit(sc.gc, g.W1, MapLo, MapHi)
		img, err := l.DrawSequential(dst, sc.gc, 1)
		if err != nil {
			return dst, 0, 0
		}
		if j := m.Inside.Unit; j >= 0 && j < len(g.B1) {
			x, y := l.Origin(j)
			outline(img, l.W, l.H, x, y, l.TileW, l.TileH)
		}
		return img, l.W, l.H
	},
	Describe: func(m *model.Model, x, y int) string {
		g := gcMaps(m)
		if g == nil {
			return ""
		}
		l, ok := tiles(len(g.B1))
		if !ok {
			return ""
		}
		j, r, c, ok := l.TileAt(x, y)
		if !ok {
			return ""
		}
		return describeElement(m, "W1", (r*digit.Size+c)*len(g.B1)+j)
	},
	Click: func(m *model.Model, x, y int) model.Command {
		g := gcMaps(m)
		if g == nil {
			return nil
		}
		if l, ok := tiles(len(g.B1)); ok {
			if j, _, _, ok := l.TileAt(x, y); ok {
				return model.SelectUnit{J: j}
			}
		}
		return nil
	},
}

// gcCells draws a map of rows×cols cells; at(g, r, c) is the index in the
// parameter's array of cell (r, c), cols(h) and rows(h) the shape for h
// hidden units.
func gcCells(name string, label func(*i18n.Words) string, rows, cols func(h int) int, at func(h, r, c int) int) Picture {
	return Picture{
		Class: "view-canvas gc-" + name,
		Label: label,
		Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
			g := gcMaps(m)
			if g == nil {
				return dst, 0, 0
			}
			h := len(g.B1)
			nr, nc := rows(h), cols(h)
			v := param(g, name)
			sc.t = append(sc.t[:0], make([]float64, nr*nc)...)
			for r := range nr {
				for c := range nc {
					sc.t[r*nc+c] = v[at(h, r, c)]
				}
			}
			sc.gc = viz.LogUnit(sc.gc, sc.t, MapLo, MapHi)
			img, w, ih, err := viz.Heatmap(dst, sc.gc, nr, nc, w2Cell, 1, false)
			if err != nil {
				return dst, 0, 0
			}
			return img, w, ih
		},
		Describe: func(m *model.Model, x, y int) string {
			g := gcMaps(m)
			if g == nil {
				return ""
			}
			h := len(g.B1)
			r, c, ok := viz.CellAt(x, y, rows(h), cols(h), w2Cell)
			if !ok {
				return ""
			}
			return describeElement(m, name, at(h, r, c))
		},
	}
}

func oneCell(int) int       { return 1 }
func same(h int) int        { return h }
func digits(int) int        { return model.Classes }
func rowOf(_, r, c int) int { return r + c } // a single row or column

var (
	gcW1 = gcTiles
	gcB1 = gcCells("b1", func(w *i18n.Words) string { return w.GCMapB1 }, oneCell, same, rowOf)
	// W2 transposed, as the W2 view: cell (k, j) is W2[j, k].
	gcW2 = gcCells("W2", func(w *i18n.Words) string { return w.GCMapW2 }, digits, same,
		func(_, k, j int) int { return j*model.Classes + k })
	gcB2 = gcCells("b2", func(w *i18n.Words) string { return w.GCMapB2 }, digits, oneCell, rowOf)
)

// MapMax says what a map shows, for the line under it: that the check has
// not run, or runs, or where its largest difference is (NaN first, as it
// is the worst).
func MapMax(m *model.Model, name string) string {
	w, g := m.Words(), &m.Check
	switch {
	case g.Running:
		return w.GCMapRunning
	case g.Diffs == nil:
		return w.GCMapNotRun
	case g.Maps.Diff == nil:
		return w.GCMapsNone
	}
	v := param(g.Maps.Diff, name)
	best := 0
	for q, d := range v {
		if math.IsNaN(d) {
			best = q
			break
		}
		if d > v[best] {
			best = q
		}
	}
	return fmt.Sprintf(w.GCMapMax, strconv.FormatFloat(v[best], 'e', 2, 64), elementName(name, best, m.Hidden()))
}

// writeMapLegend writes the maps' shared colour scale, with a mark where
// rounding ends (model.Limit); nothing before there are maps.
func writeMapLegend(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	if gcMaps(m) == nil {
		return
	}
	w := m.Words()
	lo, hi, lim := decade(MapLo), decade(MapHi), decade(model.Limit)
	fmt.Fprintf(b, `<div class="legend gc-legend" role="img" aria-label="%s"><span class="legend-lo">≤ %s</span><span class="legend-bar" style="background: linear-gradient(to right, `,
		esc(fmt.Sprintf(w.GCLegendAria, lo, hi, lim)), lo)
	for i, s := range viz.SequentialLegendStops(1, viz.SequentialStops) {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(b, "%s %.1f%%", s.Color, 100*s.Offset)
	}
	at := 100 * viz.LogOffset(model.Limit, MapLo, MapHi)
	fmt.Fprintf(b, `)"><span class="gc-limit" style="left:%.1f%%"></span></span><span class="legend-hi">≥ %s</span>`+
		`<span class="legend-note">← %s · %s · %s →</span></div>`, at, hi, esc(w.GCLegendRounding), lim, esc(w.GCLegendWrong))
}

// decade writes a power of ten as the page's notes do: 1e-6, 1.
func decade(v float64) string {
	e := int(math.Round(math.Log10(v)))
	if e == 0 {
		return "1"
	}
	return "1e" + strconv.Itoa(e)
}
