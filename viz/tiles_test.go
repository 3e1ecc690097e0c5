package viz

import (
	"math/rand/v2"
	"strings"
	"testing"
)

// TestTilesSingleEntry draws a matrix with one non-zero entry and checks
// that exactly one pixel is coloured, where column j's entry (r, c) should
// be, and that TileAt maps that pixel back.
func TestTilesSingleEntry(t *testing.T) {
	for _, c := range []struct {
		name                                string
		rows, cols, tileW, tileH, perRow, g int
		i, j                                int // the non-zero entry W[i][j]
		v                                   float64
		wantW, wantH                        int
	}{
		{"W1 first", 784, 50, 28, 28, 10, 2, 0, 0, 0.5, 298, 148},
		{"W1 last", 784, 50, 28, 28, 10, 2, 783, 49, -0.5, 298, 148},
		{"W1 middle", 784, 50, 28, 28, 10, 2, 28*13 + 5, 17, 0.5, 298, 148},
		{"no gap", 784, 50, 28, 28, 10, 0, 28*27 + 1, 11, -0.5, 280, 140},
		{"non-square tiles, ragged last row", 6, 7, 3, 2, 3, 1, 4, 6, 0.5, 11, 8},
		{"perRow larger than cols", 4, 3, 2, 2, 8, 3, 3, 2, 0.5, 12, 2},
		{"one tile", 1, 1, 1, 1, 1, 5, 0, 0, -0.5, 1, 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			W := make([]float64, c.rows*c.cols)
			W[c.i*c.cols+c.j] = c.v
			const scale = 0.5
			img, w, h, err := Tiles(nil, W, c.rows, c.cols, c.tileW, c.tileH, c.perRow, c.g, scale)
			if err != nil {
				t.Fatal(err)
			}
			if w != c.wantW || h != c.wantH || len(img) != 4*w*h {
				t.Fatalf("image is %d×%d with %d bytes, want %d×%d", w, h, len(img), c.wantW, c.wantH)
			}
			// Where the entry should be, computed here from the layout's
			// definition rather than with Origin.
			perRow := min(c.perRow, c.cols)
			wantX := (c.j%perRow)*(c.tileW+c.g) + c.i%c.tileW
			wantY := (c.j/perRow)*(c.tileH+c.g) + c.i/c.tileW
			want := rgbOf(Diverging(c.v, scale))
			coloured, gaps := 0, 0
			for y := range h {
				for x := range w {
					px, a := pixelAt(img, w, x, y)
					switch {
					case a != 255:
						t.Fatalf("pixel (%d, %d) has alpha %d", x, y, a)
					case px == GapColor:
						gaps++
					case px != centre:
						coloured++
						if x != wantX || y != wantY || px != want {
							t.Errorf("pixel (%d, %d) is %v, want only (%d, %d) coloured %v", x, y, px, wantX, wantY, want)
						}
					}
				}
			}
			if coloured != 1 {
				t.Errorf("%d coloured pixels, want 1", coloured)
			}
			if gaps != w*h-c.rows*c.cols {
				t.Errorf("%d gap pixels, want %d (all but the tiles')", gaps, w*h-c.rows*c.cols)
			}
			l, err := NewTileLayout(c.rows, c.cols, c.tileW, c.tileH, c.perRow, c.g)
			if err != nil {
				t.Fatal(err)
			}
			if j, r, col, ok := l.TileAt(wantX, wantY); !ok || j != c.j || r*c.tileW+col != c.i {
				t.Errorf("TileAt(%d, %d) = %d, %d, %d, %v; want tile %d, matrix row %d", wantX, wantY, j, r, col, ok, c.j, c.i)
			}
		})
	}
}

// TestTileAtInvertsLayout checks every pixel of a few layouts: TileAt
// answers ok exactly on tile pixels, each entry of the matrix once, and
// Origin plus (col, row) gives the pixel back.
func TestTileAtInvertsLayout(t *testing.T) {
	for _, c := range [][6]int{
		{784, 50, 28, 28, 10, 2}, {6, 7, 3, 2, 3, 1}, {4, 5, 4, 1, 2, 0}, {9, 10, 3, 3, 4, 3},
	} {
		l, err := NewTileLayout(c[0], c[1], c[2], c[3], c[4], c[5])
		if err != nil {
			t.Fatal(err)
		}
		seen := make([]bool, l.Rows*l.Cols)
		for y := -1; y <= l.H; y++ {
			for x := -1; x <= l.W; x++ {
				j, r, col, ok := l.TileAt(x, y)
				if !ok {
					continue
				}
				ox, oy := l.Origin(j)
				if ox+col != x || oy+r != y || j >= l.Cols || r >= l.TileH || col >= l.TileW {
					t.Fatalf("%v: TileAt(%d, %d) = %d, %d, %d, but tile %d starts at (%d, %d)", c, x, y, j, r, col, j, ox, oy)
				}
				k := (r*l.TileW+col)*l.Cols + j
				if seen[k] {
					t.Fatalf("%v: entry %d seen twice", c, k)
				}
				seen[k] = true
			}
		}
		for k, s := range seen {
			if !s {
				t.Fatalf("%v: entry %d has no pixel", c, k)
			}
		}
	}
}

func TestTilesErrors(t *testing.T) {
	W := make([]float64, 784*50)
	for _, c := range []struct {
		name                                string
		W                                   []float64
		rows, cols, tileW, tileH, perRow, g int
		want                                string
	}{
		{"zero rows", nil, 0, 50, 28, 28, 10, 2, "viz: rows 0 must be positive"},
		{"zero cols", nil, 784, 0, 28, 28, 10, 2, "viz: cols 0 must be positive"},
		{"zero tile width", W, 784, 50, 0, 28, 10, 2, "viz: tile width 0 must be positive"},
		{"negative tile height", W, 784, 50, 28, -28, 10, 2, "viz: tile height -28 must be positive"},
		{"zero per row", W, 784, 50, 28, 28, 0, 2, "viz: tiles per row 0 must be positive"},
		{"negative gap", W, 784, 50, 28, 28, 10, -1, "viz: gap -1 must not be negative"},
		{"tile does not fit rows", W, 784, 50, 28, 27, 10, 2, "viz: 784 rows do not fill a 28×27 tile"},
		{"short matrix", W[:784*49], 784, 50, 28, 28, 10, 2, "viz: matrix has 38416 values, want 784×50 = 39200"},
		{"huge", nil, 1, 1 << 30, 1, 1, 1 << 20, 0, "too large"},
		{"huge gap", W, 784, 50, 28, 28, 10, 1 << 40, "too large"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := make([]byte, 3, 7)
			img, w, h, err := Tiles(dst, c.W, c.rows, c.cols, c.tileW, c.tileH, c.perRow, c.g, 1)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %v, want %q", err, c.want)
			}
			if w != 0 || h != 0 || len(img) != 3 || cap(img) != 7 {
				t.Errorf("got %d×%d and a buffer of len %d cap %d, want 0×0 and dst back", w, h, len(img), cap(img))
			}
		})
	}
	var l TileLayout // zero layout, not from NewTileLayout
	if _, err := l.Draw(nil, nil, 1); err == nil {
		t.Error("Draw on the zero TileLayout: no error")
	}
	if _, _, _, ok := l.TileAt(0, 0); ok {
		t.Error("TileAt on the zero TileLayout: ok")
	}
}

// TestTilesBuffer checks that a short dst is replaced by a new buffer and a
// large enough one is reused without allocating.
func TestTilesBuffer(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	W := randValues(rng, 784*50, -0.05, 0.05)
	short := make([]byte, 10)
	img, w, h, err := Tiles(short, W, 784, 50, 28, 28, 10, 2, 0.05)
	if err != nil || len(img) != 4*w*h {
		t.Fatalf("short buffer: %d bytes, %v", len(img), err)
	}
	big := make([]byte, 0, len(img)+100)
	got, _, _, _ := Tiles(big, W, 784, 50, 28, 28, 10, 2, 0.05)
	if &got[0] != &big[:1][0] || string(got) != string(img) {
		t.Error("a buffer with enough capacity was not reused, or the image differs")
	}
	allocs := testing.AllocsPerRun(10, func() {
		Tiles(big, W, 784, 50, 28, 28, 10, 2, 0.05)
	})
	if allocs != 0 {
		t.Errorf("Tiles allocates %v times with a large enough buffer, want 0", allocs)
	}
}
