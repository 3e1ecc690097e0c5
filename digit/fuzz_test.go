package digit

import (
	"bytes"
	"errors"
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
