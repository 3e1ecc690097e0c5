package icon

import (
	"bytes"
	"encoding/xml"
	"image/png"
	"testing"
)

func TestPNG(t *testing.T) {
	for _, size := range []int{192, 512} {
		b, err := PNG(size)
		if err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		if r := img.Bounds(); r.Dx() != size || r.Dy() != size {
			t.Errorf("PNG(%d) is %v", size, r)
		}
		// The corner is outside the rounded square, the centre of a node
		// is white, the middle of the left edge is the theme's blue.
		if _, _, _, a := img.At(0, 0).RGBA(); a != 0 {
			t.Errorf("PNG(%d): corner alpha %d, want transparent", size, a)
		}
		s := float64(size) / box
		if r, g, b, _ := img.At(int(120*s), int(256*s)).RGBA(); r>>8 != 0xff || g>>8 != 0xff || b>>8 != 0xff {
			t.Errorf("PNG(%d): a node's centre is %x %x %x, want white", size, r>>8, g>>8, b>>8)
		}
		if r, g, b, _ := img.At(int(10*s), size/2).RGBA(); r>>8 != 0x00 || g>>8 != 0x72 || b>>8 != 0xB2 {
			t.Errorf("PNG(%d): the background is %x %x %x, want %s", size, r>>8, g>>8, b>>8, ThemeColor)
		}
	}
}

func TestSVG(t *testing.T) {
	d := xml.NewDecoder(bytes.NewReader(SVG()))
	n := 0
	for {
		tok, err := d.Token()
		if err != nil {
			break
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "circle" {
			n++
		}
	}
	if n != 9 {
		t.Errorf("the SVG has %d nodes, want 9 (3-4-2)", n)
	}
}
