package digit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"testing"
)

// FuzzNormalize feeds arbitrary pixel buffers and sizes to Normalize. The
// buffer is tried as given, where nearly every size is wrong, and cut to a
// valid w'×h' canvas derived from w, so both paths get exercised. The seed
// corpus is in testdata/fuzz/FuzzNormalize.
func FuzzNormalize(f *testing.F) {
	f.Fuzz(func(t *testing.T, gray []uint8, w, h int) {
		before := bytes.Clone(gray)
		img, ok, err := Normalize(gray, w, h)
		valid := w > 0 && h > 0 && w <= MaxSide && h <= MaxSide && len(gray) == w*h
		if valid != (err == nil) || err != nil && !errors.Is(err, ErrSize) {
			t.Fatalf("Normalize(%d bytes, %d, %d) returned err=%v", len(gray), w, h, err)
		}
		check(t, &img, ok, err, gray)
		if len(gray) == 0 {
			return
		}
		w = 1 + int(uint(w)%uint(min(len(gray), MaxSide)))
		h = min(len(gray)/w, MaxSide)
		img, ok, err = Normalize(gray[:w*h], w, h)
		if err != nil {
			t.Fatalf("Normalize(%d bytes, %d, %d) returned err=%v, want nil", w*h, w, h, err)
		}
		check(t, &img, ok, err, gray[:w*h])
		if !bytes.Equal(gray, before) {
			t.Fatalf("Normalize modified its input")
		}
	})
}

// check asserts what holds for any input: ok exactly when the canvas is
// valid and some pixel is ink; a blank image unless ok; for a digit, ink
// within the 20×20 box and the brightest pixel 255.
func check(t *testing.T, img *[Pixels]uint8, ok bool, err error, gray []uint8) {
	t.Helper()
	hasInk := false
	for _, v := range gray {
		if v > InkThreshold {
			hasInk = true
			break
		}
	}
	if want := err == nil && hasInk; ok != want {
		t.Fatalf("ok=%v, want %v (err=%v, ink=%v)", ok, want, err, hasInk)
	}
	if !ok {
		if *img != ([Pixels]uint8{}) {
			t.Fatalf("ok=false but the image is not blank")
		}
		return
	}
	if bw, bh := bounds(img); bw == 0 || bw > Box || bh > Box {
		t.Fatalf("ink spans %d×%d px, want 1..%d on each side", bw, bh, Box)
	}
	if p := peak(img); p != 255 {
		t.Fatalf("brightest pixel %d, want 255", p)
	}
}

// FuzzRender feeds Render strokes made from arbitrary bytes: each 5 bytes
// are a point (x and y as int16 tenths of a pad pixel, so points fall
// inside and outside the pad, and a pressure byte), cut into strokes
// where a byte of cuts says so; special values replace coordinates where
// the data asks. For any input: no panic, an error exactly for a bad pad
// or a bad value, a blank image unless ok, and a digit within the field
// with its brightest pixel 255.
func FuzzRender(f *testing.F) {
	f.Add([]byte{0x10, 0x00, 0x10, 0x00, 0x80, 0x00, 0x05, 0x00, 0x09, 0x80}, []byte{0}, 280.0, 280.0, uint8(0))
	f.Add([]byte{0xff, 0x7f, 0xff, 0x7f, 0x00}, []byte{}, 1.0, 4096.0, uint8(1))
	f.Add([]byte{}, []byte{}, 280.0, 280.0, uint8(0))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, []byte{1, 2}, 0.5, 1.0, uint8(3))
	f.Add([]byte{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15}, []byte{0, 0}, 1.0, 1.0, uint8(1))
	f.Fuzz(func(t *testing.T, data, cuts []byte, w, h float64, special uint8) {
		if len(data) > 5*(MaxPoints+10) {
			return
		}
		var s []Stroke
		var cur Stroke
		bad := false
		specials := []float64{math.NaN(), math.Inf(1), math.Inf(-1), math.Copysign(0, -1), MaxCoord, -MaxCoord, 1e308, 5e-324}
		for i := 0; i+5 <= len(data); i += 5 {
			p := Point{
				X:        float64(int16(binary.LittleEndian.Uint16(data[i:]))) / 10,
				Y:        float64(int16(binary.LittleEndian.Uint16(data[i+2:]))) / 10,
				Pressure: float64(data[i+4]) / 255,
			}
			if k := i / 5; special != 0 && k%int(special) == 0 && k/int(special) < len(specials) {
				v := specials[k/int(special)]
				p.X = v
				bad = bad || !(math.Abs(v) <= MaxCoord)
			}
			cur = append(cur, p)
			if k := i / 5; k < len(cuts) && cuts[k]&1 == 1 {
				s = append(s, cur)
				cur = nil
			}
		}
		s = append(s, cur)
		img, ok, err := Render(s, w, h)
		badPad := !(w >= 1 && w <= MaxSide && h >= 1 && h <= MaxSide)
		switch {
		case badPad && !errors.Is(err, ErrSize):
			t.Fatalf("pad %v×%v: err=%v, want ErrSize", w, h, err)
		case !badPad && bad && !errors.Is(err, ErrStroke):
			t.Fatalf("a non-finite point: err=%v, want ErrStroke", err)
		case !badPad && !bad && err != nil:
			t.Fatalf("valid strokes: err=%v", err)
		}
		if !ok {
			if img != ([Pixels]uint8{}) {
				t.Fatal("ok=false but the image is not blank")
			}
			return
		}
		if p := peak(&img); p != 255 {
			t.Fatalf("brightest pixel %d, want 255", p)
		}
		if bw, bh := bounds(&img); bw > Box+1 || bh > Box+1 {
			t.Fatalf("ink spans %d×%d px, want at most %d on each side", bw, bh, Box+1)
		}
	})
}
