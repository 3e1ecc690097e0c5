package checkpoint

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/golden-v2.bplw and the FuzzRead seed corpus")

const (
	goldenFile   = "testdata/golden-v2.bplw"
	goldenV1File = "testdata/golden-v1.bplw"
)

// TestGolden pins the format: encoding goldenV2Checkpoint must give the
// committed file byte for byte, and decoding the file must give it back. A
// change here is a format change and needs a new version number.
func TestGolden(t *testing.T) {
	got := mustEncode(t, goldenV2Checkpoint())
	if *update {
		if err := os.WriteFile(goldenFile, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(goldenFile)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("Encode gives %d bytes that differ from the %d bytes of %s", len(got), len(want), goldenFile)
	}
	c, err := Decode(want)
	if err != nil {
		t.Fatal(err)
	}
	if !equal(c, goldenV2Checkpoint()) {
		t.Errorf("decoding %s gives %+v, want %+v", goldenFile, c, goldenV2Checkpoint())
	}
}

// TestGoldenV1 reads the version 1 file that the package wrote before
// version 2 (never rewritten): it must still decode, to the same net, and
// encode as version 2 with the same parameters.
func TestGoldenV1(t *testing.T) {
	v1 := goldenV1(t)
	for _, dec := range []struct {
		name string
		f    func([]byte) (*Checkpoint, error)
	}{
		{"Decode", Decode},
		{"Read", func(b []byte) (*Checkpoint, error) { return Read(struct{ io.Reader }{bytes.NewReader(b)}) }},
	} {
		c, err := dec.f(v1)
		if err != nil {
			t.Fatalf("%s: %v", dec.name, err)
		}
		if !equal(c, goldenCheckpoint()) || c.History != nil {
			t.Errorf("%s of %s gives %+v, want %+v", dec.name, goldenV1File, c, goldenCheckpoint())
		}
	}
	c, _ := Decode(v1)
	v2 := mustEncode(t, c)
	if binary.LittleEndian.Uint32(v2[8:]) != 2 || !bytes.Equal(v2[len(v2)-4-8*26:len(v2)-4], v1[len(v1)-4-8*26:len(v1)-4]) {
		t.Errorf("re-encoded, %s is not a version 2 file with the same parameters", goldenV1File)
	}
	if h := string(v2[16 : 16+headerLen(v2)]); !strings.Contains(h, `"epochs":0`) {
		t.Errorf("re-encoded header %s lacks \"epochs\":0", h)
	}
}

// goldenV1 returns the bytes of testdata/golden-v1.bplw.
func goldenV1(t testing.TB) []byte {
	t.Helper()
	b, err := os.ReadFile(goldenV1File)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestLayout checks the documented layout on the golden checkpoint
// independently of the decoder.
func TestLayout(t *testing.T) {
	c := goldenCheckpoint()
	b := mustEncode(t, c)
	h := headerLen(b)
	if string(b[:8]) != "BPLABWTS" || binary.LittleEndian.Uint32(b[8:]) != 2 {
		t.Errorf("prefix is %q version %d, want BPLABWTS version 2", b[:8], binary.LittleEndian.Uint32(b[8:]))
	}
	if h%8 != 0 || (16+h)%8 != 0 {
		t.Errorf("header length %d leaves the parameters unaligned", h)
	}
	p := 3*4 + 4 + 4*2 + 2
	if len(b) != 20+h+8*p {
		t.Errorf("file is %d bytes, want 20+%d+8·%d = %d", len(b), h, p, 20+h+8*p)
	}
	hdr := b[16 : 16+h]
	obj := bytes.TrimRight(hdr, " ")
	var m map[string]any
	if err := json.Unmarshal(obj, &m); err != nil {
		t.Fatalf("header %q is not JSON: %v", hdr, err)
	}
	if m["input"] != 3.0 || m["hidden"] != 4.0 || m["activation"] != "relu" || m["iterations"] != 1200.0 {
		t.Errorf("header is %s", obj)
	}
	// Parameters in order W1, b1, W2, b2: check one of each.
	param := func(i int) float64 { return math.Float64frombits(binary.LittleEndian.Uint64(b[16+h+8*i:])) }
	for _, k := range []struct {
		i    int
		want float64
	}{{0, c.W1[0]}, {5, c.W1[5]}, {12, c.B1[0]}, {16 + 3, c.W2[3]}, {24 + 1, c.B2[1]}} {
		if param(k.i) != k.want {
			t.Errorf("parameter %d is %v, want %v", k.i, param(k.i), k.want)
		}
	}
	if got, want := binary.LittleEndian.Uint32(b[len(b)-4:]), crc32.ChecksumIEEE(b[:len(b)-4]); got != want {
		t.Errorf("last 4 bytes are 0x%08x, want the CRC-32 0x%08x", got, want)
	}

	// The history follows the parameters: per epoch its iteration, loss,
	// train and test accuracy as float64.
	c = goldenV2Checkpoint()
	b = mustEncode(t, c)
	h = headerLen(b)
	if len(b) != 20+h+8*p+32*len(c.History) {
		t.Errorf("file is %d bytes, want 20+%d+8·%d+32·%d", len(b), h, p, len(c.History))
	}
	for i, e := range c.History {
		for k, want := range []float64{float64(e.Iter), e.Loss, e.TrainAcc, e.TestAcc} {
			if got := param(p + 4*i + k); got != want {
				t.Errorf("history value %d of epoch %d is %v, want %v", k, i+1, got, want)
			}
		}
	}
	if err := json.Unmarshal(bytes.TrimRight(b[16:16+h], " "), &m); err != nil || m["epochs"] != 3.0 {
		t.Errorf("header %s does not say 3 epochs (err %v)", b[16:16+h], err)
	}
}

func TestRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, c := range []struct {
		in, hidden, out int
		metrics         bool
		epochs          int
	}{
		{784, 50, 10, true, 100}, {784, 100, 10, false, 0}, {1, 1, 1, false, 1}, {5, 3, 7, true, 2000},
	} {
		ck := randomCheckpoint(rng, c.in, c.hidden, c.out, c.metrics)
		ck.Meta.Iters = 50 * c.epochs
		for e := range c.epochs {
			ck.History = append(ck.History, Epoch{Iter: 50 * (e + 1), Loss: 3 * rng.Float64(), TrainAcc: rng.Float64(), TestAcc: rng.Float64()})
		}
		b := mustEncode(t, ck)
		got, err := Decode(b)
		if err != nil {
			t.Fatalf("%d×%d×%d: %v", c.in, c.hidden, c.out, err)
		}
		if !equal(got, ck) {
			t.Errorf("%d×%d×%d: Decode(Encode(c)) differs from c", c.in, c.hidden, c.out)
		}
		var buf bytes.Buffer
		n, err := ck.WriteTo(&buf)
		if err != nil || n != int64(len(b)) || !bytes.Equal(buf.Bytes(), b) {
			t.Errorf("%d×%d×%d: WriteTo wrote %d bytes (err %v), want the %d bytes of Encode", c.in, c.hidden, c.out, n, err, len(b))
		}
		// A reader that hides its length, as a file or network stream.
		got, err = Read(struct{ io.Reader }{&buf})
		if err != nil || !equal(got, ck) {
			t.Errorf("%d×%d×%d: Read gives err %v or a different checkpoint", c.in, c.hidden, c.out, err)
		}
	}
}

func TestDecodeDoesNotAlias(t *testing.T) {
	b := mustEncode(t, goldenCheckpoint())
	c, err := Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	c.W1[0] = 99
	c.B1 = append(c.B1, 7) // must not overwrite W2 (capacities are clipped)
	if c2, _ := Decode(b); !equal(c2, goldenCheckpoint()) {
		t.Error("changing a decoded checkpoint changed the file bytes")
	}
	if c.W2[0] != goldenCheckpoint().W2[0] {
		t.Error("appending to B1 overwrote W2")
	}
}

// TestMalformed corrupts the golden file in each way the format forbids.
// Unless the CRC is the target, the CRC is fixed after the change, so each
// check is reached on its own. Decode and Read must give the same error.
func TestMalformed(t *testing.T) {
	for _, c := range malformedCases(t) {
		t.Run(c.name, func(t *testing.T) {
			for _, dec := range []struct {
				name string
				f    func([]byte) (*Checkpoint, error)
			}{
				{"Decode", Decode},
				{"Read", func(b []byte) (*Checkpoint, error) { return Read(bytes.NewReader(b)) }},
			} {
				ck, err := dec.f(c.data)
				if err == nil {
					t.Fatalf("%s accepted it: %+v", dec.name, ck.Meta)
				}
				var fe *FormatError
				if !errors.As(err, &fe) || !errors.Is(err, c.kind) {
					t.Errorf("%s: error %v (%T) is not a *FormatError of kind %v", dec.name, err, err, c.kind)
				}
				if err.Error() != c.text {
					t.Errorf("%s: error is\n\t%s\nwant\n\t%s", dec.name, err, c.text)
				}
			}
		})
	}
}

type malformedCase struct {
	name string
	data []byte
	kind error
	text string
}

// malformedCases returns the golden files corrupted in each way the format
// forbids, with the error each must give: first the version 1 file (the
// cases from before version 2, their bytes unchanged), then the version 2
// one, for what version 2 adds.
func malformedCases(t testing.TB) []malformedCase {
	g := goldenV1(t)
	hdr := string(bytes.TrimRight(g[16:16+headerLen(g)], " "))
	// edit replaces old by new in the golden header.
	edit := func(old, new string) []byte {
		if !strings.Contains(hdr, old) {
			t.Fatalf("golden header lacks %q", old)
		}
		return withHeader(g, strings.Replace(hdr, old, new, 1))
	}
	return append([]malformedCase{
		{"empty", nil, ErrTruncated, "checkpoint: file is 0 bytes, too short for its 16-byte prefix"},
		{"zip file", []byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), ErrMagic, `checkpoint: not a Backprop Lab weights file (it starts with "PK\x03\x04\x14\x00\x00\x00")`},
		{"text", []byte("W1,b1\n0.1,0.2\n"), ErrMagic, `checkpoint: not a Backprop Lab weights file (it starts with "W1,b1\n0.")`},
		{"magic only", g[:8], ErrTruncated, "checkpoint: file is 8 bytes, too short for its 16-byte prefix"},
		// A version 1 header labelled version 2 lacks what version 2 requires.
		{"version 2", withUint32(g, 8, 2), ErrHeader, `checkpoint: header lacks "epochs"`},
		{"version 0", withUint32(g, 8, 0), ErrVersion, "checkpoint: version 0 is not supported, want 1 to 2"},
		{"header length 0", withUint32(g, 12, 0), ErrHeader, "checkpoint: header length 0 is not a multiple of 8 from 8 to 65536"},
		{"header length 12", withUint32(g, 12, 12), ErrHeader, "checkpoint: header length 12 is not a multiple of 8 from 8 to 65536"},
		{"header length huge", withUint32(g, 12, 1<<31), ErrHeader, "checkpoint: header length 2147483648 is not a multiple of 8 from 8 to 65536"},
		{"header past end", withUint32(g, 12, 65536), ErrTruncated, "checkpoint: file is 508 bytes and ends inside its 65536-byte header"},
		{"header not JSON", withHeader(g, "weights!"), ErrHeader, `checkpoint: header is not a JSON object (it starts with "weights!")`},
		{"header all spaces", withHeader(g, ""), ErrHeader, `checkpoint: header is not a JSON object (it starts with "")`},
		{"header array", withHeader(g, "[3,4,2]"), ErrHeader, `checkpoint: header is not a JSON object (it starts with "[3,4,2]")`},
		{"header cut", withHeader(g, hdr[:40]), ErrHeader, "checkpoint: header is not valid JSON: it ends inside the object"},
		{"header bad syntax", edit(`"hidden":4,`, `"hidden":4,,`), ErrHeader, "checkpoint: header is not valid JSON: invalid character ',' looking for beginning of object key string at byte 22"},
		{"header trailing", withHeader(g, hdr+"\n"), ErrHeader, `checkpoint: header has "\n" after its JSON object, want only spaces`},
		{"missing member", edit(`"sampling":"replace",`, ""), ErrHeader, `checkpoint: header lacks "sampling"`},
		{"missing metric", edit(`,"loss":0.3125`, ""), ErrHeader, `checkpoint: header lacks "metrics.loss"`},
		{"unknown member", edit(`"seed":42`, `"seed":42,"momentum":0.9`), ErrHeader, `checkpoint: header has unknown member "momentum"`},
		{"unknown metric", edit(`"loss":0.3125`, `"loss":0.3125,"f1":0.5`), ErrHeader, `checkpoint: header has unknown member "metrics.f1"`},
		{"member case", edit(`"hidden"`, `"Hidden"`), ErrHeader, `checkpoint: header has unknown member "Hidden"`},
		{"member twice", edit(`"hidden":4`, `"hidden":4,"hidden":5`), ErrHeader, `checkpoint: header has member "hidden" twice`},
		{"metrics null", edit(`{"test_accuracy":0.875,"train_accuracy":0.9,"loss":0.3125}`, "null"), ErrHeader, `checkpoint: header member "metrics" is not an object`},
		{"size as string", edit(`"hidden":4`, `"hidden":"4"`), ErrHeader, `checkpoint: header member "hidden" is a JSON string, want an integer`},
		{"size fraction", edit(`"hidden":4`, `"hidden":4.5`), ErrHeader, `checkpoint: header member "hidden" is the number 4.5, want an integer`},
		{"negative seed", edit(`"seed":42`, `"seed":-1`), ErrHeader, `checkpoint: header member "seed" is the number -1, want an integer from 0 to 18446744073709551615`},
		{"metric as string", edit(`"loss":0.3125`, `"loss":"low"`), ErrHeader, `checkpoint: header member "metrics.loss" is a JSON string, want a number`},
		{"hidden 0", edit(`"hidden":4`, `"hidden":0`), ErrSize, "checkpoint: hidden size 0 is outside 1 to 4096"},
		{"input negative", edit(`"input":3`, `"input":-3`), ErrSize, "checkpoint: input size -3 is outside 1 to 4096"},
		{"input 4097", edit(`"input":3`, `"input":4097`), ErrSize, "checkpoint: input size 4097 is outside 1 to 4096"},
		{"output 1001", edit(`"output":2`, `"output":1001`), ErrSize, "checkpoint: output size 1001 is outside 1 to 1000"},
		{"hidden absurd", edit(`"hidden":4`, `"hidden":9223372036854775807`), ErrSize, "checkpoint: hidden size 9223372036854775807 is outside 1 to 4096"},
		{"activation", edit(`"relu"`, `"tanh"`), ErrOption, `checkpoint: unknown activation "tanh", want relu or sigmoid`},
		{"activation case", edit(`"relu"`, `"ReLU"`), ErrOption, `checkpoint: unknown activation "ReLU", want relu or sigmoid`},
		{"init", edit(`"book"`, `"lecun"`), ErrOption, `checkpoint: unknown init "lecun", want book or he or xavier`},
		{"sampling", edit(`"replace"`, `""`), ErrOption, `checkpoint: unknown sampling "", want replace or shuffle`},
		{"weight std", edit(`"weight_std":0.01`, `"weight_std":-0.01`), ErrOption, "checkpoint: weight std -0.01 is not a finite number ≥ 0"},
		{"learning rate", edit(`"learning_rate":0.1`, `"learning_rate":0`), ErrOption, "checkpoint: learning rate 0 is not a finite number > 0"},
		{"batch size", edit(`"batch_size":100`, `"batch_size":0`), ErrOption, "checkpoint: batch size 0 is below 1"},
		{"iterations", edit(`"iterations":1200`, `"iterations":-1`), ErrOption, "checkpoint: iterations -1 is below 0"},
		{"accuracy", edit(`"test_accuracy":0.875`, `"test_accuracy":87.5`), ErrOption, "checkpoint: test accuracy 87.5 is outside 0 to 1"},
		{"loss", edit(`"loss":0.3125`, `"loss":-1`), ErrOption, "checkpoint: loss -1 is not a finite number ≥ 0"},
		{"creator", edit(`"checkpoint golden test"`, `"`+strings.Repeat("x", 257)+`"`), ErrOption, "checkpoint: creator is 257 bytes, more than 256"},
		{"sizes larger than data", edit(`"output":2`, `"output":3`), ErrTruncated, "checkpoint: file is 508 bytes, want 548 for a 3×4×3 net"},
		{"sizes smaller than data", edit(`"output":2`, `"output":1`), ErrTrailing, "checkpoint: file has 40 bytes after its crc-32"},
		{"truncated in parameters", g[:len(g)-100], ErrTruncated, "checkpoint: file is 408 bytes, want 508 for a 3×4×2 net"},
		{"crc missing", g[:len(g)-4], ErrTruncated, "checkpoint: file is 504 bytes, want 508 for a 3×4×2 net"},
		{"trailing garbage", append(bytes.Clone(g), '\n'), ErrTrailing, "checkpoint: file has 1 bytes after its crc-32"},
		{"two files", append(bytes.Clone(g), g...), ErrTrailing, "checkpoint: file has 508 bytes after its crc-32"},
		{"flipped parameter bit", flipBit(g, len(g)-20), ErrCRC, "checkpoint: crc-32 of the file is 0x" + crcHex(flipBit(g, len(g)-20)) + ", but it records 0x" + crcRecorded(g) + ": the file is damaged"},
		{"flipped header bit", flipBit(g, 16+strings.Index(hdr, "0.875")+3), ErrCRC, "checkpoint: crc-32 of the file is 0x" + crcHex(flipBit(g, 16+strings.Index(hdr, "0.875")+3)) + ", but it records 0x" + crcRecorded(g) + ": the file is damaged"},
		{"zeroed crc", withUint32(g, len(g)-4, 0), ErrCRC, "checkpoint: crc-32 of the file is 0x" + crcRecorded(g) + ", but it records 0x00000000: the file is damaged"},
		{"NaN in W1", withParam(g, 1*4+2, math.NaN()), ErrNotFinite, "checkpoint: W1[1,2] is NaN"},
		{"Inf in b1", withParam(g, 12+3, math.Inf(1)), ErrNotFinite, "checkpoint: b1[3] is +Inf"},
		{"minus Inf in W2", withParam(g, 16+7, math.Inf(-1)), ErrNotFinite, "checkpoint: W2[3,1] is -Inf"},
		{"NaN in b2", withParam(g, 24+1, math.Float64frombits(0x7ff0000000000001)), ErrNotFinite, "checkpoint: b2[1] is NaN"},
		{"v1 with epochs", edit(`"creator"`, `"epochs":0,"creator"`), ErrHeader, `checkpoint: header has unknown member "epochs"`},
		{"v1 with data", edit(`"creator"`, `"data":"MNIST","creator"`), ErrHeader, `checkpoint: header has unknown member "data"`},
	}, malformedV2Cases(t)...)
}

// malformedV2Cases returns the version 2 golden file corrupted in each way
// that concerns what version 2 adds.
func malformedV2Cases(t testing.TB) []malformedCase {
	g := mustEncode(t, goldenV2Checkpoint())
	hdr := string(bytes.TrimRight(g[16:16+headerLen(g)], " "))
	edit := func(old, new string) []byte {
		if !strings.Contains(hdr, old) {
			t.Fatalf("golden header lacks %q", old)
		}
		return withHeader(g, strings.Replace(hdr, old, new, 1))
	}
	const p = 26 // parameters; the history's values follow, 4 per epoch
	return []malformedCase{
		{"v2 version 3", withUint32(g, 8, 3), ErrVersion, "checkpoint: version 3 is not supported, want 1 to 2"},
		{"v2 epochs missing", edit(`,"epochs":3`, ""), ErrHeader, `checkpoint: header lacks "epochs"`},
		{"v2 epochs as string", edit(`"epochs":3`, `"epochs":"3"`), ErrHeader, `checkpoint: header member "epochs" is a JSON string, want an integer`},
		{"v2 epochs negative", edit(`"epochs":3`, `"epochs":-1`), ErrHistory, "checkpoint: history of -1 epochs is outside 0 to 1048576"},
		{"v2 epochs too many", edit(`"epochs":3`, `"epochs":1048577`), ErrHistory, "checkpoint: history of 1048577 epochs is outside 0 to 1048576"},
		{"v2 epochs more than data", edit(`"epochs":3`, `"epochs":4`), ErrTruncated, fmt.Sprintf("checkpoint: file is %d bytes, want %d for a 3×4×2 net and 4 epochs of history", len(g), len(g)+32)},
		{"v2 epochs fewer than data", edit(`"epochs":3`, `"epochs":2`), ErrTrailing, "checkpoint: file has 32 bytes after its crc-32"},
		{"v2 truncated in history", g[:len(g)-40], ErrTruncated, fmt.Sprintf("checkpoint: file is %d bytes, want %d for a 3×4×2 net and 3 epochs of history", len(g)-40, len(g))},
		{"v2 flipped history bit", flipBit(g, len(g)-10), ErrCRC, "checkpoint: crc-32 of the file is 0x" + crcHex(flipBit(g, len(g)-10)) + ", but it records 0x" + crcRecorded(g) + ": the file is damaged"},
		{"v2 data too long", edit(`"golden data: 400 training, 8 test images"`, `"`+strings.Repeat("d", 257)+`"`), ErrOption, "checkpoint: data is 257 bytes, more than 256"},
		{"v2 augment missing member", edit(`,"width":0.25`, ""), ErrHeader, `checkpoint: header lacks "augment.width"`},
		{"v2 augment unknown member", edit(`"width":0.25`, `"width":0.25,"flip":true`), ErrHeader, `checkpoint: header has unknown member "augment.flip"`},
		{"v2 augment not an object", edit(`{"seed":7,"shift":1.5,"rotate":12,"scale":0.1,"width":0.25}`, "true"), ErrHeader, `checkpoint: header member "augment" is not an object`},
		{"v2 augment shift", edit(`"shift":1.5`, `"shift":-1`), ErrOption, "checkpoint: augmentation shift -1 is not a number from 0 to 1.7976931348623157e+308"},
		{"v2 augment rotate", edit(`"rotate":12`, `"rotate":200`), ErrOption, "checkpoint: augmentation rotation 200 is not a number from 0 to 180"},
		{"v2 augment scale", edit(`"scale":0.1`, `"scale":1`), ErrOption, "checkpoint: augmentation scale 1 is not below 1"},
		{"v2 history iteration fraction", withParam(g, p, 400.5), ErrHistory, "checkpoint: epoch 1 ends at iteration 400.5, not a whole number"},
		{"v2 history iteration NaN", withParam(g, p+4, math.NaN()), ErrHistory, "checkpoint: epoch 2 ends at iteration NaN, not a whole number"},
		{"v2 history iteration huge", withParam(g, p, 1e300), ErrHistory, "checkpoint: epoch 1 ends at iteration 1e+300, not a whole number"},
		{"v2 history iteration 0", withParam(g, p, 0), ErrHistory, "checkpoint: epoch 1 ends at iteration 0, not after the previous epoch's 0"},
		{"v2 history iterations not increasing", withParam(g, p+8, 800), ErrHistory, "checkpoint: epoch 3 ends at iteration 800, not after the previous epoch's 800"},
		{"v2 history past training", withParam(g, p+8, 1201), ErrHistory, "checkpoint: epoch 3 ends at iteration 1201, after the 1200 iterations of training"},
		{"v2 history loss NaN", withParam(g, p+4+1, math.NaN()), ErrHistory, "checkpoint: epoch 2 loss NaN is not a finite number ≥ 0"},
		{"v2 history loss negative", withParam(g, p+1, -0.5), ErrHistory, "checkpoint: epoch 1 loss -0.5 is not a finite number ≥ 0"},
		{"v2 history train accuracy", withParam(g, p+2, 1.5), ErrHistory, "checkpoint: epoch 1 train accuracy 1.5 is outside 0 to 1"},
		{"v2 history test accuracy", withParam(g, p+8+3, math.Inf(1)), ErrHistory, "checkpoint: epoch 3 test accuracy +Inf is outside 0 to 1"},
	}
}

// TestSeedCorpus writes the golden files and the malformed cases as the
// seed corpus of FuzzRead when run with -update, and otherwise checks that
// each is there, so the corpus follows the cases.
func TestSeedCorpus(t *testing.T) {
	const dir = "testdata/fuzz/FuzzRead"
	inputs := map[string][]byte{"golden": goldenV1(t), "golden-v2": mustEncode(t, goldenV2Checkpoint())}
	for _, c := range malformedCases(t) {
		inputs[strings.ReplaceAll(c.name, " ", "-")] = c.data
	}
	for name, b := range inputs {
		want := fmt.Sprintf("go test fuzz v1\n[]byte(%q)\n", b)
		path := filepath.Join(dir, name)
		if *update {
			if err := os.MkdirAll(dir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(path, []byte(want), 0o644); err != nil {
				t.Fatal(err)
			}
		}
		got, err := os.ReadFile(path)
		if err != nil || string(got) != want {
			t.Errorf("seed corpus file %s is missing or out of date (err %v); run go test -run TestSeedCorpus -update", path, err)
		}
	}
}

func flipBit(b []byte, i int) []byte {
	b = bytes.Clone(b)
	b[i] ^= 0x04
	return b
}

// crcHex is the CRC-32 of b without its last 4 bytes; crcRecorded the value
// in them.
func crcHex(b []byte) string { return hex32(crc32.ChecksumIEEE(b[:len(b)-4])) }
func crcRecorded(b []byte) string {
	return hex32(binary.LittleEndian.Uint32(b[len(b)-4:]))
}
func hex32(v uint32) string {
	const digits = "0123456789abcdef"
	s := make([]byte, 8)
	for i := 7; i >= 0; i-- {
		s[i] = digits[v&15]
		v >>= 4
	}
	return string(s)
}

func TestEncodeRejects(t *testing.T) {
	cases := []struct {
		name   string
		change func(c *Checkpoint)
		kind   error
		text   string
	}{
		{"short W1", func(c *Checkpoint) { c.W1 = c.W1[:11] }, ErrLength, "checkpoint: W1 has 11 values, want 3×4 = 12"},
		{"long b2", func(c *Checkpoint) { c.B2 = append(c.B2, 0) }, ErrLength, "checkpoint: b2 has 3 values, want 2"},
		{"nil W2", func(c *Checkpoint) { c.W2 = nil }, ErrLength, "checkpoint: W2 has 0 values, want 4×2 = 8"},
		{"NaN", func(c *Checkpoint) { c.W2[5] = math.NaN() }, ErrNotFinite, "checkpoint: W2[2,1] is NaN"},
		{"Inf", func(c *Checkpoint) { c.B1[0] = math.Inf(-1) }, ErrNotFinite, "checkpoint: b1[0] is -Inf"},
		{"zero hidden", func(c *Checkpoint) { c.Meta.Hidden = 0 }, ErrSize, "checkpoint: hidden size 0 is outside 1 to 4096"},
		{"activation", func(c *Checkpoint) { c.Meta.Activation = "" }, ErrOption, `checkpoint: unknown activation "", want relu or sigmoid`},
		{"NaN learning rate", func(c *Checkpoint) { c.Meta.LearningRate = math.NaN() }, ErrOption, "checkpoint: learning rate NaN is not a finite number > 0"},
		{"Inf weight std", func(c *Checkpoint) { c.Meta.WeightStd = math.Inf(1) }, ErrOption, "checkpoint: weight std +Inf is not a finite number ≥ 0"},
		{"NaN accuracy", func(c *Checkpoint) { c.Meta.Metrics.TrainAcc = math.NaN() }, ErrOption, "checkpoint: train accuracy NaN is outside 0 to 1"},
		{"Inf loss", func(c *Checkpoint) { c.Meta.Metrics.Loss = math.Inf(1) }, ErrOption, "checkpoint: loss +Inf is not a finite number ≥ 0"},
		{"creator not UTF-8", func(c *Checkpoint) { c.Meta.Creator = "caf\xe9" }, ErrOption, `checkpoint: creator "caf\xe9" is not UTF-8`},
		{"data not UTF-8", func(c *Checkpoint) { c.Meta.Data = "\xff" }, ErrOption, `checkpoint: data "\xff" is not UTF-8`},
		{"NaN augmentation", func(c *Checkpoint) { c.Meta.Augment.Width = math.NaN() }, ErrOption, "checkpoint: augmentation width NaN is not a number from 0 to 1.7976931348623157e+308"},
		{"Inf augmentation", func(c *Checkpoint) { c.Meta.Augment.Shift = math.Inf(1) }, ErrOption, "checkpoint: augmentation shift +Inf is not a number from 0 to 1.7976931348623157e+308"},
		{"history out of order", func(c *Checkpoint) { c.History[0], c.History[1] = c.History[1], c.History[0] }, ErrHistory, "checkpoint: epoch 2 ends at iteration 400, not after the previous epoch's 800"},
		{"history past training", func(c *Checkpoint) { c.Meta.Iters = 1000 }, ErrHistory, "checkpoint: epoch 3 ends at iteration 1200, after the 1000 iterations of training"},
		{"history NaN", func(c *Checkpoint) { c.History[1].TrainAcc = math.NaN() }, ErrHistory, "checkpoint: epoch 2 train accuracy NaN is outside 0 to 1"},
		{"history Inf loss", func(c *Checkpoint) { c.History[2].Loss = math.Inf(1) }, ErrHistory, "checkpoint: epoch 3 loss +Inf is not a finite number ≥ 0"},
		{"history too long", func(c *Checkpoint) {
			c.Meta.Iters = MaxEpochs + 1
			c.History = make([]Epoch, MaxEpochs+1)
			for i := range c.History {
				c.History[i].Iter = i + 1
			}
		}, ErrHistory, "checkpoint: history has 1048577 epochs, more than 1048576"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			ck := goldenV2Checkpoint()
			c.change(ck)
			b, err := ck.Encode()
			if err == nil || b != nil {
				t.Fatalf("Encode gave %d bytes and error %v, want no bytes and an error", len(b), err)
			}
			if !errors.Is(err, c.kind) || err.Error() != c.text {
				t.Errorf("error is %v, want %q (%v)", err, c.text, c.kind)
			}
			var buf bytes.Buffer
			if n, err := ck.WriteTo(&buf); err == nil || n != 0 || buf.Len() != 0 {
				t.Errorf("WriteTo wrote %d bytes (err %v), want none and an error", buf.Len(), err)
			}
		})
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

// TestClaimedSizeIsNotTrusted reads a valid header for the largest net the
// format allows (4096×4096×1000, 167 MB of parameters), and one for the
// longest history, followed by a few values: Read and Decode must fail as
// truncated without allocating anything like the claimed size.
func TestClaimedSizeIsNotTrusted(t *testing.T) {
	g := mustEncode(t, goldenCheckpoint())
	hdr := string(bytes.TrimRight(g[16:16+headerLen(g)], " "))
	hdr = strings.Replace(hdr, `"input":3,"hidden":4,"output":2`, `"input":4096,"hidden":4096,"output":1000`, 1)
	big := withHeader(g, hdr)
	// A version 2 file of the golden net claiming the longest history (32
	// MiB).
	g2 := mustEncode(t, goldenV2Checkpoint())
	hdr2 := string(bytes.TrimRight(g2[16:16+headerLen(g2)], " "))
	hdr2 = strings.Replace(hdr2, `"epochs":3`, fmt.Sprintf(`"epochs":%d`, MaxEpochs), 1)
	long := withHeader(g2, hdr2)
	const limit = 1 << 20 // the files are 0.5 KiB; JSON decoding needs a few KiB
	for _, b := range [][]byte{big, long} {
		for _, dec := range []struct {
			name string
			f    func() error
		}{
			{"Decode", func() error { _, err := Decode(b); return err }},
			{"Read", func() error { _, err := Read(bytes.NewReader(b)); return err }},
		} {
			var err error
			if n := allocated(func() { err = dec.f() }); n > limit {
				t.Errorf("%s allocated %d bytes, want at most %d", dec.name, n, limit)
			}
			if !errors.Is(err, ErrTruncated) {
				t.Errorf("%s: error is %v, want ErrTruncated", dec.name, err)
			}
		}
	}
}

type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

func TestReadError(t *testing.T) {
	broken := errors.New("connection reset")
	g := mustEncode(t, goldenCheckpoint())
	for _, n := range []int{0, 10, 100, len(g)} {
		_, err := Read(io.MultiReader(bytes.NewReader(g[:n]), errReader{broken}))
		var fe *FormatError
		if !errors.Is(err, broken) || errors.As(err, &fe) || !strings.HasPrefix(err.Error(), "checkpoint: reading: ") {
			t.Errorf("after %d bytes: error is %v (%T), want checkpoint: reading: wrapping %v", n, err, err, broken)
		}
	}
}

func TestMetaNumParams(t *testing.T) {
	m := Meta{Input: 784, Hidden: 50, Output: 10}
	if got := m.NumParams(); got != 784*50+50+50*10+10 {
		t.Errorf("NumParams() = %d, want 39760", got)
	}
}

func TestGoldenFileIsSmall(t *testing.T) {
	st, err := os.Stat(filepath.Clean(goldenFile))
	if err != nil {
		t.Fatal(err)
	}
	if st.Size() > 4096 {
		t.Errorf("%s is %d bytes; keep the golden file small", goldenFile, st.Size())
	}
}

func TestCreatorIsNotEscaped(t *testing.T) {
	c := goldenCheckpoint()
	c.Meta.Creator = `<b>"x" & y</b>`
	b := mustEncode(t, c)
	if want := `"creator":"<b>\"x\" & y</b>"`; !bytes.Contains(b[16:16+headerLen(b)], []byte(want)) {
		t.Errorf("header %q lacks %s", b[16:16+headerLen(b)], want)
	}
	if got, err := Decode(b); err != nil || got.Meta.Creator != c.Meta.Creator {
		t.Errorf("creator decodes as %q (err %v), want %q", got.Meta.Creator, err, c.Meta.Creator)
	}
}
