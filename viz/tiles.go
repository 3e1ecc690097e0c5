package viz

import "fmt"

// TileLayout places the columns of a rows×cols matrix as tiles: column j is
// reshaped to TileH rows of TileW pixels (matrix row i = r·TileW + c is
// pixel (c, r) of the tile, the order of a 28×28 MNIST image), and the tiles
// are laid out PerRow to a row, left to right and top to bottom, with Gap
// pixels of GapColor between them and no outer margin. Make one with
// NewTileLayout.
type TileLayout struct {
	Rows, Cols   int // matrix shape; Rows = TileW·TileH
	TileW, TileH int // tile size in pixels
	PerRow       int // tiles per row of the image, at most Cols
	Gap          int // pixels between tiles
	W, H         int // image size in pixels
}

// NewTileLayout returns the layout of a rows×cols matrix as tiles of
// tileW×tileH pixels, perRow to a row (reduced to cols if larger), gap
// pixels apart. It returns an error if a size is not positive, gap is
// negative, rows is not tileW·tileH, or the image would exceed MaxPixels.
func NewTileLayout(rows, cols, tileW, tileH, perRow, gap int) (TileLayout, error) {
	for _, s := range []struct {
		name string
		v    int
	}{{"rows", rows}, {"cols", cols}, {"tile width", tileW}, {"tile height", tileH}, {"tiles per row", perRow}} {
		if s.v <= 0 {
			return TileLayout{}, fmt.Errorf("viz: %s %d must be positive", s.name, s.v)
		}
	}
	if gap < 0 {
		return TileLayout{}, fmt.Errorf("viz: gap %d must not be negative", gap)
	}
	if tileW > MaxPixels/tileH || rows != tileW*tileH {
		return TileLayout{}, fmt.Errorf("viz: %d rows do not fill a %d×%d tile", rows, tileW, tileH)
	}
	perRow = min(perRow, cols)
	nrows := (cols + perRow - 1) / perRow
	// Bound each factor before multiplying so nothing overflows.
	if perRow > MaxPixels || nrows > MaxPixels || tileW+gap > MaxPixels || tileH+gap > MaxPixels {
		return TileLayout{}, fmt.Errorf("viz: %d tiles of %d×%d pixels are too large (max %d pixels)", cols, tileW, tileH, MaxPixels)
	}
	w := perRow*(tileW+gap) - gap
	h := nrows*(tileH+gap) - gap
	if w > MaxPixels/h {
		return TileLayout{}, fmt.Errorf("viz: %d tiles of %d×%d pixels are too large (max %d pixels)", cols, tileW, tileH, MaxPixels)
	}
	return TileLayout{Rows: rows, Cols: cols, TileW: tileW, TileH: tileH, PerRow: perRow, Gap: gap, W: w, H: h}, nil
}

// Size returns the image size in pixels.
func (l TileLayout) Size() (w, h int) { return l.W, l.H }

// Origin returns the top-left pixel of tile j (not checked against Cols).
func (l TileLayout) Origin(j int) (x, y int) {
	return (j % l.PerRow) * (l.TileW + l.Gap), (j / l.PerRow) * (l.TileH + l.Gap)
}

// TileAt maps pixel (x, y) of the image back to tile j (the matrix column)
// and the pixel's row and column inside the tile; the matrix row is
// row·TileW + col. ok is false for a pixel outside the image, in a gap or in
// an unused slot after the last tile, e.g. for a mouse position on the
// canvas (scale CSS pixels to image pixels first).
func (l TileLayout) TileAt(x, y int) (j, row, col int, ok bool) {
	if l.PerRow <= 0 || x < 0 || y < 0 || x >= l.W || y >= l.H {
		return 0, 0, 0, false
	}
	tx, col := x/(l.TileW+l.Gap), x%(l.TileW+l.Gap)
	ty, row := y/(l.TileH+l.Gap), y%(l.TileH+l.Gap)
	j = ty*l.PerRow + tx
	if col >= l.TileW || row >= l.TileH || j >= l.Cols {
		return 0, 0, 0, false
	}
	return j, row, col, true
}

// Tiles draws each column j of W, a rows×cols row-major matrix (W1 is
// 784×50), as a tileW×tileH tile on the diverging palette with ±scale at
// full colour, laid out as NewTileLayout(rows, cols, tileW, tileH, perRow,
// gap) describes, and returns the RGBA image and its size. img is dst[:4·w·h]
// if dst has the capacity (then nothing is allocated) or a new slice. It
// returns dst and an error if the layout is invalid or len(W) is not
// rows·cols.
func Tiles(dst []byte, W []float64, rows, cols, tileW, tileH, perRow, gap int, scale float64) (img []byte, w, h int, err error) {
	l, err := NewTileLayout(rows, cols, tileW, tileH, perRow, gap)
	if err != nil {
		return dst, 0, 0, err
	}
	img, err = l.Draw(dst, W, scale)
	if err != nil {
		return dst, 0, 0, err
	}
	return img, l.W, l.H, nil
}

// Draw is Tiles for a layout made by NewTileLayout: it draws W (Rows×Cols,
// row-major) into dst, grown as needed, and returns the image (l.W×l.H). It
// returns dst and an error if l is not a layout NewTileLayout returns or
// len(W) is not Rows·Cols.
func (l TileLayout) Draw(dst []byte, W []float64, scale float64) ([]byte, error) {
	return l.draw(dst, W, scale, true)
}

// DrawSequential is Draw for non-negative values (differences, counts):
// Sequential with max at full colour instead of Diverging.
func (l TileLayout) DrawSequential(dst []byte, W []float64, max float64) ([]byte, error) {
	return l.draw(dst, W, max, false)
}

func (l TileLayout) draw(dst []byte, W []float64, scale float64, diverging bool) ([]byte, error) {
	if v, err := NewTileLayout(l.Rows, l.Cols, l.TileW, l.TileH, l.PerRow, l.Gap); err != nil || v != l {
		return dst, fmt.Errorf("viz: invalid tile layout %+v", l)
	}
	if len(W) != l.Rows*l.Cols {
		return dst, fmt.Errorf("viz: matrix has %d values, want %d×%d = %d", len(W), l.Rows, l.Cols, l.Rows*l.Cols)
	}
	img, err := rgba(dst, l.W, l.H)
	if err != nil {
		return dst, err
	}
	if l.Gap > 0 || l.PerRow*((l.Cols+l.PerRow-1)/l.PerRow) != l.Cols {
		fill(img, gapPixel)
	}
	p := newPainter(scale, diverging)
	stride := 4 * l.W
	for j := range l.Cols {
		ox, oy := l.Origin(j)
		for r := range l.TileH {
			line := img[(oy+r)*stride+4*ox : (oy+r)*stride+4*(ox+l.TileW)]
			i := r * l.TileW * l.Cols // index of W[r·TileW][0]
			for c := 0; c < len(line); c += 4 {
				*(*pixel)(line[c : c+4]) = p.at(W[i+j])
				i += l.Cols
			}
		}
	}
	return img, nil
}
