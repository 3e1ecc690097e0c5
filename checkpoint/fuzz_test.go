package checkpoint

import (
	"bytes"
	"errors"
	"io"
	"strings"
	"testing"
)

var kinds = []error{ErrMagic, ErrVersion, ErrHeader, ErrSize, ErrOption, ErrLength,
	ErrTruncated, ErrTrailing, ErrCRC, ErrNotFinite, ErrHistory}

// FuzzRead feeds arbitrary bytes to Read and Decode. The seed corpus in
// testdata/fuzz/FuzzRead holds the golden files of both versions and
// corrupted variants of them (one per check); the f.Add seeds are a few
// valid files. For any input: no panic, allocation bounded by the input's
// length (not by the sizes the header claims), a typed error, Read and
// Decode agree, and a file that decodes encodes back, as version 2, to
// the same parameters and history.
func FuzzRead(f *testing.F) {
	f.Add(mustEncode(f, goldenCheckpoint()))
	f.Add(mustEncode(f, goldenV2Checkpoint()))
	small := goldenCheckpoint()
	small.Meta = Meta{Input: 1, Hidden: 1, Output: 1, Activation: "sigmoid", Init: "he",
		LearningRate: 1, BatchSize: 1, Sampling: "shuffle"}
	small.W1, small.B1, small.W2, small.B2 = []float64{1}, []float64{-1}, []float64{0.5}, []float64{0}
	f.Add(mustEncode(f, small))
	small.Meta.Iters = 5
	small.History = []Epoch{{Iter: 5, Loss: 0, TrainAcc: 1, TestAcc: 0}}
	f.Add(mustEncode(f, small))
	f.Add([]byte(Magic))
	f.Fuzz(func(t *testing.T, data []byte) {
		// 1 MiB covers JSON decoding of a header of at most 64 KiB; the
		// rest is the input read into a buffer that at most doubles, plus
		// the parameters decoded from it.
		limit := uint64(1<<20 + 8*len(data))
		var c *Checkpoint
		var err error
		if n := allocated(func() { c, err = Decode(data) }); n > limit {
			t.Fatalf("Decode allocated %d bytes for %d bytes of input", n, len(data))
		}
		var rc *Checkpoint
		var rerr error
		if n := allocated(func() { rc, rerr = Read(struct{ io.Reader }{bytes.NewReader(data)}) }); n > limit {
			t.Fatalf("Read allocated %d bytes for %d bytes of input", n, len(data))
		}
		if (err == nil) != (rerr == nil) || (err != nil && err.Error() != rerr.Error()) {
			t.Fatalf("Decode and Read disagree: %v / %v", err, rerr)
		}
		if err != nil {
			var fe *FormatError
			if !errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "checkpoint: ") {
				t.Fatalf("error %v (%T) is not a *FormatError with the checkpoint: prefix", err, err)
			}
			for _, k := range kinds {
				if fe.Kind == k {
					return
				}
			}
			t.Fatalf("error %v has unknown kind %v", err, fe.Kind)
		}
		if !equal(c, rc) {
			t.Fatal("Decode and Read give different checkpoints")
		}
		if err := c.Validate(); err != nil {
			t.Fatalf("a decoded checkpoint does not validate: %v", err)
		}
		b, err := c.Encode()
		if err != nil {
			t.Fatalf("a decoded checkpoint does not encode: %v", err)
		}
		c2, err := Decode(b)
		if err != nil || !equal(c, c2) {
			t.Fatalf("re-encoded checkpoint decodes to err %v or a different one", err)
		}
		// The parameters and the history are the same bytes (a whole
		// iteration count ≥ 1 has one float64); only the header may be
		// spelled differently (number format, key order, version).
		if !bytes.Equal(b[16+headerLen(b):len(b)-4], data[16+headerLen(data):len(data)-4]) {
			t.Fatal("re-encoded parameters or history differ from the input's")
		}
	})
}
