package ui

import "testing"

func TestConfusion(t *testing.T) {
	labels := []uint8{0, 0, 1, 1, 1, 2}
	pred := []float64{0, 1, 1, 1, 0, 2}
	c := NewConfusion(labels, pred)
	if c.Total != 6 || c.Counts[0][0] != 1 || c.Counts[0][1] != 1 || c.Counts[1][1] != 2 || c.Counts[1][0] != 1 || c.Counts[2][2] != 1 {
		t.Fatalf("counts %+v", c.Counts)
	}
	if got := c.RowAcc(1); got != 2.0/3 {
		t.Errorf("row accuracy of 1 = %v, want 2/3", got)
	}
	if g := Gallery(labels, pred, 1, 0); len(g) != 1 || g[0] != 4 {
		t.Errorf("gallery of 1→0 = %v, want [4]", g)
	}
	many := make([]uint8, 500)
	mp := make([]float64, 500)
	if g := Gallery(many, mp, 0, 0); len(g) != maxGallery {
		t.Errorf("gallery has %d images, want the bound %d", len(g), maxGallery)
	}
}

func TestGalleryAt(t *testing.T) {
	for _, tc := range []struct {
		x, y, n, want int
		ok            bool
	}{
		{0, 0, 5, 0, true},
		{27, 27, 5, 0, true},
		{28, 0, 5, 0, false}, // the gap
		{30, 0, 5, 1, true},
		{0, 30, 15, 10, true},
		{0, 30, 5, 0, false}, // past the last image
	} {
		k, ok := GalleryAt(tc.x, tc.y, tc.n)
		if ok != tc.ok || ok && k != tc.want {
			t.Errorf("GalleryAt(%d,%d,%d) = %d,%v want %d,%v", tc.x, tc.y, tc.n, k, ok, tc.want, tc.ok)
		}
	}
}

func TestNormSeriesBounded(t *testing.T) {
	var s NormSeries
	for i := range 100000 {
		s.Add(i, [4]float64{1, 2, 3, 4})
	}
	if len(s.Pts) >= maxNormPoints {
		t.Fatalf("%d points", len(s.Pts))
	}
	if s.Pts[0].Iter != 0 || s.Pts[len(s.Pts)-1].Iter < 90000 {
		t.Errorf("points span %d..%d, want the whole run", s.Pts[0].Iter, s.Pts[len(s.Pts)-1].Iter)
	}
}
