package viz

import "fmt"

// Image draws x, a w×h image in row-major order (one value per pixel), with
// the diverging palette (±scale at full colour) or, if diverging is false,
// the sequential one (scale at full colour), and returns the RGBA bytes: dst
// grown as needed (no allocation if cap(dst) ≥ 4·w·h). It returns dst and an
// error if w or h is not positive, the image exceeds MaxPixels or len(x) is
// not w·h.
func Image(dst []byte, x []float64, w, h int, scale float64, diverging bool) ([]byte, error) {
	if w <= 0 || h <= 0 || w > MaxPixels/h {
		return dst, fmt.Errorf("viz: image of %d×%d pixels is empty or too large (max %d pixels)", w, h, MaxPixels)
	}
	if len(x) != w*h {
		return dst, fmt.Errorf("viz: image has %d values, want %d×%d = %d", len(x), w, h, w*h)
	}
	img, err := rgba(dst, w, h)
	if err != nil {
		return dst, err
	}
	p := newPainter(scale, diverging)
	for i, v := range x {
		*(*pixel)(img[4*i : 4*i+4]) = p.at(v)
	}
	return img, nil
}

// Image28 is Image for a 28×28 MNIST-sized image (784 values): an input x
// (Sequential, scale 1), a template W1[:,j] or the products x⊙W1[:,j]
// (Diverging).
func Image28(dst []byte, x []float64, scale float64, diverging bool) ([]byte, error) {
	return Image(dst, x, 28, 28, scale, diverging)
}
