// Package viz turns the numbers of the net (weights, gradients, images,
// confusion matrices) into RGBA pixels for an HTML canvas: the page copies
// the bytes into an ImageData in one piece (js.CopyBytesToJS) and calls
// putImageData. The colouring is done here, in Go, so that it is tested
// natively and costs one copy per frame in the browser.
//
// It is pure Go (no syscall/js) and runs in the page's wasm instance, so the
// drawing functions are allocation-free once their destination buffer is
// large enough.
//
// # Colours
//
// Signed values (weights, gradients, products x⊙w) use Diverging, the
// ColorBrewer "RdBu" scheme: near-white #f7f7f7 at 0, red for negative and
// blue for positive values, saturated at ±scale, with the same lightness for
// v and -v, so neither sign looks more important. RdBu is one of the
// ColorBrewer schemes marked colour-blind safe: it does not rely on
// telling red from green. Non-negative values (counts, activations,
// probabilities) use Sequential, ColorBrewer "Blues", from near-white at 0
// to dark blue at max. Values beyond the scale are clipped to the end
// colours; NaN is a neutral mid grey that neither palette contains.
//
// # Buffers
//
// The drawing functions take a destination dst and return the image bytes,
// as append does: dst[:n] if cap(dst) ≥ n (no allocation), a new slice
// otherwise, so a caller keeps one buffer per canvas:
//
//	buf, w, h, err = viz.Tiles(buf, w1, 784, 50, 28, 28, 10, 2, viz.Scale(w1))
//
// Pixels are row-major RGBA, 4 bytes each, alpha always 255, the layout of
// ImageData.data and image.RGBA.Pix (stride 4·width). Bad sizes return an
// error and leave dst untouched; nothing in this package panics on user
// input.
package viz
