package mnist

import (
	"bytes"
	"errors"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// randomSplit returns n images with random pixels and random labels.
func randomSplit(rng *rand.Rand, n int) Split {
	im := &Images{N: n, Rows: Rows, Cols: Cols, Pix: make([]uint8, n*Rows*Cols)}
	for i := range im.Pix {
		im.Pix[i] = uint8(rng.IntN(256))
	}
	labels := make([]uint8, n)
	for i := range labels {
		labels[i] = uint8(rng.IntN(NumClasses))
	}
	return Split{Images: im, Labels: labels}
}

func encode(t *testing.T, enc func(io.Writer) error) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := enc(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestMalformedFiles decodes each file in testdata with the decoder its name
// asks for ("images-" or "labels-", ".gz" or not) and checks the error kind
// and its full text.
func TestMalformedFiles(t *testing.T) {
	cases := []struct {
		file string
		kind error
		text string
	}{
		{"images-empty.idx", ErrTruncated, "mnist: file is empty"},
		{"images-short-header.idx", ErrTruncated, "mnist: header is truncated after 10 of 16 bytes"},
		{"images-bad-magic.idx", ErrMagic, "mnist: magic number 0x00000804 is not IDX images, want 0x00000803"},
		{"images-label-magic.idx", ErrMagic, "mnist: magic number 0x00000801 is that of labels, want 0x00000803 (images)"},
		{"images-zero-count.idx", ErrCount, "mnist: header says 0 images"},
		{"images-count-max-uint.idx", ErrTooLarge, "mnist: header claims 4294967295 images, more than the 100000 allowed"},
		{"images-count-100001.idx", ErrTooLarge, "mnist: header claims 100001 images, more than the 100000 allowed"},
		{"images-zero-rows.idx", ErrDimensions, "mnist: images are 0×28 pixels, want 28×28"},
		{"images-32x32.idx", ErrDimensions, "mnist: images are 32×32 pixels, want 28×28"},
		{"images-truncated.idx", ErrTruncated, "mnist: pixel data is truncated after 1176 of 1568 bytes (1 of 2 images complete)"},
		{"images-no-pixels.idx", ErrTruncated, "mnist: pixel data is truncated after 0 of 1568 bytes (0 of 2 images complete)"},
		{"images-trailing.idx", ErrTrailingData, "mnist: file goes on after the last item"},
		{"images-not-gzip.idx.gz", ErrCompression, "mnist: not a gzip file: gzip: invalid header"},
		{"images-truncated.idx.gz", ErrTruncated, "mnist: pixel data is truncated after 131 of 1568 bytes (0 of 2 images complete)"},
		{"images-gzip-no-trailer.idx.gz", ErrTruncated, "mnist: gzip trailer is truncated: unexpected EOF"},
		{"images-bad-crc.idx.gz", ErrCompression, "mnist: corrupt gzip stream: gzip: invalid checksum"},
		{"images-trailing.idx.gz", ErrTrailingData, "mnist: file goes on after the last item"},
		{"labels-bad-magic.idx", ErrMagic, "mnist: magic number 0x00000803 is that of images, want 0x00000801 (labels)"},
		{"labels-digit-10.idx", ErrLabel, "mnist: label 10 at index 2 is not a digit 0-9"},
		{"labels-digit-255.idx.gz", ErrLabel, "mnist: label 255 at index 1 is not a digit 0-9"},
		{"labels-truncated.idx", ErrTruncated, "mnist: label data is truncated after 2 of 5 bytes"},
		{"labels-short-header.idx", ErrTruncated, "mnist: header is truncated after 3 of 8 bytes"},
		{"labels-count-200000.idx", ErrTooLarge, "mnist: header claims 200000 labels, more than the 100000 allowed"},
		{"labels-zero-count.idx", ErrCount, "mnist: header says 0 labels"},
		{"labels-trailing.idx", ErrTrailingData, "mnist: file goes on after the last item"},
	}
	// Every malformed file in testdata has a case, so none is forgotten.
	files, err := filepath.Glob("testdata/*.idx*")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		if !slices.ContainsFunc(cases, func(c struct {
			file string
			kind error
			text string
		}) bool {
			return c.file == filepath.Base(f)
		}) {
			t.Errorf("testdata file %s has no case", f)
		}
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join("testdata", c.file))
			if err != nil {
				t.Fatal(err)
			}
			r := bytes.NewReader(data)
			gz := strings.HasSuffix(c.file, ".gz")
			switch {
			case strings.HasPrefix(c.file, "labels-") && gz:
				_, err = DecodeLabels(r)
			case strings.HasPrefix(c.file, "labels-"):
				_, err = DecodeRawLabels(r)
			case gz:
				_, err = DecodeImages(r)
			default:
				_, err = DecodeRawImages(r)
			}
			if err == nil {
				t.Fatal("decoded without error")
			}
			if err.Error() != c.text {
				t.Errorf("error is\n\t%s\nwant\n\t%s", err, c.text)
			}
			var fe *FormatError
			if !errors.As(err, &fe) {
				t.Fatalf("error %v is %T, want *FormatError", err, err)
			}
			if !errors.Is(err, c.kind) {
				t.Errorf("error kind is %v, want %v", fe.Kind, c.kind)
			}
		})
	}
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	s := randomSplit(rng, 37)
	for _, c := range []struct {
		name   string
		encImg func(io.Writer, *Images) error
		encLbl func(io.Writer, []uint8) error
		decImg func(io.Reader) (*Images, error)
		decLbl func(io.Reader) ([]uint8, error)
	}{
		{"raw", EncodeRawImages, EncodeRawLabels, DecodeRawImages, DecodeRawLabels},
		{"gzip", EncodeImages, EncodeLabels, DecodeImages, DecodeLabels},
	} {
		t.Run(c.name, func(t *testing.T) {
			img := encode(t, func(w io.Writer) error { return c.encImg(w, s.Images) })
			lbl := encode(t, func(w io.Writer) error { return c.encLbl(w, s.Labels) })
			// A reader that hides its length exercises the growing buffer.
			im, err := c.decImg(struct{ io.Reader }{bytes.NewReader(img)})
			if err != nil {
				t.Fatal(err)
			}
			if im.N != 37 || im.Rows != 28 || im.Cols != 28 || !bytes.Equal(im.Pix, s.Images.Pix) {
				t.Errorf("images decoded as N=%d %d×%d, pixels equal %v; want 37 28×28, equal",
					im.N, im.Rows, im.Cols, bytes.Equal(im.Pix, s.Images.Pix))
			}
			labels, err := c.decLbl(bytes.NewReader(lbl))
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(labels, s.Labels) {
				t.Errorf("labels decoded as %v, want %v", labels, s.Labels)
			}
		})
	}
}

func TestRawLayout(t *testing.T) {
	// The header is big-endian: magic, count, rows, cols.
	im := &Images{N: 1, Rows: 28, Cols: 28, Pix: make([]uint8, 784)}
	im.Pix[0], im.Pix[783] = 1, 2
	b := encode(t, func(w io.Writer) error { return EncodeRawImages(w, im) })
	wantHeader := []byte{0, 0, 8, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28}
	if len(b) != 16+784 || !bytes.Equal(b[:16], wantHeader) || b[16] != 1 || b[len(b)-1] != 2 {
		t.Errorf("raw image file is %d bytes with header % x, want %d bytes with header % x", len(b), b[:16], 16+784, wantHeader)
	}
	b = encode(t, func(w io.Writer) error { return EncodeRawLabels(w, []uint8{9, 0}) })
	if want := []byte{0, 0, 8, 1, 0, 0, 0, 2, 9, 0}; !bytes.Equal(b, want) {
		t.Errorf("raw label file is % x, want % x", b, want)
	}
}

func TestImage(t *testing.T) {
	s := randomSplit(rand.New(rand.NewPCG(3, 4)), 3)
	img := s.Images.Image(1)
	if !bytes.Equal(img, s.Images.Pix[784:1568]) {
		t.Error("Image(1) is not the second 784 pixels")
	}
	if cap(img) != 784 {
		t.Errorf("Image(1) has capacity %d, want 784 so appends cannot overwrite image 2", cap(img))
	}
}

func TestLoad(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	train, test := randomSplit(rng, 20), randomSplit(rng, 7)
	gzImg := func(s Split) []byte { return encode(t, func(w io.Writer) error { return EncodeImages(w, s.Images) }) }
	gzLbl := func(s Split) []byte { return encode(t, func(w io.Writer) error { return EncodeLabels(w, s.Labels) }) }
	r := bytes.NewReader

	set, err := Load(r(gzImg(train)), r(gzLbl(train)), r(gzImg(test)), r(gzLbl(test)))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(set.Train.Images.Pix, train.Images.Pix) || !bytes.Equal(set.Train.Labels, train.Labels) ||
		!bytes.Equal(set.Test.Images.Pix, test.Images.Pix) || !bytes.Equal(set.Test.Labels, test.Labels) {
		t.Error("loaded set differs from the encoded one")
	}

	t.Run("decompressed", func(t *testing.T) {
		rawImg := func(s Split) []byte {
			return encode(t, func(w io.Writer) error { return EncodeRawImages(w, s.Images) })
		}
		rawLbl := func(s Split) []byte {
			return encode(t, func(w io.Writer) error { return EncodeRawLabels(w, s.Labels) })
		}
		set, err := Load(r(rawImg(train)), r(rawLbl(train)), r(gzImg(test)), r(rawLbl(test)))
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(set.Train.Images.Pix, train.Images.Pix) || !bytes.Equal(set.Test.Labels, test.Labels) {
			t.Error("loaded set differs from the encoded one")
		}
	})
	t.Run("count mismatch", func(t *testing.T) {
		_, err := Load(r(gzImg(train)), r(gzLbl(train)), r(gzImg(test)), r(gzLbl(train)))
		const want = "mnist: test: 7 images but 20 labels"
		if !errors.Is(err, ErrCountMismatch) || err.Error() != want {
			t.Errorf("error is %v, want %q (ErrCountMismatch)", err, want)
		}
	})
	t.Run("error names the file", func(t *testing.T) {
		_, err := Load(r(gzImg(train)), r(gzImg(train)), r(gzImg(test)), r(gzLbl(test)))
		const want = "mnist: train labels: magic number 0x00000803 is that of images, want 0x00000801 (labels)"
		if !errors.Is(err, ErrMagic) || err.Error() != want {
			t.Errorf("error is %v, want %q (ErrMagic)", err, want)
		}
	})
}

// errReader fails after giving its data.
type errReader struct {
	data []byte
	err  error
}

func (r *errReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, r.err
	}
	n := copy(p, r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestReadErrorIsNotFormatError(t *testing.T) {
	broken := errors.New("disk on fire")
	b := encode(t, func(w io.Writer) error { return EncodeRawLabels(w, []uint8{1, 2, 3}) })
	_, err := DecodeRawLabels(&errReader{data: b[:9], err: broken})
	var fe *FormatError
	if !errors.Is(err, broken) || errors.As(err, &fe) {
		t.Errorf("error is %v (%T), want it to wrap %v and not be a *FormatError", err, err, broken)
	}
	if err != nil && !strings.HasPrefix(err.Error(), "mnist: ") {
		t.Errorf("error %q lacks the mnist: prefix", err)
	}
}

// allocated returns the bytes allocated while f runs.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestClaimedSizeIsNotTrusted decodes a header that claims 100,000 images
// (78.4 MB) followed by one image: the decoder must fail as truncated
// without allocating anything like the claimed size.
func TestClaimedSizeIsNotTrusted(t *testing.T) {
	header := []byte{0, 0, 8, 3, 0, 1, 0x86, 0xa0, 0, 0, 0, 28, 0, 0, 0, 28} // 100000 images
	data := append(header, make([]byte, 784)...)
	gz := encode(t, func(w io.Writer) error {
		return writeGzip(w, func(w io.Writer) error { _, err := w.Write(data); return err })
	})
	// 2 MiB: the first buffer is 1 MiB; the rest is small change (the gzip
	// reader's window and tables are about 50 KiB).
	const limit = 2 << 20
	for _, c := range []struct {
		name   string
		decode func() error
	}{
		{"raw", func() error { _, err := DecodeRawImages(struct{ io.Reader }{bytes.NewReader(data)}); return err }},
		{"raw with Len", func() error { _, err := DecodeRawImages(bytes.NewReader(data)); return err }},
		{"gzip", func() error { _, err := DecodeImages(bytes.NewReader(gz)); return err }},
	} {
		t.Run(c.name, func(t *testing.T) {
			var err error
			n := allocated(func() { err = c.decode() })
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("error is %v, want ErrTruncated", err)
			}
			if n > limit {
				t.Errorf("decoding allocated %d bytes, want at most %d", n, limit)
			}
		})
	}
}
