package mnist

import (
	"bytes"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

func TestEncodeRejects(t *testing.T) {
	ok := randomSplit(rand.New(rand.NewPCG(7, 8)), 2).Images
	cases := []struct {
		name string
		enc  func(io.Writer) error
		want string
	}{
		{"nil images", func(w io.Writer) error { return EncodeImages(w, nil) }, "mnist: cannot encode nil images"},
		{"zero images", func(w io.Writer) error { return EncodeRawImages(w, &Images{Rows: 28, Cols: 28}) }, "mnist: cannot encode 0 images, want 1 to 100000"},
		{"too many images", func(w io.Writer) error { return EncodeImages(w, &Images{N: MaxImages + 1, Rows: 28, Cols: 28}) }, "mnist: cannot encode 100001 images, want 1 to 100000"},
		{"wrong size", func(w io.Writer) error {
			return EncodeRawImages(w, &Images{N: 1, Rows: 14, Cols: 56, Pix: make([]uint8, 784)})
		}, "mnist: cannot encode images of 14×56 pixels, want 28×28"},
		{"short pixels", func(w io.Writer) error {
			return EncodeImages(w, &Images{N: 2, Rows: 28, Cols: 28, Pix: ok.Pix[:1000]})
		}, "mnist: cannot encode 2 images from 1000 pixels, want 1568"},
		{"no labels", func(w io.Writer) error { return EncodeLabels(w, nil) }, "mnist: cannot encode 0 labels, want 1 to 100000"},
		{"label 10", func(w io.Writer) error { return EncodeRawLabels(w, []uint8{3, 10}) }, "mnist: cannot encode label 10 at index 1, want a digit 0-9"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := c.enc(&buf)
			if err == nil || err.Error() != c.want {
				t.Errorf("error is %v, want %q", err, c.want)
			}
			if buf.Len() != 0 {
				t.Errorf("wrote %d bytes, want none", buf.Len())
			}
		})
	}
}

// TestGzipIsDeterministic checks that the gzip output depends only on the
// content: no name, no time in the header, so cmd/mksubset makes the same
// bytes on every run.
func TestGzipIsDeterministic(t *testing.T) {
	s := randomSplit(rand.New(rand.NewPCG(9, 10)), 5)
	a := encode(t, func(w io.Writer) error { return EncodeImages(w, s.Images) })
	b := encode(t, func(w io.Writer) error { return EncodeImages(w, s.Images) })
	if !bytes.Equal(a, b) {
		t.Error("two encodings of the same images differ")
	}
	// ID1 ID2 CM FLG MTIME(4) XFL OS: no flags (no name), zero time.
	if want := "\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"; !strings.HasPrefix(string(a), want) {
		t.Errorf("gzip header is % x, want % x", a[:10], want)
	}
}
