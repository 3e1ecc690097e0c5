package mnist

import (
	"bytes"
	"compress/gzip"
	"errors"
	"io"
	"strings"
	"testing"
)

// Seed corpora: testdata/fuzz/FuzzDecodeRaw and testdata/fuzz/FuzzDecodeGzip
// hold the malformed files of testdata/ and a few valid ones; the f.Add
// seeds below cover the edge cases that are easiest to state in code.

var kinds = []error{ErrCompression, ErrMagic, ErrTruncated, ErrDimensions, ErrCount,
	ErrCountMismatch, ErrTooLarge, ErrLabel, ErrTrailingData, ErrChecksum}

// checkDecodeErr fails unless err is a *FormatError of one known kind with a
// "mnist: " message: with an in-memory reader there are no I/O errors.
func checkDecodeErr(t *testing.T, err error) {
	t.Helper()
	var fe *FormatError
	if !errors.As(err, &fe) {
		t.Fatalf("error %v is %T, want *FormatError", err, err)
	}
	known := false
	for _, k := range kinds {
		if fe.Kind == k && errors.Is(err, k) {
			known = true
		}
	}
	if !known {
		t.Fatalf("error %v has unknown kind %v", err, fe.Kind)
	}
	if !strings.HasPrefix(err.Error(), "mnist: ") {
		t.Fatalf("error %q lacks the mnist: prefix", err)
	}
}

// allocLimit is the most a decode may allocate for data bytes of
// (decompressed) input: the first buffer is at most 1 MiB, a growing buffer
// at most doubles what arrived, and the gzip reader needs about 50 KiB.
func allocLimit(data int) uint64 { return 2<<20 + 4*uint64(data) }

// decodeBoth runs the image and label decoders and checks what must hold for
// any input: no panic, bounded allocation, typed errors, and a successful
// decode re-encodes to exactly the input.
func decodeBoth(t *testing.T, name string, input, raw []byte,
	decImg func(io.Reader) (*Images, error), decLbl func(io.Reader) ([]uint8, error)) (imgErr, lblErr error) {
	t.Helper()
	limit := allocLimit(max(len(input), len(raw)))
	var im *Images
	// A reader without Len() makes the decoder grow its buffer.
	if n := allocated(func() { im, imgErr = decImg(struct{ io.Reader }{bytes.NewReader(input)}) }); n > limit {
		t.Fatalf("%s images: allocated %d bytes for %d bytes of input, limit %d", name, n, len(raw), limit)
	}
	if imgErr != nil {
		checkDecodeErr(t, imgErr)
	} else {
		if im.N < 1 || im.N > MaxImages || im.Rows != Rows || im.Cols != Cols || len(im.Pix) != im.N*Rows*Cols {
			t.Fatalf("%s images: decoded N=%d %d×%d with %d pixels", name, im.N, im.Rows, im.Cols, len(im.Pix))
		}
		var buf bytes.Buffer
		if err := EncodeRawImages(&buf, im); err != nil || !bytes.Equal(buf.Bytes(), raw) {
			t.Fatalf("%s images: re-encoding gives %d bytes (err %v), want the %d input bytes", name, buf.Len(), err, len(raw))
		}
	}
	var labels []uint8
	if n := allocated(func() { labels, lblErr = decLbl(bytes.NewReader(input)) }); n > limit {
		t.Fatalf("%s labels: allocated %d bytes for %d bytes of input, limit %d", name, n, len(raw), limit)
	}
	if lblErr != nil {
		checkDecodeErr(t, lblErr)
	} else {
		var buf bytes.Buffer
		if err := EncodeRawLabels(&buf, labels); err != nil || !bytes.Equal(buf.Bytes(), raw) {
			t.Fatalf("%s labels: re-encoding gives %d bytes (err %v), want the %d input bytes", name, buf.Len(), err, len(raw))
		}
	}
	return imgErr, lblErr
}

func rawSeeds() [][]byte {
	img := []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28}
	img = append(img, bytes.Repeat([]byte{0x80}, 784)...)
	return [][]byte{
		img,                                  // one valid image
		{0, 0, 8, 1, 0, 0, 0, 3, 0, 5, 9},    // three valid labels
		{0, 0, 8, 1, 0, 1, 0x86, 0xa0, 1, 2}, // 100000 labels claimed, two given
		{0, 0, 8, 3, 0, 1, 0x86, 0xa0, 0, 0, 0, 28, 0, 0, 0, 28, 1}, // 100000 images claimed
		{0, 0, 8, 3, 0x7f, 0xff, 0xff, 0xff, 0, 0, 0, 28, 0, 0, 0, 28},
		{0, 0, 8, 3, 0, 0, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff},
		{},
	}
}

func FuzzDecodeRaw(f *testing.F) {
	for _, s := range rawSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		decodeBoth(t, "raw", data, data, DecodeRawImages, DecodeRawLabels)
	})
}

func FuzzDecodeGzip(f *testing.F) {
	for _, s := range rawSeeds() {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(s)
		zw.Close()
		f.Add(buf.Bytes())
	}
	f.Add([]byte{0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff}) // header only
	f.Fuzz(func(t *testing.T, data []byte) {
		// What the stream decompresses to, as far as the decoders could
		// read (their payload is at most 16 + 100000·784 bytes).
		var raw []byte
		var gzErr error
		if zr, err := gzip.NewReader(bytes.NewReader(data)); err != nil {
			gzErr = err
		} else {
			raw, gzErr = io.ReadAll(io.LimitReader(zr, 16+MaxImages*Rows*Cols+1))
		}
		imgErr, lblErr := decodeBoth(t, "gzip", data, raw, DecodeImages, DecodeLabels)
		// A decoder that succeeds has read the stream to its end, so a
		// broken stream must fail both.
		if gzErr != nil && (imgErr == nil || lblErr == nil) {
			t.Fatalf("gzip stream is broken (%v) but a decoder accepted it", gzErr)
		}
	})
}
