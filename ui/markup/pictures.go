package markup

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/viz"
)

// Picture is what a Canvas view draws: an RGBA image of the model, the
// readout of the number under the pointer or the keyboard cursor, and what
// a click (or Enter) on a pixel asks for.
type Picture struct {
	// Class is the canvas's class attribute.
	Class string
	// Label is the canvas's accessible name.
	Label func(w *i18n.Words) string
	// Paint returns the image and its size, in dst's memory if it has the
	// room; w == 0 for nothing to show.
	Paint func(m *model.Model, dst []byte, sc *Scratch) (img []byte, w, h int)
	// Describe is the readout of pixel (x, y), "" for none.
	Describe func(m *model.Model, x, y int) string
	// Click is the command of a click on pixel (x, y), nil for none.
	Click func(m *model.Model, x, y int) model.Command
}

// Tile geometry of the W1 and dW1 views: one 28×28 tile per hidden unit,
// ten to a row, one pixel apart; W2 entries are cells of w2Cell pixels.
const (
	tilesPerRow = 10
	tileGap     = 1
	w2Cell      = 8
)

// tiles returns the layout of a 784×hidden matrix as tiles.
func tiles(hidden int) (viz.TileLayout, bool) {
	l, err := viz.NewTileLayout(digit.Pixels, hidden, digit.Size, digit.Size, tilesPerRow, tileGap)
	return l, err == nil
}

// outline draws a one-pixel black frame just outside the rectangle x, y,
// w×h of an RGBA image of width iw, clipped to the image.
func outline(img []byte, iw, ih, x, y, w, h int) {
	set := func(px, py int) {
		if px >= 0 && py >= 0 && px < iw && py < ih {
			o := 4 * (py*iw + px)
			img[o], img[o+1], img[o+2], img[o+3] = 0, 0, 0, 255
		}
	}
	for px := x - 1; px <= x+w; px++ {
		set(px, y-1)
		set(px, y+h)
	}
	for py := y; py < y+h; py++ {
		set(x-1, py)
		set(x+w, py)
	}
}

// tilePicture draws a 784×hidden matrix of the snapshot as tiles, with the
// selected unit framed.
func tilePicture(name string, get func(*snap) []float64, label func(*i18n.Words) string) Picture {
	return tiledPicture(name, func(m *model.Model) []float64 {
		if s := snapOf(m); s != nil {
			return get(s)
		}
		return nil
	}, label)
}

// tiledPicture is tilePicture of the 784×hidden matrix that get returns
// from the model (nil, or not of the net's size: nothing to show).
func tiledPicture(name string, get func(*model.Model) []float64, label func(*i18n.Words) string) Picture {
	// values returns the matrix and its hidden size (nil: nothing to show).
	values := func(m *model.Model) ([]float64, int) {
		v := get(m)
		if h := len(v) / digit.Pixels; h > 0 && len(v) == digit.Pixels*h {
			return v, h
		}
		return nil, 0
	}
	return Picture{
		Class: "view-canvas",
		Label: label,
		Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
			v, hidden := values(m)
			if v == nil {
				return dst, 0, 0
			}
			l, ok := tiles(hidden)
			if !ok {
				return dst, 0, 0
			}
			img, err := l.Draw(dst, v, viz.Scale(v))
			if err != nil {
				return dst, 0, 0
			}
			if j := m.Inside.Unit; j >= 0 && j < hidden {
				x, y := l.Origin(j)
				outline(img, l.W, l.H, x, y, l.TileW, l.TileH)
			}
			return img, l.W, l.H
		},
		Describe: func(m *model.Model, x, y int) string {
			v, hidden := values(m)
			l, ok := tiles(hidden)
			if v == nil || !ok {
				return ""
			}
			j, r, c, ok := l.TileAt(x, y)
			if !ok {
				return ""
			}
			i := r*digit.Size + c
			return fmt.Sprintf(m.Words().DescTile, name, i, j, v[i*hidden+j], j, r, c)
		},
		Click: func(m *model.Model, x, y int) model.Command {
			_, hidden := values(m)
			l, ok := tiles(hidden)
			if !ok {
				return nil
			}
			if j, _, _, ok := l.TileAt(x, y); ok {
				return model.SelectUnit{J: j}
			}
			return nil
		},
	}
}

// transpose returns the rows×cols matrix v as cols×rows, into dst.
func transpose(dst, v []float64, rows, cols int) []float64 {
	dst = append(dst[:0], make([]float64, len(v))...)
	for r := range rows {
		for c := range cols {
			dst[c*rows+r] = v[r*cols+c]
		}
	}
	return dst
}

// heatPicture draws a hidden×10 matrix of the snapshot transposed: a row
// per digit, a column per hidden unit, with the selected unit framed.
func heatPicture(name string, get func(*snap) []float64, label func(*i18n.Words) string) Picture {
	return Picture{
		Class: "view-canvas",
		Label: label,
		Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
			s := snapOf(m)
			if s == nil || get(s) == nil {
				return dst, 0, 0
			}
			h := m.Hidden()
			v := get(s)
			sc.t = transpose(sc.t, v, h, model.Classes)
			img, w, ih, err := viz.Heatmap(dst, sc.t, model.Classes, h, w2Cell, viz.Scale(v), true)
			if err != nil {
				return dst, 0, 0
			}
			if j := m.Inside.Unit; j >= 0 && j < h {
				outline(img, w, ih, j*w2Cell, 0, w2Cell, model.Classes*w2Cell)
			}
			return img, w, ih
		},
		Describe: func(m *model.Model, x, y int) string {
			s := snapOf(m)
			if s == nil || get(s) == nil {
				return ""
			}
			k, j, ok := viz.CellAt(x, y, model.Classes, m.Hidden(), w2Cell)
			if !ok {
				return ""
			}
			return fmt.Sprintf(m.Words().DescW2, name, j, k, get(s)[j*model.Classes+k], j, k)
		},
		Click: func(m *model.Model, x, y int) model.Command {
			if _, j, ok := viz.CellAt(x, y, model.Classes, m.Hidden(), w2Cell); ok {
				return model.SelectUnit{J: j}
			}
			return nil
		},
	}
}

var (
	w1Picture  = tilePicture("W1", func(s *snap) []float64 { return s.W1 }, func(w *i18n.Words) string { return w.ViewW1 })
	dw1Picture = tilePicture("dW1", func(s *snap) []float64 { return s.DW1 }, func(w *i18n.Words) string { return w.ViewDW1 })
	w2Picture  = heatPicture("W2", func(s *snap) []float64 { return s.W2 }, func(w *i18n.Words) string { return w.ViewW2 })
	dw2Picture = heatPicture("dW2", func(s *snap) []float64 { return s.DW2 }, func(w *i18n.Words) string { return w.ViewDW2 })
)

// mineDW1Picture is the gradient of W1 of the last step on the learner's
// digit.
var mineDW1Picture = tiledPicture("dW1", func(m *model.Model) []float64 {
	if l := m.Mine.Last; l != nil {
		return l.DW1
	}
	return nil
}, func(w *i18n.Words) string { return w.MineGradAria })

// previewPicture is the 28×28 image the net sees, grey as MNIST shows it.
var previewPicture = Picture{
	Class: "preview-canvas",
	Label: func(w *i18n.Words) string { return w.PreviewAria },
	Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
		img := grow(dst, 4*digit.Pixels)
		for i, v := range m.Draw.Sees {
			img[4*i], img[4*i+1], img[4*i+2], img[4*i+3] = v, v, v, 255
		}
		return img, digit.Size, digit.Size
	},
}

// grow returns dst resized to n bytes, reusing its memory when it can.
func grow(dst []byte, n int) []byte {
	if cap(dst) < n {
		return make([]byte, n)
	}
	return dst[:n]
}

// The stepper's pictures.

func passImage(get func(p *model.Model) ([]float64, float64, bool), label func(*i18n.Words) string, describe func(m *model.Model, x, y int) string, click func(m *model.Model, i int) model.Command) Picture {
	return Picture{
		Click: func(m *model.Model, x, y int) model.Command {
			if click == nil || m.Stepper.Pass == nil || x < 0 || y < 0 || x >= digit.Size || y >= digit.Size {
				return nil
			}
			return click(m, y*digit.Size+x)
		},
		Class: "view-canvas",
		Label: label,
		Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
			v, scale, diverging := get(m)
			if v == nil {
				return dst, 0, 0
			}
			img, err := viz.Image28(dst, v, scale, diverging)
			if err != nil {
				return dst, 0, 0
			}
			return img, digit.Size, digit.Size
		},
		Describe: func(m *model.Model, x, y int) string {
			if m.Stepper.Pass == nil || x < 0 || y < 0 || x >= digit.Size || y >= digit.Size {
				return ""
			}
			return describe(m, x, y)
		},
	}
}

var (
	stepXPicture = passImage(func(m *model.Model) ([]float64, float64, bool) {
		if p := m.Stepper.Pass; p != nil {
			return p.X, 1, false
		}
		return nil, 0, false
	}, func(w *i18n.Words) string { return w.StepX }, func(m *model.Model, x, y int) string {
		i := y*digit.Size + x
		return fmt.Sprintf(m.Words().DescX, "x", y, x, i, m.Stepper.Pass.X[i])
	}, func(m *model.Model, i int) model.Command { return model.OpenCell{Tensor: stepper.TensorX, I: 0, J: i} })
	stepTemplatePicture = passImage(func(m *model.Model) ([]float64, float64, bool) {
		if d, ok := m.Stepper.UnitDetail(); ok {
			return d.Template, viz.Scale(d.Template), true
		}
		return nil, 0, false
	}, func(w *i18n.Words) string { return w.StepTemplate }, func(m *model.Model, x, y int) string {
		d, ok := m.Stepper.UnitDetail()
		if !ok {
			return ""
		}
		i := y*digit.Size + x
		return fmt.Sprintf("W1[%d, %d] = %.5g", i, d.J, d.Template[i])
	}, nil)
	stepProductsPicture = passImage(func(m *model.Model) ([]float64, float64, bool) {
		if d, ok := m.Stepper.UnitDetail(); ok {
			return d.Products, viz.Scale(d.Products), true
		}
		return nil, 0, false
	}, func(w *i18n.Words) string { return w.StepProducts }, func(m *model.Model, x, y int) string {
		d, ok := m.Stepper.UnitDetail()
		if !ok {
			return ""
		}
		i := y*digit.Size + x
		return fmt.Sprintf("x[0,%d]·W1[%d,%d] = %.4g × %.4g = %.5g", i, i, d.J, m.Stepper.Pass.X[i], d.Template[i], d.Products[i])
	}, func(m *model.Model, _ int) model.Command {
		return model.OpenCell{Tensor: stepper.TensorZ, I: 0, J: m.Stepper.Unit} // the sum these products make
	})
)

var stepDW1Picture = Picture{
	Class: "view-canvas",
	Label: func(w *i18n.Words) string { return w.StepDW1 },
	Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
		p := m.Stepper.Pass
		if p == nil {
			return dst, 0, 0
		}
		l, ok := tiles(p.Hidden)
		if !ok {
			return dst, 0, 0
		}
		img, err := l.Draw(dst, p.DW1, viz.Scale(p.DW1))
		if err != nil {
			return dst, 0, 0
		}
		return img, l.W, l.H
	},
	Describe: func(m *model.Model, x, y int) string {
		p := m.Stepper.Pass
		if p == nil {
			return ""
		}
		l, ok := tiles(p.Hidden)
		if !ok {
			return ""
		}
		j, r, c, ok := l.TileAt(x, y)
		if !ok {
			return ""
		}
		i := r*digit.Size + c
		if b := m.Stepper.Batch; b != nil && b.N > 1 {
			return fmt.Sprintf("dW1[%d,%d] = Σ_n x[n,%d]·dz[n,%d] (N = %d) = %.5g", i, j, i, j, b.N, p.DW1[i*p.Hidden+j])
		}
		// Pass.DA is Batch's dz, the activation's dx (see stepper.Pass).
		return fmt.Sprintf("dW1[%d,%d] = x[0,%d]·dz[0,%d] = %.4g × %.4g = %.5g", i, j, i, j, p.X[i], p.DA[j], p.DW1[i*p.Hidden+j])
	},
	Click: func(m *model.Model, x, y int) model.Command {
		p := m.Stepper.Pass
		if p == nil {
			return nil
		}
		if l, ok := tiles(p.Hidden); ok {
			if j, r, c, ok := l.TileAt(x, y); ok {
				return model.OpenCell{Tensor: stepper.TensorDW1, I: r*digit.Size + c, J: j}
			}
		}
		return nil
	},
}

var stepDW2Picture = Picture{
	Class: "view-canvas",
	Label: func(w *i18n.Words) string { return w.StepDW2 },
	Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
		p := m.Stepper.Pass
		if p == nil {
			return dst, 0, 0
		}
		sc.t = transpose(sc.t, p.DW2, p.Hidden, p.Output)
		img, w, h, err := viz.Heatmap(dst, sc.t, p.Output, p.Hidden, w2Cell, viz.Scale(p.DW2), true)
		if err != nil {
			return dst, 0, 0
		}
		return img, w, h
	},
	Describe: func(m *model.Model, x, y int) string {
		p := m.Stepper.Pass
		if p == nil {
			return ""
		}
		k, j, ok := viz.CellAt(x, y, p.Output, p.Hidden, w2Cell)
		if !ok {
			return ""
		}
		if b := m.Stepper.Batch; b != nil && b.N > 1 {
			return fmt.Sprintf("dW2[%d,%d] = Σ_n a[n,%d]·dout[n,%d] (N = %d) = %.5g", j, k, j, k, b.N, p.DW2[j*p.Output+k])
		}
		// Pass.Z is Batch's a, the activation's output (see stepper.Pass).
		return fmt.Sprintf("dW2[%d,%d] = a[0,%d]·dout[0,%d] = %.4g × %.4g = %.5g", j, k, j, k, p.Z[j], p.Dout[k], p.DW2[j*p.Output+k])
	},
	Click: func(m *model.Model, x, y int) model.Command {
		p := m.Stepper.Pass
		if p == nil {
			return nil
		}
		if k, j, ok := viz.CellAt(x, y, p.Output, p.Hidden, w2Cell); ok {
			return model.OpenCell{Tensor: stepper.TensorDW2, I: j, J: k}
		}
		return nil
	},
}

// The gallery of a confusion cell: its test images (28×28 each, ten to a
// row, 2 px apart) in grey, dark ink on white.
const (
	galleryPerRow = 10
	galleryGap    = 2
)

// galleryAt maps a pixel of the gallery to the position in a gallery of n.
func galleryAt(x, y, n int) (int, bool) {
	const step = digit.Size + galleryGap
	if x < 0 || y < 0 || x%step >= digit.Size || y%step >= digit.Size || x/step >= galleryPerRow {
		return 0, false
	}
	k := (y/step)*galleryPerRow + x/step
	return k, k < n
}

var galleryPicture = Picture{
	Class: "view-canvas",
	Label: func(w *i18n.Words) string { return w.GalleryAria },
	Paint: func(m *model.Model, dst []byte, sc *Scratch) ([]byte, int, int) {
		idx, t := m.Conf.Gallery, m.Test
		if len(idx) == 0 || t == nil {
			return dst, 0, 0
		}
		cols := min(len(idx), galleryPerRow)
		rows := (len(idx) + galleryPerRow - 1) / galleryPerRow
		const step = digit.Size + galleryGap
		w, h := cols*step-galleryGap, rows*step-galleryGap
		img := grow(dst, 4*w*h)
		for i := range img {
			img[i] = 255
		}
		for k, n := range idx {
			ox, oy := (k%galleryPerRow)*step, (k/galleryPerRow)*step
			for r := range digit.Size {
				for c := range digit.Size {
					v := 255 - t.Pix[n*digit.Pixels+r*digit.Size+c]
					o := 4 * ((oy+r)*w + ox + c)
					img[o], img[o+1], img[o+2] = v, v, v
				}
			}
		}
		return img, w, h
	},
	Describe: func(m *model.Model, x, y int) string {
		k, ok := galleryAt(x, y, len(m.Conf.Gallery))
		if !ok || m.Test == nil {
			return ""
		}
		i := m.Conf.Gallery[k]
		return fmt.Sprintf(m.Words().GalleryDesc, i, m.Test.Labels[i], int(m.Conf.Pred[i]))
	},
	Click: func(m *model.Model, x, y int) model.Command {
		if k, ok := galleryAt(x, y, len(m.Conf.Gallery)); ok {
			return model.UseTestImage{I: m.Conf.Gallery[k], Reveal: true}
		}
		return nil
	},
}
