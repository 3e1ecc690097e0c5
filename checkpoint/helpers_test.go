package checkpoint

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"math"
	"math/rand/v2"
	"testing"
)

// goldenCheckpoint is the content of testdata/golden-v1.bplw: a 3×4×2 net
// whose parameters include the awkward values (negative zero, the smallest
// subnormal, huge and tiny magnitudes).
func goldenCheckpoint() *Checkpoint {
	c := &Checkpoint{
		Meta: Meta{
			Input: 3, Hidden: 4, Output: 2,
			Activation: "relu", Init: "book", WeightStd: 0.01, Seed: 42,
			LearningRate: 0.1, BatchSize: 100, Iters: 1200, Sampling: "replace",
			Metrics: &Metrics{TestAcc: 0.875, TrainAcc: 0.9, Loss: 0.3125},
			Creator: "checkpoint golden test",
		},
		W1: make([]float64, 12), B1: make([]float64, 4),
		W2: make([]float64, 8), B2: []float64{math.Copysign(0, -1), 5e-324},
	}
	for i := range c.W1 {
		c.W1[i] = float64(i)/8 - 0.75
	}
	copy(c.B1, []float64{0.1, -0.2, 1.5e300, -1e-300})
	for i := range c.W2 {
		c.W2[i] = math.Pi * float64(i-4)
	}
	return c
}

// goldenV2Checkpoint is the content of testdata/golden-v2.bplw: the golden
// net with what version 2 adds, a training history (whose last epoch is
// cut short), the data and the augmentation.
func goldenV2Checkpoint() *Checkpoint {
	c := goldenCheckpoint()
	c.Meta.Data = "golden data: 400 training, 8 test images"
	c.Meta.Augment = &Augment{Seed: 7, Shift: 1.5, Rotate: 12, Scale: 0.1, Width: 0.25}
	c.History = []Epoch{
		{Iter: 400, Loss: 2.25, TrainAcc: 0.5, TestAcc: 0.375},
		{Iter: 800, Loss: 0.5, TrainAcc: 0.8125, TestAcc: 0.75},
		{Iter: 1200, Loss: 0.3125, TrainAcc: 0.9, TestAcc: 0.875},
	}
	return c
}

// randomCheckpoint returns a valid checkpoint of the given sizes with
// N(0, 0.1²) parameters.
func randomCheckpoint(rng *rand.Rand, in, hidden, out int, metrics bool) *Checkpoint {
	c := &Checkpoint{
		Meta: Meta{
			Input: in, Hidden: hidden, Output: out,
			Activation: "sigmoid", Init: "xavier", WeightStd: 0.01, Seed: rng.Uint64(),
			LearningRate: 0.05, BatchSize: 32, Iters: rng.IntN(100000), Sampling: "shuffle",
			Creator: "test ✓",
		},
		W1: make([]float64, in*hidden), B1: make([]float64, hidden),
		W2: make([]float64, hidden*out), B2: make([]float64, out),
	}
	if metrics {
		c.Meta.Metrics = &Metrics{TestAcc: rng.Float64(), TrainAcc: rng.Float64(), Loss: 3 * rng.Float64()}
	}
	for _, a := range [][]float64{c.W1, c.B1, c.W2, c.B2} {
		for i := range a {
			a[i] = 0.1 * rng.NormFloat64()
		}
	}
	return c
}

// equal reports whether a and b are the same, comparing floats bit for bit
// (a decoded file must give back exactly what was written, -0 included).
func equal(a, b *Checkpoint) bool {
	ma, mb := a.Meta, b.Meta
	if (ma.Metrics == nil) != (mb.Metrics == nil) || (ma.Metrics != nil && *ma.Metrics != *mb.Metrics) {
		return false
	}
	if (ma.Augment == nil) != (mb.Augment == nil) || (ma.Augment != nil && *ma.Augment != *mb.Augment) {
		return false
	}
	ma.Metrics, mb.Metrics = nil, nil
	ma.Augment, mb.Augment = nil, nil
	if ma != mb || len(a.History) != len(b.History) {
		return false
	}
	for i, e := range a.History {
		f := b.History[i]
		if e.Iter != f.Iter || math.Float64bits(e.Loss) != math.Float64bits(f.Loss) ||
			math.Float64bits(e.TrainAcc) != math.Float64bits(f.TrainAcc) || math.Float64bits(e.TestAcc) != math.Float64bits(f.TestAcc) {
			return false
		}
	}
	pa := [][]float64{a.W1, a.B1, a.W2, a.B2}
	pb := [][]float64{b.W1, b.B1, b.W2, b.B2}
	for k := range pa {
		if len(pa[k]) != len(pb[k]) {
			return false
		}
		for i := range pa[k] {
			if math.Float64bits(pa[k][i]) != math.Float64bits(pb[k][i]) {
				return false
			}
		}
	}
	return true
}

func mustEncode(t testing.TB, c *Checkpoint) []byte {
	t.Helper()
	b, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// headerLen returns the header length recorded in file b.
func headerLen(b []byte) int { return int(binary.LittleEndian.Uint32(b[12:])) }

// fixCRC returns a copy of b with its last four bytes set to the CRC-32 of
// the rest, so a mutation is caught by the check it targets, not the CRC.
func fixCRC(b []byte) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint32(b[len(b)-4:], crc32.ChecksumIEEE(b[:len(b)-4]))
	return b
}

// withHeader returns file b with its header replaced by hdr, padded with
// spaces to a multiple of 8 (at least 8), and a correct CRC.
func withHeader(b []byte, hdr string) []byte {
	h := max(8, (len(hdr)+7)/8*8)
	out := append([]byte(nil), b[:12]...)
	out = binary.LittleEndian.AppendUint32(out, uint32(h))
	out = append(out, hdr...)
	out = append(out, bytes.Repeat([]byte(" "), h-len(hdr))...)
	out = append(out, b[16+headerLen(b):]...)
	return fixCRC(out)
}

// withUint32 returns a copy of b with the uint32 at off set to v.
func withUint32(b []byte, off int, v uint32) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint32(b[off:], v)
	return b
}

// withParam returns file b with parameter i set to v and a correct CRC; i
// past the parameters reaches into a version 2 file's history.
func withParam(b []byte, i int, v float64) []byte {
	b = bytes.Clone(b)
	binary.LittleEndian.PutUint64(b[16+headerLen(b)+8*i:], math.Float64bits(v))
	return fixCRC(b)
}
