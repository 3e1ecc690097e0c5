package digit

// FromRGBA returns the grey levels of a w×h RGBA image (4 bytes per pixel,
// R, G, B, A, not premultiplied, as in a canvas's ImageData), one byte per
// pixel, for Normalize. Each pixel becomes its luminance composited over
// black, Y·A/255 with Y the Rec. 601 luma (0.299 R + 0.587 G + 0.114 B),
// so both an opaque black canvas with white strokes and a transparent
// canvas with white strokes give ink = stroke coverage, anti-aliased edges
// included. It returns nil if w or h is not in 1..MaxSide or
// len(rgba) != 4*w*h; it does not modify rgba.
func FromRGBA(rgba []uint8, w, h int) []uint8 {
	if checkSize(len(rgba), w, h, 4) != nil {
		return nil
	}
	return AppendFromRGBA(make([]uint8, 0, w*h), rgba)
}

// AppendFromRGBA appends the grey levels of the RGBA pixels in rgba (see
// FromRGBA) to dst and returns the extended slice; a trailing partial pixel
// is ignored. Reusing dst across frames avoids allocating:
//
//	gray = digit.AppendFromRGBA(gray[:0], rgba)
func AppendFromRGBA(dst, rgba []uint8) []uint8 {
	n := len(rgba) / 4
	start := len(dst)
	dst = append(dst, make([]uint8, n)...)
	out := dst[start:]
	for i := range out {
		p := rgba[4*i : 4*i+4 : 4*i+4]
		// Fixed-point luma as in image/color: the weights sum to 1<<16.
		y := (19595*uint32(p[0]) + 38470*uint32(p[1]) + 7471*uint32(p[2]) + 1<<15) >> 16
		// y·a/255 rounded to nearest without a division: with
		// t = y·a + 128, (t + t>>8) >> 8 equals round(y·a/255) exactly
		// for y, a in 0..255 (Blinn, "Three wrongs make a right", 1995;
		// TestFromRGBARounding checks all 65536 pairs).
		t := y*uint32(p[3]) + 128
		out[i] = uint8((t + t>>8) >> 8)
	}
	return dst
}
