package ui

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/viz"
)

// maxGallery bounds the gallery of one confusion cell: enough to see the
// pattern, never a list that grows with the data.
const maxGallery = 60

// Confusion is the confusion matrix of the test set: Counts[t][p] test
// images of digit t predicted as p.
type Confusion struct {
	Counts [10][10]int
	Total  int
}

// NewConfusion counts labels against predictions.
func NewConfusion(labels []uint8, pred []float64) Confusion {
	var c Confusion
	for i, p := range pred {
		if i >= len(labels) || p < 0 || p > 9 || labels[i] > 9 {
			continue
		}
		c.Counts[labels[i]][int(p)]++
		c.Total++
	}
	return c
}

// RowAcc is the accuracy on digit t (the diagonal over the row).
func (c *Confusion) RowAcc(t int) float64 {
	n := 0
	for _, v := range c.Counts[t] {
		n += v
	}
	if n == 0 {
		return 0
	}
	return float64(c.Counts[t][t]) / float64(n)
}

// Gallery returns the indices of the test images of digit t predicted as p,
// at most maxGallery, in test-set order.
func Gallery(labels []uint8, pred []float64, t, p int) []int {
	var idx []int
	for i, q := range pred {
		if i < len(labels) && int(labels[i]) == t && int(q) == p {
			idx = append(idx, i)
			if len(idx) == maxGallery {
				break
			}
		}
	}
	return idx
}

// Template helpers.

// Digits is 0..9 for vg-for.
var Digits = [10]int{0, 1, 2, 3, 4, 5, 6, 7, 8, 9}

// CellStyle colours a cell by its share of the row: the diagonal dark when
// the digit is learnt, off-diagonal cells visible where the mistakes are.
func (c *Confusion) CellStyle(t, p int) string {
	n := 0
	for _, v := range c.Counts[t] {
		n += v
	}
	if n == 0 {
		return ""
	}
	f := float64(c.Counts[t][p]) / float64(n)
	r, g, b := viz.Sequential(f, 1)
	ink := "#1d2330"
	if f > 0.55 {
		ink = "#fff"
	}
	return fmt.Sprintf("background-color: rgb(%d,%d,%d); color: %s", r, g, b, ink)
}

// GalleryImages draws test images idx (28×28 each, ten to a row, 2 px
// apart) in grey, as MNIST shows them, into dst.
func GalleryImages(dst []byte, t *TestSet, idx []int) (img []byte, w, h int) {
	const per, gap = 10, 2
	if len(idx) == 0 || t == nil {
		return dst, 0, 0
	}
	cols := min(len(idx), per)
	rows := (len(idx) + per - 1) / per
	w, h = cols*28+(cols-1)*gap, rows*28+(rows-1)*gap
	if cap(dst) < 4*w*h {
		dst = make([]byte, 4*w*h)
	}
	img = dst[:4*w*h]
	for i := range img {
		img[i] = 255
	}
	for k, n := range idx {
		ox, oy := (k%per)*(28+gap), (k/per)*(28+gap)
		for r := range 28 {
			for c := range 28 {
				v := 255 - t.Pix[n*784+r*28+c] // dark ink on white
				o := 4 * ((oy+r)*w + ox + c)
				img[o], img[o+1], img[o+2], img[o+3] = v, v, v, 255
			}
		}
	}
	return img, w, h
}

// GalleryAt maps a pixel of the gallery image to the position in idx.
func GalleryAt(x, y, n int) (int, bool) {
	const per, gap = 10, 2
	if x < 0 || y < 0 || x%(28+gap) >= 28 || y%(28+gap) >= 28 {
		return 0, false
	}
	k := (y/(28+gap))*per + x/(28+gap)
	if x/(28+gap) >= per || k >= n {
		return 0, false
	}
	return k, true
}
