package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"strings"
	"unicode/utf8"
)

// Format constants; see the package doc.
const (
	Magic         = "BPLABWTS" // first 8 bytes of every weights file
	Version       = 2          // the version Encode writes; Decode and Read read 1 too
	MaxHeaderLen  = 65536      // most bytes the JSON header may take
	MaxInput      = 4096       // largest input size
	MaxHidden     = 4096       // largest hidden size
	MaxOutput     = 1000       // largest output size
	MaxCreatorLen = 256        // most bytes of Meta.Creator, and of Meta.Data
	MaxEpochs     = 1 << 20    // most epochs of a training history

	prefixLen = 16 // magic, version, header length
	crcLen    = 4
	epochLen  = 32 // bytes of an epoch of the history: 4 float64
)

// Checkpoint is a trained two-layer net: the options that made it, its
// parameters and how it learned. W1 is Input×Hidden and W2 Hidden×Output,
// both row-major; B1 has Hidden values, B2 Output.
type Checkpoint struct {
	Meta   Meta
	W1, B1 []float64
	W2, B2 []float64
	// History holds the training's figures at the end of each epoch, in
	// order, at most MaxEpochs of them; nil when not recorded (and in
	// version 1 files, which cannot hold it).
	History []Epoch
}

// Epoch is the state of training when an epoch ended: after Iter
// iterations in all, the mean loss of the epoch's mini-batches and the
// accuracies then. A history's last epoch may be one that training
// stopped partway through.
type Epoch struct {
	Iter     int     // iterations done, ≥ 1, increasing along a history, at most Meta.Iters
	Loss     float64 // mean of the epoch's mini-batch losses, ≥ 0
	TrainAcc float64 // accuracy on the training set, in [0, 1]
	TestAcc  float64 // accuracy on the test set, in [0, 1]
}

// Meta holds the sizes and the options that produced the parameters. The
// JSON names are those of the file header (see the package doc).
type Meta struct {
	Input      int     `json:"input"`
	Hidden     int     `json:"hidden"`
	Output     int     `json:"output"`
	Activation string  `json:"activation"` // "relu" | "sigmoid"
	Init       string  `json:"init"`       // "book" | "he" | "xavier"
	WeightStd  float64 `json:"weight_std"` // std of "book" init, ≥ 0
	Seed       uint64  `json:"seed"`
	// Training options and how far training went.
	LearningRate float64 `json:"learning_rate"` // > 0
	BatchSize    int     `json:"batch_size"`    // ≥ 1
	Iters        int     `json:"iterations"`    // SGD steps taken, ≥ 0
	Sampling     string  `json:"sampling"`      // "replace" | "shuffle"
	// Metrics, if not nil, measure the parameters when they were saved.
	Metrics *Metrics `json:"metrics,omitempty"`
	// Creator says what wrote the file, e.g. "backprop-lab web"; at most
	// MaxCreatorLen bytes.
	Creator string `json:"creator"`
	// Data, if not empty, says what the net was trained and measured on,
	// e.g. "MNIST, all 60,000 training and 10,000 test images"; at most
	// MaxCreatorLen bytes. Version 2.
	Data string `json:"data,omitempty"`
	// Augment, if not nil, is the augmentation of the training images.
	// Version 2.
	Augment *Augment `json:"augment,omitempty"`
}

// Metrics measure a net on the data it was trained on (see Meta.Data;
// the bundled subset when that is empty).
type Metrics struct {
	TestAcc  float64 `json:"test_accuracy"`  // in [0, 1]
	TrainAcc float64 `json:"train_accuracy"` // in [0, 1]
	Loss     float64 `json:"loss"`           // mean cross-entropy over the training set, ≥ 0
}

// Augment records a training's data augmentation (package augment): each
// image moved by up to Shift pixels along each axis, turned by up to
// Rotate degrees either way, scaled by a factor from 1−Scale to 1+Scale
// and its strokes widened or narrowed by up to Width pixels each side, by
// amounts drawn from a generator seeded with Seed.
type Augment struct {
	Seed   uint64  `json:"seed"`
	Shift  float64 `json:"shift"`  // ≥ 0
	Rotate float64 `json:"rotate"` // 0 to 180
	Scale  float64 `json:"scale"`  // ≥ 0, below 1
	Width  float64 `json:"width"`  // ≥ 0
}

// NumParams returns the number of parameters the sizes imply:
// Input·Hidden + Hidden + Hidden·Output + Output. It is meaningful only for
// sizes that [Meta.Validate] accepts.
func (m Meta) NumParams() int {
	return m.Input*m.Hidden + m.Hidden + m.Hidden*m.Output + m.Output
}

var (
	activations = []string{"relu", "sigmoid"}
	inits       = []string{"book", "he", "xavier"}
	samplings   = []string{"replace", "shuffle"}
)

// Validate checks the sizes (ErrSize) and the options (ErrOption).
func (m Meta) Validate() error {
	for _, s := range []struct {
		name   string
		v, max int
	}{{"input", m.Input, MaxInput}, {"hidden", m.Hidden, MaxHidden}, {"output", m.Output, MaxOutput}} {
		if s.v < 1 || s.v > s.max {
			return errorf(ErrSize, "%s size %d is outside 1 to %d", s.name, s.v, s.max)
		}
	}
	for _, o := range []struct {
		name, v string
		valid   []string
	}{{"activation", m.Activation, activations}, {"init", m.Init, inits}, {"sampling", m.Sampling, samplings}} {
		if !contains(o.valid, o.v) {
			return errorf(ErrOption, "unknown %s %q, want %s", o.name, o.v, strings.Join(o.valid, " or "))
		}
	}
	switch {
	case !(m.WeightStd >= 0) || math.IsInf(m.WeightStd, 1):
		return errorf(ErrOption, "weight std %v is not a finite number ≥ 0", m.WeightStd)
	case !(m.LearningRate > 0) || math.IsInf(m.LearningRate, 1):
		return errorf(ErrOption, "learning rate %v is not a finite number > 0", m.LearningRate)
	case m.BatchSize < 1:
		return errorf(ErrOption, "batch size %d is below 1", m.BatchSize)
	case m.Iters < 0:
		return errorf(ErrOption, "iterations %d is below 0", m.Iters)
	case len(m.Creator) > MaxCreatorLen:
		return errorf(ErrOption, "creator is %d bytes, more than %d", len(m.Creator), MaxCreatorLen)
	case !utf8.ValidString(m.Creator):
		return errorf(ErrOption, "creator %q is not UTF-8", m.Creator)
	case len(m.Data) > MaxCreatorLen:
		return errorf(ErrOption, "data is %d bytes, more than %d", len(m.Data), MaxCreatorLen)
	case !utf8.ValidString(m.Data):
		return errorf(ErrOption, "data %q is not UTF-8", m.Data)
	}
	if a := m.Augment; a != nil {
		for _, f := range []struct {
			name   string
			v, max float64
		}{{"shift", a.Shift, math.MaxFloat64}, {"rotation", a.Rotate, 180}, {"scale", a.Scale, 1}, {"width", a.Width, math.MaxFloat64}} {
			if !(f.v >= 0 && f.v <= f.max) {
				return errorf(ErrOption, "augmentation %s %v is not a number from 0 to %v", f.name, f.v, f.max)
			}
		}
		if a.Scale == 1 {
			return errorf(ErrOption, "augmentation scale 1 is not below 1")
		}
	}
	if mt := m.Metrics; mt != nil {
		switch {
		case !(mt.TestAcc >= 0 && mt.TestAcc <= 1):
			return errorf(ErrOption, "test accuracy %v is outside 0 to 1", mt.TestAcc)
		case !(mt.TrainAcc >= 0 && mt.TrainAcc <= 1):
			return errorf(ErrOption, "train accuracy %v is outside 0 to 1", mt.TrainAcc)
		case !(mt.Loss >= 0) || math.IsInf(mt.Loss, 1):
			return errorf(ErrOption, "loss %v is not a finite number ≥ 0", mt.Loss)
		}
	}
	return nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// arrays returns the parameter arrays with their names and column counts
// (0 for vectors), in file order.
func (c *Checkpoint) arrays() [4]struct {
	name      string
	v         []float64
	rows, col int
} {
	m := &c.Meta
	return [4]struct {
		name      string
		v         []float64
		rows, col int
	}{
		{"W1", c.W1, m.Input, m.Hidden},
		{"b1", c.B1, m.Hidden, 0},
		{"W2", c.W2, m.Hidden, m.Output},
		{"b2", c.B2, m.Output, 0},
	}
}

// Validate checks Meta, that each array's length matches the sizes
// (ErrLength) and that every parameter is finite (ErrNotFinite).
func (c *Checkpoint) Validate() error {
	if err := c.Meta.Validate(); err != nil {
		return err
	}
	for _, a := range c.arrays() {
		want := a.rows * max(a.col, 1)
		if len(a.v) != want {
			shape := fmt.Sprint(a.rows)
			if a.col > 0 {
				shape = fmt.Sprintf("%d×%d = %d", a.rows, a.col, want)
			}
			return errorf(ErrLength, "%s has %d values, want %s", a.name, len(a.v), shape)
		}
	}
	for _, a := range c.arrays() {
		for i, v := range a.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return notFinite(a.name, i, a.col, v)
			}
		}
	}
	if len(c.History) > MaxEpochs {
		return errorf(ErrHistory, "history has %d epochs, more than %d", len(c.History), MaxEpochs)
	}
	return checkHistory(c.History, c.Meta.Iters)
}

// checkHistory checks each epoch's figures and that the iterations
// increase up to iters.
func checkHistory(h []Epoch, iters int) error {
	prev := 0
	for i, e := range h {
		switch {
		case e.Iter <= prev:
			return errorf(ErrHistory, "epoch %d ends at iteration %d, not after the previous epoch's %d", i+1, e.Iter, prev)
		case e.Iter > iters:
			return errorf(ErrHistory, "epoch %d ends at iteration %d, after the %d iterations of training", i+1, e.Iter, iters)
		case !(e.Loss >= 0) || math.IsInf(e.Loss, 1):
			return errorf(ErrHistory, "epoch %d loss %v is not a finite number ≥ 0", i+1, e.Loss)
		case !(e.TrainAcc >= 0 && e.TrainAcc <= 1):
			return errorf(ErrHistory, "epoch %d train accuracy %v is outside 0 to 1", i+1, e.TrainAcc)
		case !(e.TestAcc >= 0 && e.TestAcc <= 1):
			return errorf(ErrHistory, "epoch %d test accuracy %v is outside 0 to 1", i+1, e.TestAcc)
		}
		prev = e.Iter
	}
	return nil
}

func notFinite(name string, i, cols int, v float64) error {
	if cols > 0 {
		return errorf(ErrNotFinite, "%s[%d,%d] is %v", name, i/cols, i%cols, v)
	}
	return errorf(ErrNotFinite, "%s[%d] is %v", name, i, v)
}

// Encode returns c as a weights file. It returns an error, and no bytes, if
// c is not valid (see [Checkpoint.Validate]).
func (c *Checkpoint) Encode() ([]byte, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	var hb bytes.Buffer
	enc := json.NewEncoder(&hb)
	enc.SetEscapeHTML(false) // a creator "<script>" stays readable
	hdr := struct {
		*Meta
		Epochs int `json:"epochs"`
	}{&c.Meta, len(c.History)}
	if err := enc.Encode(&hdr); err != nil {
		// Validate has excluded every value json cannot encode.
		return nil, fmt.Errorf("checkpoint: encoding the header: %w", err)
	}
	header := bytes.TrimSuffix(hb.Bytes(), []byte("\n"))
	h := (len(header) + 7) / 8 * 8
	if h > MaxHeaderLen {
		return nil, errorf(ErrHeader, "header is %d bytes, more than %d", len(header), MaxHeaderLen)
	}
	n := prefixLen + h + 8*c.Meta.NumParams() + epochLen*len(c.History) + crcLen
	b := make([]byte, 0, n)
	b = append(b, Magic...)
	b = binary.LittleEndian.AppendUint32(b, Version)
	b = binary.LittleEndian.AppendUint32(b, uint32(h))
	b = append(b, header...)
	b = append(b, bytes.Repeat([]byte{' '}, h-len(header))...)
	for _, a := range c.arrays() {
		for _, v := range a.v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	for _, e := range c.History {
		for _, v := range [4]float64{float64(e.Iter), e.Loss, e.TrainAcc, e.TestAcc} {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(v))
		}
	}
	b = binary.LittleEndian.AppendUint32(b, crc32.ChecksumIEEE(b))
	return b, nil
}

// WriteTo writes c to w as a weights file and returns the bytes written. It
// writes nothing if c is not valid (see [Checkpoint.Validate]).
func (c *Checkpoint) WriteTo(w io.Writer) (int64, error) {
	b, err := c.Encode()
	if err != nil {
		return 0, err
	}
	n, err := w.Write(b)
	return int64(n), err
}

// Read reads a weights file from r and decodes it as [Decode] does, with
// the same errors. It reads the prefix and header first and then only as
// many bytes as the header's sizes imply, growing its buffer as data
// arrives, so a short stream that claims a huge net costs little memory. It
// then reads on to the end of r to check that nothing follows. Errors of r
// are returned wrapped, not as a [*FormatError].
func Read(r io.Reader) (*Checkpoint, error) {
	data, err := readUpTo(r, prefixLen, nil)
	if err != nil || len(data) < prefixLen {
		return decodeOr(data, err)
	}
	h, version, err := parsePrefix(data)
	if err != nil {
		return nil, err
	}
	if data, err = readUpTo(r, prefixLen+h, data); err != nil || len(data) < prefixLen+h {
		return decodeOr(data, err)
	}
	var m Meta
	epochs, err := decodeHeader(data[prefixLen:], version, &m)
	if err != nil {
		return nil, err
	}
	total := prefixLen + h + 8*m.NumParams() + epochLen*epochs + crcLen
	if data, err = readUpTo(r, total, data); err != nil || len(data) < total {
		return decodeOr(data, err)
	}
	const maxCount = 1 << 20 // count trailing bytes up to here, no further
	extra, err := io.Copy(io.Discard, io.LimitReader(r, maxCount))
	switch {
	case err != nil:
		return nil, fmt.Errorf("checkpoint: reading: %w", err)
	case extra == maxCount:
		return nil, errorf(ErrTrailing, "file has %d or more bytes after its crc-32", extra)
	case extra > 0:
		return nil, errorf(ErrTrailing, "file has %d bytes after its crc-32", extra)
	}
	return Decode(data)
}

// decodeOr returns the read error err if there is one, and otherwise the
// error that Decode finds in the incomplete data.
func decodeOr(data []byte, err error) (*Checkpoint, error) {
	if err != nil {
		return nil, fmt.Errorf("checkpoint: reading: %w", err)
	}
	return Decode(data)
}

// readUpTo appends to buf from r until buf holds n bytes or r ends (which is
// not an error). It does not trust n: the buffer starts at 512 bytes and at
// most doubles as data arrives.
func readUpTo(r io.Reader, n int, buf []byte) ([]byte, error) {
	for len(buf) < n {
		if len(buf) == cap(buf) {
			grown := make([]byte, len(buf), min(n, max(2*len(buf), 512)))
			copy(grown, buf)
			buf = grown
		}
		k, err := r.Read(buf[len(buf):min(n, cap(buf))])
		buf = buf[:len(buf)+k]
		if err == io.EOF {
			return buf, nil
		}
		if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// parsePrefix checks the magic number, the version and the header length in
// data (at least prefixLen bytes) and returns the header length and the
// version.
func parsePrefix(data []byte) (h, version int, err error) {
	if string(data[:len(Magic)]) != Magic {
		return 0, 0, errorf(ErrMagic, "%s (it starts with %q)", ErrMagic, data[:len(Magic)])
	}
	if v := binary.LittleEndian.Uint32(data[8:]); v < 1 || v > Version {
		return 0, 0, errorf(ErrVersion, "version %d is not supported, want 1 to %d", v, Version)
	}
	n := binary.LittleEndian.Uint32(data[12:])
	if n < 8 || n > MaxHeaderLen || n%8 != 0 {
		return 0, 0, errorf(ErrHeader, "header length %d is not a multiple of 8 from 8 to %d", n, MaxHeaderLen)
	}
	return int(n), int(binary.LittleEndian.Uint32(data[8:])), nil
}

// Decode decodes a weights file. It checks everything the format requires
// (see the package doc) and returns a [*FormatError] on the first problem.
// The result does not share memory with data.
func Decode(data []byte) (*Checkpoint, error) {
	if n := min(len(data), len(Magic)); string(data[:n]) != Magic[:n] {
		return nil, errorf(ErrMagic, "%s (it starts with %q)", ErrMagic, data[:n])
	}
	if len(data) < prefixLen {
		return nil, errorf(ErrTruncated, "file is %d bytes, too short for its %d-byte prefix", len(data), prefixLen)
	}
	h, version, err := parsePrefix(data)
	if err != nil {
		return nil, err
	}
	if len(data) < prefixLen+h {
		return nil, errorf(ErrTruncated, "file is %d bytes and ends inside its %d-byte header", len(data), h)
	}
	var c Checkpoint
	epochs, err := decodeHeader(data[prefixLen:prefixLen+h], version, &c.Meta)
	if err != nil {
		return nil, err
	}
	p := c.Meta.NumParams()
	end := prefixLen + h + 8*p + epochLen*epochs // where the CRC starts
	switch {
	case len(data) < end+crcLen:
		var history string
		if epochs > 0 {
			history = fmt.Sprintf(" and %d epochs of history", epochs)
		}
		return nil, errorf(ErrTruncated, "file is %d bytes, want %d for a %d×%d×%d net%s",
			len(data), end+crcLen, c.Meta.Input, c.Meta.Hidden, c.Meta.Output, history)
	case len(data) > end+crcLen:
		return nil, errorf(ErrTrailing, "file has %d bytes after its crc-32", len(data)-end-crcLen)
	}
	if got, want := crc32.ChecksumIEEE(data[:end]), binary.LittleEndian.Uint32(data[end:]); got != want {
		return nil, errorf(ErrCRC, "crc-32 of the file is 0x%08x, but it records 0x%08x: the file is damaged", got, want)
	}
	params := make([]float64, p)
	off := prefixLen + h
	for i := range params {
		params[i] = math.Float64frombits(binary.LittleEndian.Uint64(data[off+8*i:]))
	}
	m := &c.Meta
	c.W1, params = params[:m.Input*m.Hidden:m.Input*m.Hidden], params[m.Input*m.Hidden:]
	c.B1, params = params[:m.Hidden:m.Hidden], params[m.Hidden:]
	c.W2, params = params[:m.Hidden*m.Output:m.Hidden*m.Output], params[m.Hidden*m.Output:]
	c.B2 = params
	for _, a := range c.arrays() {
		for i, v := range a.v {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, notFinite(a.name, i, a.col, v)
			}
		}
	}
	if epochs > 0 {
		c.History = make([]Epoch, epochs)
		off += 8 * p
		for i := range c.History {
			var v [4]float64
			for k := range v {
				v[k] = math.Float64frombits(binary.LittleEndian.Uint64(data[off+epochLen*i+8*k:]))
			}
			// The iteration is a count stored as a float64: it must be a
			// whole number an int holds (beyond, it fails checkHistory).
			it := v[0]
			if !(it == math.Trunc(it)) || math.Abs(it) > 1<<53 {
				return nil, errorf(ErrHistory, "epoch %d ends at iteration %v, not a whole number", i+1, it)
			}
			c.History[i] = Epoch{Iter: int(it), Loss: v[1], TrainAcc: v[2], TestAcc: v[3]}
		}
		if err := checkHistory(c.History, c.Meta.Iters); err != nil {
			return nil, err
		}
	}
	return &c, nil
}

// wireMeta mirrors Meta with pointers, to tell a missing member from a zero.
type wireMeta struct {
	Input        *int         `json:"input"`
	Hidden       *int         `json:"hidden"`
	Output       *int         `json:"output"`
	Activation   *string      `json:"activation"`
	Init         *string      `json:"init"`
	WeightStd    *float64     `json:"weight_std"`
	Seed         *uint64      `json:"seed"`
	LearningRate *float64     `json:"learning_rate"`
	BatchSize    *int         `json:"batch_size"`
	Iters        *int         `json:"iterations"`
	Sampling     *string      `json:"sampling"`
	Metrics      *wireMetrics `json:"metrics"`
	Creator      *string      `json:"creator"`
	Data         *string      `json:"data"`
	Augment      *wireAugment `json:"augment"`
	Epochs       *int         `json:"epochs"`
}

type wireMetrics struct {
	TestAcc  *float64 `json:"test_accuracy"`
	TrainAcc *float64 `json:"train_accuracy"`
	Loss     *float64 `json:"loss"`
}

type wireAugment struct {
	Seed   *uint64  `json:"seed"`
	Shift  *float64 `json:"shift"`
	Rotate *float64 `json:"rotate"`
	Scale  *float64 `json:"scale"`
	Width  *float64 `json:"width"`
}

// decodeHeader parses the header (JSON object plus space padding) of a
// file of the given version into m, checks m, and returns the number of
// epochs of history the header announces.
func decodeHeader(h []byte, version int, m *Meta) (epochs int, err error) {
	obj := bytes.TrimRight(h, " ")
	if len(obj) == 0 || obj[0] != '{' {
		return 0, errorf(ErrHeader, "header is not a JSON object (it starts with %q)", obj[:min(len(obj), 16)])
	}
	// encoding/json matches member names case-insensitively and lets a
	// repeated member win; a JavaScript reader would not. Check the names
	// exactly first, so that every reader sees the same values.
	n, err := checkMembers(obj, headerMembers[version], "")
	if err != nil {
		return 0, err
	}
	if rest := obj[n:]; len(rest) > 0 {
		return 0, errorf(ErrHeader, "header has %q after its JSON object, want only spaces", rest[:min(len(rest), 16)])
	}
	dec := json.NewDecoder(bytes.NewReader(obj))
	dec.DisallowUnknownFields()
	var w wireMeta
	if err := dec.Decode(&w); err != nil {
		return 0, headerErr(err)
	}
	type field struct {
		name    string
		present bool
	}
	fields := []field{
		{"input", w.Input != nil}, {"hidden", w.Hidden != nil}, {"output", w.Output != nil},
		{"activation", w.Activation != nil}, {"init", w.Init != nil}, {"weight_std", w.WeightStd != nil},
		{"seed", w.Seed != nil}, {"learning_rate", w.LearningRate != nil}, {"batch_size", w.BatchSize != nil},
		{"iterations", w.Iters != nil}, {"sampling", w.Sampling != nil}, {"creator", w.Creator != nil},
	}
	if version >= 2 {
		fields = append(fields, field{"epochs", w.Epochs != nil})
	}
	if w.Metrics != nil {
		fields = append(fields, field{"metrics.test_accuracy", w.Metrics.TestAcc != nil},
			field{"metrics.train_accuracy", w.Metrics.TrainAcc != nil}, field{"metrics.loss", w.Metrics.Loss != nil})
	}
	if a := w.Augment; a != nil {
		fields = append(fields, field{"augment.seed", a.Seed != nil}, field{"augment.shift", a.Shift != nil},
			field{"augment.rotate", a.Rotate != nil}, field{"augment.scale", a.Scale != nil}, field{"augment.width", a.Width != nil})
	}
	for _, f := range fields {
		if !f.present {
			return 0, errorf(ErrHeader, "header lacks %q", f.name)
		}
	}
	*m = Meta{
		Input: *w.Input, Hidden: *w.Hidden, Output: *w.Output,
		Activation: *w.Activation, Init: *w.Init, WeightStd: *w.WeightStd, Seed: *w.Seed,
		LearningRate: *w.LearningRate, BatchSize: *w.BatchSize, Iters: *w.Iters, Sampling: *w.Sampling,
		Creator: *w.Creator,
	}
	if w.Metrics != nil {
		m.Metrics = &Metrics{TestAcc: *w.Metrics.TestAcc, TrainAcc: *w.Metrics.TrainAcc, Loss: *w.Metrics.Loss}
	}
	if w.Data != nil {
		m.Data = *w.Data
	}
	if a := w.Augment; a != nil {
		m.Augment = &Augment{Seed: *a.Seed, Shift: *a.Shift, Rotate: *a.Rotate, Scale: *a.Scale, Width: *a.Width}
	}
	if err := m.Validate(); err != nil {
		return 0, err
	}
	if w.Epochs != nil {
		epochs = *w.Epochs
		if epochs < 0 || epochs > MaxEpochs {
			return 0, errorf(ErrHistory, "history of %d epochs is outside 0 to %d", epochs, MaxEpochs)
		}
	}
	return epochs, nil
}

var (
	// headerMembers are the members allowed in each version's header.
	headerMembers = [...][]string{
		1: v1Members,
		2: append(append([]string(nil), v1Members...), "data", "augment", "epochs"),
	}
	v1Members = []string{"input", "hidden", "output", "activation", "init", "weight_std", "seed",
		"learning_rate", "batch_size", "iterations", "sampling", "metrics", "creator"}
	// objectMembers are the members allowed in the header's objects.
	objectMembers = map[string][]string{
		"metrics": {"test_accuracy", "train_accuracy", "loss"},
		"augment": {"seed", "shift", "rotate", "scale", "width"},
	}
)

// checkMembers checks that obj starts with a JSON object whose member names
// are all in allowed, each at most once, and returns the length of the
// object. The members of objectMembers, if allowed, must be objects,
// checked the same way. prefix goes before member names in messages.
func checkMembers(obj []byte, allowed []string, prefix string) (int, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil {
		return 0, headerErr(err)
	} else if tok != json.Delim('{') {
		return 0, errorf(ErrHeader, "header member %q is not an object", strings.TrimSuffix(prefix, "."))
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return 0, headerErr(err)
		}
		name, _ := tok.(string) // a member name is always a string
		if !contains(allowed, name) {
			return 0, errorf(ErrHeader, "header has unknown member %q", prefix+name)
		}
		if seen[name] {
			return 0, errorf(ErrHeader, "header has member %q twice", prefix+name)
		}
		seen[name] = true
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return 0, headerErr(err)
		}
		if inner, ok := objectMembers[name]; ok && prefix == "" {
			if _, err := checkMembers(raw, inner, name+"."); err != nil {
				return 0, err
			}
		}
	}
	if _, err := dec.Token(); err != nil { // '}'
		return 0, headerErr(err)
	}
	return int(dec.InputOffset()), nil
}

// headerErr turns a JSON error into an ErrHeader error that names the member.
func headerErr(err error) error {
	var typeErr *json.UnmarshalTypeError
	var syntaxErr *json.SyntaxError
	switch {
	case errors.As(err, &typeErr):
		got := "a JSON " + typeErr.Value
		if num, ok := strings.CutPrefix(typeErr.Value, "number "); ok {
			got = "the number " + num
		}
		return errorf(ErrHeader, "header member %q is %s, want %s", typeErr.Field, got, jsonKind(typeErr.Type.Kind().String()))
	case errors.As(err, &syntaxErr):
		return errorf(ErrHeader, "header is not valid JSON: %s at byte %d", syntaxErr, syntaxErr.Offset)
	case err == io.EOF || err == io.ErrUnexpectedEOF:
		return errorf(ErrHeader, "header is not valid JSON: it ends inside the object")
	}
	msg := strings.TrimPrefix(err.Error(), "json: ")
	return errorf(ErrHeader, "header: %s", msg)
}

func jsonKind(goKind string) string {
	switch goKind {
	case "int":
		return "an integer"
	case "uint64":
		return "an integer from 0 to 18446744073709551615"
	case "float64":
		return "a number"
	case "string":
		return "a string"
	}
	return "a " + goKind
}
