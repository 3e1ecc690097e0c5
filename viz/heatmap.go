package viz

import "fmt"

// Heatmap draws M, a rows×cols row-major matrix (W2 is 50×10), as cells of
// cell×cell pixels without gaps, entry (r, c) at pixels [c·cell, (c+1)·cell)
// × [r·cell, (r+1)·cell), and returns the RGBA image and its size
// (cols·cell × rows·cell). With diverging it uses Diverging with ±scale at
// full colour (weights, gradients), otherwise Sequential with scale at full
// colour (counts such as a confusion matrix, activations). img is
// dst[:4·w·h] if dst has the capacity (then nothing is allocated) or a new
// slice. It returns dst and an error if a size is not positive, len(M) is
// not rows·cols or the image would exceed MaxPixels.
func Heatmap(dst []byte, M []float64, rows, cols, cell int, scale float64, diverging bool) (img []byte, w, h int, err error) {
	if rows <= 0 || cols <= 0 || cell <= 0 {
		return dst, 0, 0, fmt.Errorf("viz: heatmap of %d×%d cells of %d pixels has no pixels", rows, cols, cell)
	}
	if rows > MaxPixels/cols || len(M) != rows*cols {
		return dst, 0, 0, fmt.Errorf("viz: matrix has %d values, want %d×%d", len(M), rows, cols)
	}
	if cell > MaxPixels || cols > MaxPixels/cell || rows > MaxPixels/cell {
		return dst, 0, 0, fmt.Errorf("viz: heatmap of %d×%d cells of %d pixels is too large (max %d pixels)", rows, cols, cell, MaxPixels)
	}
	w, h = cols*cell, rows*cell
	img, err = rgba(dst, w, h)
	if err != nil {
		return dst, 0, 0, err
	}
	p := newPainter(scale, diverging)
	stride := 4 * w
	for r := range rows {
		line := img[r*cell*stride : r*cell*stride+stride]
		for c, v := range M[r*cols : r*cols+cols] {
			px := p.at(v)
			for x := c * cell * 4; x < (c+1)*cell*4; x += 4 {
				*(*pixel)(line[x : x+4]) = px
			}
		}
		// The other cell-1 pixel rows of this matrix row are copies.
		for k := 1; k < cell; k++ {
			copy(img[(r*cell+k)*stride:(r*cell+k+1)*stride], line)
		}
	}
	return img, w, h, nil
}

// CellAt maps pixel (x, y) of a Heatmap of rows×cols cells of cell pixels
// back to the matrix entry (r, c); ok is false outside the image.
func CellAt(x, y, rows, cols, cell int) (r, c int, ok bool) {
	if cell <= 0 || x < 0 || y < 0 {
		return 0, 0, false
	}
	r, c = y/cell, x/cell
	if r >= rows || c >= cols {
		return 0, 0, false
	}
	return r, c, true
}
