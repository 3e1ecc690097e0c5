package model

// MaxGallery bounds the gallery of one confusion cell: enough to see the
// pattern, never a list that grows with the data.
const MaxGallery = 60

// Matrix is the confusion matrix of the test set: Counts[t][p] test
// images of digit t predicted as p.
type Matrix struct {
	Counts [Classes][Classes]int
	Total  int
}

// NewMatrix counts labels against predictions.
func NewMatrix(labels []uint8, pred []float64) *Matrix {
	var c Matrix
	for i, p := range pred {
		if i >= len(labels) || !(p >= 0 && p <= Classes-1) || labels[i] > Classes-1 {
			continue
		}
		c.Counts[labels[i]][int(p)]++
		c.Total++
	}
	return &c
}

// Row returns the number of test images of digit t.
func (c *Matrix) Row(t int) int {
	n := 0
	for _, v := range c.Counts[t] {
		n += v
	}
	return n
}

// RowAcc is the accuracy on digit t (the diagonal over the row).
func (c *Matrix) RowAcc(t int) float64 {
	n := c.Row(t)
	if n == 0 {
		return 0
	}
	return float64(c.Counts[t][t]) / float64(n)
}

// gallery returns the indices of the test images of digit t predicted as
// p, at most MaxGallery, in test-set order.
func gallery(labels []uint8, pred []float64, t, p int) []int {
	var idx []int
	for i, q := range pred {
		if i < len(labels) && int(labels[i]) == t && int(q) == p {
			idx = append(idx, i)
			if len(idx) == MaxGallery {
				break
			}
		}
	}
	return idx
}

// refreshGallery recomputes the selected cell's test images.
func (m *Model) refreshGallery() {
	c := &m.Conf
	if c.T < 0 || m.Test == nil || c.Pred == nil {
		c.Gallery = nil
		return
	}
	c.Gallery = gallery(m.Test.Labels, c.Pred, c.T, c.P)
}
