package mnist

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestSubsetFilesMatchREADME keeps the constants equal to the values
// published in the subset's README (copied here by hand on purpose).
func TestSubsetFilesMatchREADME(t *testing.T) {
	want := []SubsetFile{
		{"train-images-idx3-ubyte.gz", "96448e792027ae8c3d693bf7f6685beb422442276734ffe24b7860a3581dcb08", 7840016},
		{"train-labels-idx1-ubyte.gz", "dfa6309ccbfc44ab3df730fa9d1b133e2baeb0fe7db8e4bbdcd05d3e5bd811ea", 10008},
		{"test-images-idx3-ubyte.gz", "780e99a56e963f3affe4791a03545a6ddbdc0904dd880c7f3c50753282177303", 1568016},
		{"test-labels-idx1-ubyte.gz", "b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129", 2008},
	}
	got := SubsetFiles()
	if len(got) != len(want) {
		t.Fatalf("SubsetFiles has %d files, want %d", len(got), len(want))
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("SubsetFiles()[%d] = %+v, want %+v", i, got[i], want[i])
		}
	}
	got[0].SHA256 = "changed"
	if SubsetFiles()[0].SHA256 == "changed" {
		t.Error("SubsetFiles returns its internal array, want a copy")
	}
}

func TestVerify(t *testing.T) {
	content := []byte("not the published labels")
	sum := sha256.Sum256(content)
	got := hex.EncodeToString(sum[:])
	for _, name := range []string{"test-labels-idx1-ubyte", "test-labels-idx1-ubyte.gz"} {
		err := Verify(name, content)
		var ce *ChecksumError
		if !errors.As(err, &ce) || !errors.Is(err, ErrChecksum) {
			t.Fatalf("Verify(%q) = %v, want a *ChecksumError", name, err)
		}
		want := &ChecksumError{Name: "test-labels-idx1-ubyte.gz", Got: got,
			Want: "b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129", GotSize: 24, WantSize: 2008}
		if *ce != *want {
			t.Errorf("Verify(%q) = %+v, want %+v", name, *ce, *want)
		}
		text := "mnist: test-labels-idx1-ubyte.gz: sha-256 of decompressed content is " + got +
			", want b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129 (24 bytes, want 2008)"
		if err.Error() != text {
			t.Errorf("error text is\n\t%s\nwant\n\t%s", err, text)
		}
	}
	if err := Verify("train-images-idx3-ubyte.zip", nil); err == nil || err.Error() != `mnist: no published checksum for file "train-images-idx3-ubyte.zip"` {
		t.Errorf("Verify of an unknown name = %v, want the no published checksum error", err)
	}
}

func TestLoadSubsetRejects(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	s := randomSplit(rng, 10)
	img := encode(t, func(w io.Writer) error { return EncodeImages(w, s.Images) })
	lbl := encode(t, func(w io.Writer) error { return EncodeLabels(w, s.Labels) })
	raw := encode(t, func(w io.Writer) error { return EncodeRawImages(w, s.Images) })
	r := bytes.NewReader

	t.Run("wrong content", func(t *testing.T) {
		_, err := LoadSubset(r(img), r(lbl), r(img), r(lbl))
		var ce *ChecksumError
		if !errors.As(err, &ce) {
			t.Fatalf("error is %v, want a *ChecksumError", err)
		}
		// The hash is of the whole decompressed file, not a prefix.
		sum := sha256.Sum256(raw)
		if ce.Name != "train-images-idx3-ubyte.gz" || ce.Got != hex.EncodeToString(sum[:]) || ce.GotSize != len(raw) {
			t.Errorf("checksum error names %s, got %s (%d bytes), want train images, %x (%d bytes)",
				ce.Name, ce.Got, ce.GotSize, sum, len(raw))
		}
	})
	t.Run("not gzip", func(t *testing.T) {
		// Bytes that are not gzip are taken as decompressed already (a
		// browser's fetch decodes Content-Encoding) and checked as they are.
		_, err := LoadSubset(r(raw), r(lbl), r(img), r(lbl))
		var ce *ChecksumError
		sum := sha256.Sum256(raw)
		if !errors.As(err, &ce) || ce.Got != hex.EncodeToString(sum[:]) || ce.GotSize != len(raw) {
			t.Errorf("error is %v, want a *ChecksumError of the bytes as given", err)
		}
	})
	t.Run("not gzip, not IDX", func(t *testing.T) {
		junk := []byte("\x1f\x8c not gzip, not idx")
		_, err := LoadSubset(r(junk), r(lbl), r(img), r(lbl))
		if !errors.Is(err, ErrChecksum) {
			t.Errorf("error is %v, want a checksum error", err)
		}
	})
	t.Run("broken gzip header", func(t *testing.T) {
		bad := append([]byte{0x1f, 0x8b, 99}, img[3:]...)
		_, err := LoadSubset(r(bad), r(lbl), r(img), r(lbl))
		if !errors.Is(err, ErrCompression) || !strings.Contains(err.Error(), "train-images-idx3-ubyte.gz") {
			t.Errorf("error is %v, want a compression error naming the file", err)
		}
	})
	t.Run("truncated gzip", func(t *testing.T) {
		_, err := LoadSubset(r(img[:len(img)/2]), r(lbl), r(img), r(lbl))
		const want = "mnist: train-images-idx3-ubyte.gz: decompressed content is truncated: unexpected EOF"
		if !errors.Is(err, ErrTruncated) || err.Error() != want {
			t.Errorf("error is %v, want %q", err, want)
		}
	})
}
