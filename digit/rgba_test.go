package digit

import (
	"bytes"
	"testing"
)

func TestFromRGBA(t *testing.T) {
	for _, c := range []struct {
		name string
		px   [4]uint8 // R, G, B, A
		want uint8
	}{
		{"opaque black background", [4]uint8{0, 0, 0, 255}, 0},
		{"opaque white stroke", [4]uint8{255, 255, 255, 255}, 255},
		{"transparent background", [4]uint8{0, 0, 0, 0}, 0},
		{"transparent white", [4]uint8{255, 255, 255, 0}, 0},
		// An anti-aliased edge on a transparent canvas: ImageData is not
		// premultiplied, so the colour stays white and alpha holds the
		// coverage.
		{"half-covered edge, transparent canvas", [4]uint8{255, 255, 255, 128}, 128},
		{"half-covered edge, black canvas", [4]uint8{128, 128, 128, 255}, 128},
		// Rec. 601 luma weights: 0.299, 0.587, 0.114.
		{"red", [4]uint8{255, 0, 0, 255}, 76},
		{"green", [4]uint8{0, 255, 0, 255}, 150},
		{"blue", [4]uint8{0, 0, 255, 255}, 29},
	} {
		t.Run(c.name, func(t *testing.T) {
			rgba := append(c.px[:], c.px[:]...) // a 2×1 image
			before := bytes.Clone(rgba)
			got := FromRGBA(rgba, 2, 1)
			if want := []uint8{c.want, c.want}; !bytes.Equal(got, want) {
				t.Errorf("FromRGBA(%v) = %v, want %v", c.px, got, want)
			}
			if !bytes.Equal(rgba, before) {
				t.Errorf("FromRGBA modified its input")
			}
		})
	}
}

func TestFromRGBABadSize(t *testing.T) {
	for _, c := range []struct {
		name string
		n    int
		w, h int
	}{
		{"short", 4*6 - 1, 2, 3},
		{"long", 4*6 + 4, 2, 3},
		{"gray-sized", 6, 2, 3},
		{"zero", 0, 0, 0},
		{"negative", 16, -2, -2},
		{"too large", 4 * (MaxSide + 1), MaxSide + 1, 1},
		{"w*h*4 overflows to 0", 0, 1 << 31, 1 << 31},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := FromRGBA(make([]uint8, c.n), c.w, c.h); got != nil {
				t.Errorf("FromRGBA of %d bytes as %d×%d = %d bytes, want nil", c.n, c.w, c.h, len(got))
			}
		})
	}
}

func TestAppendFromRGBA(t *testing.T) {
	rgba := []uint8{255, 255, 255, 255, 0, 0, 0, 255, 9, 9} // two pixels and a partial one
	got := AppendFromRGBA([]uint8{7}, rgba)
	if want := []uint8{7, 255, 0}; !bytes.Equal(got, want) {
		t.Errorf("AppendFromRGBA = %v, want %v", got, want)
	}
	big := make([]uint8, 4*canvasSide*canvasSide)
	buf := make([]uint8, 0, canvasSide*canvasSide)
	if n := testing.AllocsPerRun(10, func() { buf = AppendFromRGBA(buf[:0], big) }); n != 0 {
		t.Errorf("AppendFromRGBA into a large enough buffer allocates %v times, want 0", n)
	}
}

// TestFromRGBARounding checks the division-free y·a/255 against exact
// rounding for every grey level and alpha.
func TestFromRGBARounding(t *testing.T) {
	rgba := make([]uint8, 0, 4*256*256)
	for y := range 256 {
		for a := range 256 {
			rgba = append(rgba, uint8(y), uint8(y), uint8(y), uint8(a))
		}
	}
	got := FromRGBA(rgba, 256, 256)
	for y := range 256 {
		for a := range 256 {
			// Luma of a grey pixel is the grey level itself (the weights
			// sum to 1), so only the alpha scaling rounds.
			want := uint8((2*y*a + 255) / 510) // round(y·a/255), halves up
			if g := got[y*256+a]; g != want {
				t.Fatalf("grey %d, alpha %d: %d, want %d", y, a, g, want)
			}
		}
	}
}
