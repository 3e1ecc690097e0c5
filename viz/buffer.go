package viz

import (
	"errors"
	"fmt"
)

// MaxPixels bounds the size of an image the drawing functions produce
// (64 MiB of RGBA), so that a mistyped size cannot make the wasm instance
// try to allocate gigabytes.
const MaxPixels = 1 << 24

// errNoPixels is returned for an image with a non-positive dimension.
var errNoPixels = errors.New("viz: image has no pixels")

// rgba returns dst resized to w×h RGBA pixels: dst[:4·w·h] if its capacity
// allows, a new slice otherwise. It returns an error for sizes that are not
// positive or exceed MaxPixels.
func rgba(dst []byte, w, h int) ([]byte, error) {
	if w <= 0 || h <= 0 {
		return nil, fmt.Errorf("%w: %d×%d", errNoPixels, w, h)
	}
	if w > MaxPixels/h {
		return nil, fmt.Errorf("viz: image of %d×%d pixels is too large (max %d pixels)", w, h, MaxPixels)
	}
	n := 4 * w * h
	if cap(dst) >= n {
		return dst[:n], nil
	}
	return make([]byte, n), nil
}

// fill sets every pixel of img to p, doubling the filled prefix with copy.
func fill(img []byte, p pixel) {
	if len(img) < 4 {
		return
	}
	*(*pixel)(img[:4]) = p
	for n := 4; n < len(img); n *= 2 {
		copy(img[n:], img[:n])
	}
}
