package viz

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestHeatmapSingleEntry(t *testing.T) {
	for _, c := range []struct {
		name             string
		rows, cols, cell int
		r, c             int
		v, scale         float64
		diverging        bool
		zero             RGB // the colour of the other cells
	}{
		{"W2 corner", 50, 10, 8, 0, 0, -0.2, 0.2, true, centre},
		{"W2 far corner", 50, 10, 8, 49, 9, 0.1, 0.2, true, centre},
		{"dW2 middle", 50, 10, 3, 17, 4, 0.05, 0.2, true, centre},
		{"confusion matrix", 10, 10, 12, 7, 2, 30, 40, false, seqZero},
		{"one pixel cells", 3, 5, 1, 2, 3, 1, 1, false, seqZero},
	} {
		t.Run(c.name, func(t *testing.T) {
			M := make([]float64, c.rows*c.cols)
			M[c.r*c.cols+c.c] = c.v
			img, w, h, err := Heatmap(nil, M, c.rows, c.cols, c.cell, c.scale, c.diverging)
			if err != nil {
				t.Fatal(err)
			}
			if w != c.cols*c.cell || h != c.rows*c.cell || len(img) != 4*w*h {
				t.Fatalf("image is %d×%d (%d bytes), want %d×%d", w, h, len(img), c.cols*c.cell, c.rows*c.cell)
			}
			want := rgbOf(Sequential(c.v, c.scale))
			if c.diverging {
				want = rgbOf(Diverging(c.v, c.scale))
			}
			coloured := 0
			for y := range h {
				for x := range w {
					px, a := pixelAt(img, w, x, y)
					inCell := x/c.cell == c.c && y/c.cell == c.r
					switch {
					case a != 255:
						t.Fatalf("pixel (%d, %d) has alpha %d", x, y, a)
					case inCell && px != want, !inCell && px != c.zero:
						t.Fatalf("pixel (%d, %d) is %v (in the cell: %v)", x, y, px, inCell)
					case inCell:
						coloured++
						if r, col, ok := CellAt(x, y, c.rows, c.cols, c.cell); !ok || r != c.r || col != c.c {
							t.Fatalf("CellAt(%d, %d) = %d, %d, %v; want %d, %d", x, y, r, col, ok, c.r, c.c)
						}
					}
				}
			}
			if coloured != c.cell*c.cell {
				t.Errorf("%d coloured pixels, want %d", coloured, c.cell*c.cell)
			}
		})
	}
}

func TestCellAtOutside(t *testing.T) {
	for _, p := range [][2]int{{-1, 0}, {0, -1}, {80, 0}, {0, 400}, {80, 400}} {
		if r, c, ok := CellAt(p[0], p[1], 50, 10, 8); ok {
			t.Errorf("CellAt(%d, %d) = %d, %d, ok for a 80×400 image", p[0], p[1], r, c)
		}
	}
	if _, _, ok := CellAt(0, 0, 50, 10, 0); ok {
		t.Error("CellAt with cell 0: ok")
	}
	if r, c, ok := CellAt(79, 399, 50, 10, 8); !ok || r != 49 || c != 9 {
		t.Errorf("CellAt(79, 399) = %d, %d, %v; want 49, 9, true", r, c, ok)
	}
}

func TestHeatmapErrors(t *testing.T) {
	for _, c := range []struct {
		name             string
		n                int
		rows, cols, cell int
		want             string
	}{
		{"zero rows", 0, 0, 10, 8, "no pixels"},
		{"zero cols", 0, 50, 0, 8, "no pixels"},
		{"zero cell", 500, 50, 10, 0, "no pixels"},
		{"short", 499, 50, 10, 8, "viz: matrix has 499 values, want 50×10"},
		{"huge cells", 500, 50, 10, 1 << 20, "too large"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := make([]byte, 2, 5)
			img, w, h, err := Heatmap(dst, make([]float64, c.n), c.rows, c.cols, c.cell, 1, true)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if w != 0 || h != 0 || len(img) != 2 || cap(img) != 5 {
				t.Errorf("got %d×%d, buffer len %d cap %d; want 0×0 and dst back", w, h, len(img), cap(img))
			}
		})
	}
}

func TestHeatmapNoAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	M := randValues(rng, 500, -1, 1)
	buf, _, _, err := Heatmap(nil, M, 50, 10, 8, 1, true)
	if err != nil {
		t.Fatal(err)
	}
	if a := testing.AllocsPerRun(10, func() { Heatmap(buf, M, 50, 10, 8, 1, true) }); a != 0 {
		t.Errorf("Heatmap allocates %v times with a large enough buffer, want 0", a)
	}
}
