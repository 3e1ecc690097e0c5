package mnist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"strings"
)

// A SubsetFile describes one file of the bundled MNIST subset.
type SubsetFile struct {
	// Name is the file name as bundled and served, e.g.
	// "train-images-idx3-ubyte.gz".
	Name string
	// SHA256 is the lowercase hex SHA-256 of the decompressed content, as
	// published in the subset's README. Gzip bytes differ between
	// compressors; the content must not.
	SHA256 string
	// Size is the length of the decompressed content in bytes.
	Size int
}

// The published checksums (README of the subset). Keep them identical.
var subsetFiles = [4]SubsetFile{
	{"train-images-idx3-ubyte.gz", "96448e792027ae8c3d693bf7f6685beb422442276734ffe24b7860a3581dcb08", 16 + 10000*Rows*Cols},
	{"train-labels-idx1-ubyte.gz", "dfa6309ccbfc44ab3df730fa9d1b133e2baeb0fe7db8e4bbdcd05d3e5bd811ea", 8 + 10000},
	{"test-images-idx3-ubyte.gz", "780e99a56e963f3affe4791a03545a6ddbdc0904dd880c7f3c50753282177303", 16 + 2000*Rows*Cols},
	{"test-labels-idx1-ubyte.gz", "b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129", 8 + 2000},
}

// SubsetFiles returns the four files of the bundled subset in the order train
// images, train labels, test images, test labels (the order of [Load]'s and
// [LoadSubset]'s arguments). The slice is a fresh copy.
func SubsetFiles() []SubsetFile {
	return append([]SubsetFile(nil), subsetFiles[:]...)
}

func lookup(name string) (SubsetFile, bool) {
	base := strings.TrimSuffix(name, ".gz")
	for _, f := range subsetFiles {
		if strings.TrimSuffix(f.Name, ".gz") == base {
			return f, true
		}
	}
	return SubsetFile{}, false
}

// Verify checks decompressed, the decompressed content of the subset file
// called name, against its published SHA-256. name may be given with or
// without its ".gz" suffix. A mismatch gives a [*ChecksumError] naming the
// file and both hashes; an unknown name is an error too.
func Verify(name string, decompressed []byte) error {
	f, ok := lookup(name)
	if !ok {
		return fmt.Errorf("mnist: no published checksum for file %q", name)
	}
	sum := sha256.Sum256(decompressed)
	if got := hex.EncodeToString(sum[:]); got != f.SHA256 {
		return &ChecksumError{Name: f.Name, Want: f.SHA256, Got: got, WantSize: f.Size, GotSize: len(decompressed)}
	}
	return nil
}

// LoadSubset decodes the four files of the bundled subset, each either
// gzip-compressed (as stored) or already decompressed (as a browser hands
// over a file it fetched with Content-Encoding), as [Load] does, after
// checking each file's decompressed content with [Verify]. A file that is
// not the published one gives a [*ChecksumError]
// (errors.Is(err, ErrChecksum)); a broken gzip stream, a [*FormatError].
func LoadSubset(trainImg, trainLbl, testImg, testLbl io.Reader) (*Set, error) {
	var raw [4][]byte
	for i, r := range []io.Reader{trainImg, trainLbl, testImg, testLbl} {
		f := subsetFiles[i]
		b, err := readVerified(r, f)
		if err != nil {
			return nil, err
		}
		raw[i] = b
	}
	return decodeVerified(raw)
}

// LoadSubsetSummed is [LoadSubset] for four files that are already
// decompressed and whose SHA-256 sums the caller computed, in the same
// order: a browser's native crypto.subtle.digest hashes the 9.4 MB of the
// subset many times faster than Go compiled to WebAssembly. A sum that is
// not the published one gives a [*ChecksumError], as from LoadSubset; the
// caller must have computed each sum from exactly the bytes it passes.
func LoadSubsetSummed(files [4][]byte, sums [4][32]byte) (*Set, error) {
	for i, f := range subsetFiles {
		if got := hex.EncodeToString(sums[i][:]); got != f.SHA256 || len(files[i]) != f.Size {
			return nil, &ChecksumError{Name: f.Name, Want: f.SHA256, Got: got, WantSize: f.Size, GotSize: len(files[i])}
		}
	}
	return decodeVerified(files)
}

// decodeVerified decodes the four decompressed files of the subset (train
// images, train labels, test images, test labels) once they have passed
// their check. The content is verified, so errors here would be bugs; they
// are still reported, never ignored.
func decodeVerified(raw [4][]byte) (*Set, error) {
	var s Set
	var err error
	if s.Train, err = loadSplit("train", bytes.NewReader(raw[0]), bytes.NewReader(raw[1]), DecodeRawImages, DecodeRawLabels); err != nil {
		return nil, err
	}
	if s.Test, err = loadSplit("test", bytes.NewReader(raw[2]), bytes.NewReader(raw[3]), DecodeRawImages, DecodeRawLabels); err != nil {
		return nil, err
	}
	return &s, nil
}

// readVerified decompresses r (if it is gzip) and checks the content
// against f. It keeps at most f.Size bytes in memory; the rest of a longer
// stream is only hashed, so the error can give the real hash and size, up to
// the size of the largest IDX file the decoders accept.
func readVerified(r io.Reader, f SubsetFile) ([]byte, error) {
	zr, err := gunzipMaybe(r)
	if err != nil {
		return nil, withPart(err, f.Name)
	}
	const maxSize = 16 + MaxImages*Rows*Cols
	h := sha256.New()
	buf := &prefixBuffer{b: make([]byte, 0, f.Size)}
	// io.Copy reads the gzip stream to its end, which checks its CRC-32.
	n, err := io.Copy(io.MultiWriter(h, buf), io.LimitReader(zr, maxSize+1))
	if err != nil {
		return nil, withPart(readErr(err, "decompressed content"), f.Name)
	}
	if n > maxSize {
		return nil, &FormatError{Part: f.Name, Kind: ErrTooLarge,
			Detail: fmt.Sprintf("decompressed content is larger than %d bytes", maxSize)}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != f.SHA256 {
		return nil, &ChecksumError{Name: f.Name, Want: f.SHA256, Got: got, WantSize: f.Size, GotSize: int(n)}
	}
	return buf.b, nil
}

// prefixBuffer keeps the first cap(b) bytes written to it and drops the rest.
type prefixBuffer struct{ b []byte }

func (p *prefixBuffer) Write(data []byte) (int, error) {
	k := min(len(data), cap(p.b)-len(p.b))
	p.b = append(p.b, data[:k]...)
	return len(data), nil
}
