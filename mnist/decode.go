package mnist

import (
	"bufio"
	"bytes"
	"compress/flate"
	"compress/gzip"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Shape and limits of the data the decoders accept.
const (
	Rows       = 28      // pixel rows of an MNIST image
	Cols       = 28      // pixel columns of an MNIST image
	NumClasses = 10      // labels are 0 to NumClasses-1
	MaxImages  = 100_000 // most images (or labels) a file may hold; MNIST has 60,000

	imagesMagic = 0x00000803
	labelsMagic = 0x00000801
)

// Images holds N images of Rows×Cols uint8 pixels, row-major, one after the
// other: image i is Pix[i*Rows*Cols : (i+1)*Rows*Cols].
type Images struct {
	N, Rows, Cols int
	Pix           []uint8
}

// Image returns the pixels of image i as a slice of Pix (not a copy). It
// panics if i is out of range, like an index expression.
func (im *Images) Image(i int) []uint8 {
	size := im.Rows * im.Cols
	return im.Pix[i*size : (i+1)*size : (i+1)*size]
}

// Split is one part of a data set: images and their labels, same length.
type Split struct {
	Images *Images
	Labels []uint8
}

// Set is a data set: a training split and a test split.
type Set struct {
	Train, Test Split
}

// DecodeImages decodes a gzip-compressed IDX image file from r, reading r to
// its end. Malformed input gives a [*FormatError]; see the package doc.
func DecodeImages(r io.Reader) (*Images, error) {
	zr, err := newGzipReader(r)
	if err != nil {
		return nil, err
	}
	return DecodeRawImages(zr)
}

// DecodeLabels decodes a gzip-compressed IDX label file from r, reading r to
// its end. Malformed input gives a [*FormatError]; see the package doc.
func DecodeLabels(r io.Reader) ([]uint8, error) {
	zr, err := newGzipReader(r)
	if err != nil {
		return nil, err
	}
	return DecodeRawLabels(zr)
}

// DecodeRawImages decodes an uncompressed IDX image file from r, reading r
// to its end; the file must hold 1 to [MaxImages] images of 28×28 pixels and
// nothing after them.
func DecodeRawImages(r io.Reader) (*Images, error) {
	var h [16]byte
	if err := readHeader(r, h[:], imagesMagic); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(h[4:])
	rows := binary.BigEndian.Uint32(h[8:])
	cols := binary.BigEndian.Uint32(h[12:])
	if err := checkCount(n, "images"); err != nil {
		return nil, err
	}
	if rows != Rows || cols != Cols {
		return nil, formatErr(ErrDimensions, "images are %d×%d pixels, want %d×%d", rows, cols, Rows, Cols)
	}
	size := int(n) * Rows * Cols
	pix, err := readPayload(r, size)
	if err != nil {
		return nil, payloadErr(err, "pixel data", len(pix), size,
			fmt.Sprintf(" (%d of %d images complete)", len(pix)/(Rows*Cols), n))
	}
	if err := checkEOF(r); err != nil {
		return nil, err
	}
	return &Images{N: int(n), Rows: Rows, Cols: Cols, Pix: pix}, nil
}

// DecodeRawLabels decodes an uncompressed IDX label file from r, reading r
// to its end; the file must hold 1 to [MaxImages] labels, each 0 to 9, and
// nothing after them.
func DecodeRawLabels(r io.Reader) ([]uint8, error) {
	var h [8]byte
	if err := readHeader(r, h[:], labelsMagic); err != nil {
		return nil, err
	}
	n := binary.BigEndian.Uint32(h[4:])
	if err := checkCount(n, "labels"); err != nil {
		return nil, err
	}
	labels, err := readPayload(r, int(n))
	if err != nil {
		return nil, payloadErr(err, "label data", len(labels), int(n), "")
	}
	for i, l := range labels {
		if l >= NumClasses {
			return nil, formatErr(ErrLabel, "label %d at index %d is not a digit 0-9", l, i)
		}
	}
	if err := checkEOF(r); err != nil {
		return nil, err
	}
	return labels, nil
}

// Load decodes the four IDX files of a data set, each gzip-compressed (as
// distributed) or already decompressed, and checks that each split has as
// many labels as images. Errors name the file, e.g. "mnist: test labels:
// ...".
func Load(trainImg, trainLbl, testImg, testLbl io.Reader) (*Set, error) {
	var s Set
	var err error
	if s.Train, err = loadSplit("train", trainImg, trainLbl, decodeAnyImages, decodeAnyLabels); err != nil {
		return nil, err
	}
	if s.Test, err = loadSplit("test", testImg, testLbl, decodeAnyImages, decodeAnyLabels); err != nil {
		return nil, err
	}
	return &s, nil
}

// decodeAnyImages decodes an IDX image file, gzip-compressed or not.
func decodeAnyImages(r io.Reader) (*Images, error) {
	zr, err := gunzipMaybe(r)
	if err != nil {
		return nil, err
	}
	return DecodeRawImages(zr)
}

// decodeAnyLabels decodes an IDX label file, gzip-compressed or not.
func decodeAnyLabels(r io.Reader) ([]uint8, error) {
	zr, err := gunzipMaybe(r)
	if err != nil {
		return nil, err
	}
	return DecodeRawLabels(zr)
}

func loadSplit(name string, img, lbl io.Reader,
	decImg func(io.Reader) (*Images, error), decLbl func(io.Reader) ([]uint8, error)) (Split, error) {
	im, err := decImg(img)
	if err != nil {
		return Split{}, withPart(err, name+" images")
	}
	labels, err := decLbl(lbl)
	if err != nil {
		return Split{}, withPart(err, name+" labels")
	}
	if im.N != len(labels) {
		return Split{}, &FormatError{Part: name, Kind: ErrCountMismatch,
			Detail: fmt.Sprintf("%d images but %d labels", im.N, len(labels))}
	}
	return Split{Images: im, Labels: labels}, nil
}

// IsGzip reports whether b starts as a gzip stream does (an IDX file
// starts with two zero bytes).
func IsGzip(b []byte) bool { return len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b }

// gunzipMaybe returns r decompressed if it is a gzip stream, else r as it
// is: a browser that fetched a file with Content-Encoding hands over the
// IDX bytes themselves.
func gunzipMaybe(r io.Reader) (io.Reader, error) {
	br := bufio.NewReader(r)
	head, _ := br.Peek(2)
	if !IsGzip(head) {
		return br, nil
	}
	return newGzipReader(br)
}

func newGzipReader(r io.Reader) (*gzip.Reader, error) {
	zr, err := gzip.NewReader(r)
	switch {
	case err == nil:
		return zr, nil
	case err == io.EOF:
		return nil, formatErr(ErrTruncated, "file is empty")
	case err == gzip.ErrHeader:
		return nil, &FormatError{Kind: ErrCompression, Detail: "not a gzip file", Err: err}
	}
	return nil, readErr(err, "gzip header")
}

// readHeader fills h (magic number first) and checks the magic number.
func readHeader(r io.Reader, h []byte, magic uint32) error {
	if n, err := io.ReadFull(r, h); err != nil {
		if n == 0 && err == io.EOF {
			return formatErr(ErrTruncated, "file is empty")
		}
		if n < 4 || binary.BigEndian.Uint32(h) == magic {
			return payloadErr(err, "header", n, len(h), "")
		}
		// Too short, but a wrong magic number says more.
	}
	got := binary.BigEndian.Uint32(h)
	if got == magic {
		return nil
	}
	want, other := "images", "labels"
	if magic == labelsMagic {
		want, other = other, want
	}
	if got == imagesMagic || got == labelsMagic {
		return formatErr(ErrMagic, "magic number 0x%08x is that of %s, want 0x%08x (%s)", got, other, magic, want)
	}
	return formatErr(ErrMagic, "magic number 0x%08x is not IDX %s, want 0x%08x", got, want, magic)
}

func checkCount(n uint32, what string) error {
	if n == 0 {
		return formatErr(ErrCount, "header says 0 %s", what)
	}
	if n > MaxImages {
		return formatErr(ErrTooLarge, "header claims %d %s, more than the %d allowed", n, what, MaxImages)
	}
	return nil
}

// readPayload reads exactly n bytes. It does not trust n: unless r tells how
// much it holds, the buffer starts at 1 MiB at most and doubles as data
// arrives, so a header claiming much more data than follows costs little.
// On error it returns what it read.
func readPayload(r io.Reader, n int) ([]byte, error) {
	const initial = 1 << 20
	c := min(n, initial)
	if l, ok := r.(interface{ Len() int }); ok && l.Len() >= n {
		c = n
	}
	buf := make([]byte, 0, c)
	for {
		m, err := io.ReadFull(r, buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+m]
		if err != nil {
			if len(buf) == 0 && err == io.EOF {
				err = io.ErrUnexpectedEOF
			}
			return buf, err
		}
		if len(buf) == n {
			return buf, nil
		}
		grown := make([]byte, len(buf), min(n, 2*cap(buf)))
		copy(grown, buf)
		buf = grown
	}
}

// checkEOF reports data after the last item. Reading on to the end also
// makes a gzip reader verify its checksum.
func checkEOF(r io.Reader) error {
	var b [1]byte
	for {
		n, err := r.Read(b[:])
		if n > 0 {
			return formatErr(ErrTrailingData, "file goes on after the last item")
		}
		if err == io.EOF {
			return nil
		}
		if err != nil {
			// Only a decompressor reports a truncation here.
			return readErr(err, "gzip trailer")
		}
	}
}

// payloadErr describes a failed read of want bytes of which got arrived.
func payloadErr(err error, what string, got, want int, more string) error {
	if err == io.EOF || err == io.ErrUnexpectedEOF {
		return formatErr(ErrTruncated, "%s is truncated after %d of %d bytes%s", what, got, want, more)
	}
	return readErr(err, what)
}

// readErr classifies an error from the underlying reader: gzip and flate
// errors are format errors, others (I/O failures) are wrapped as they are.
func readErr(err error, what string) error {
	var corrupt flate.CorruptInputError
	switch {
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return &FormatError{Kind: ErrTruncated, Detail: what + " is truncated", Err: err}
	case errors.Is(err, gzip.ErrHeader), errors.Is(err, gzip.ErrChecksum), errors.As(err, &corrupt):
		return &FormatError{Kind: ErrCompression, Detail: "corrupt gzip stream", Err: err}
	}
	return fmt.Errorf("mnist: reading %s: %w", what, err)
}

// FileKind says what an IDX file holds.
type FileKind int

// The kinds of IDX file.
const (
	KindUnknown FileKind = iota
	KindImages
	KindLabels
)

// Kind returns what the IDX file b holds (gzip-compressed or not), by its
// magic number; KindUnknown for anything else.
func Kind(b []byte) FileKind {
	r, err := gunzipMaybe(bytes.NewReader(b))
	if err != nil {
		return KindUnknown
	}
	var h [4]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return KindUnknown
	}
	switch binary.BigEndian.Uint32(h[:]) {
	case imagesMagic:
		return KindImages
	case labelsMagic:
		return KindLabels
	}
	return KindUnknown
}

// DecodeAnyImages decodes an IDX image file, gzip-compressed or not.
func DecodeAnyImages(r io.Reader) (*Images, error) { return decodeAnyImages(r) }

// DecodeAnyLabels decodes an IDX label file, gzip-compressed or not.
func DecodeAnyLabels(r io.Reader) ([]uint8, error) { return decodeAnyLabels(r) }
