package gomnist

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestLoad reads the official files; it fails, never skips, without the
// module proxy or module cache, as the subset's regeneration test does.
func TestLoad(t *testing.T) {
	set, err := Load()
	if err != nil {
		t.Fatalf("cannot read the official MNIST files (needs the go command and the module proxy): %v", err)
	}
	if set.Train.Images.N != 60000 || set.Test.Images.N != 10000 {
		t.Errorf("%d training and %d test images, want 60000 and 10000", set.Train.Images.N, set.Test.Images.N)
	}
}

func TestReadRejectsOtherFiles(t *testing.T) {
	src, err := Dir()
	if err != nil {
		t.Fatal(err)
	}
	fake := t.TempDir()
	for _, f := range Files {
		b, err := os.ReadFile(filepath.Join(src, f.Name))
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == "t10k-labels-idx1-ubyte.gz" {
			b = append(b, 0)
		}
		if err := os.WriteFile(filepath.Join(fake, f.Name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := Read(fake); err == nil || !strings.Contains(err.Error(), "t10k-labels-idx1-ubyte.gz: md5 is ") {
		t.Errorf("error is %v, want one naming the file and its md5", err)
	}
	if _, err := Read(t.TempDir()); err == nil {
		t.Error("an empty folder reads")
	}
}

func TestModuleDirError(t *testing.T) {
	_, err := ModuleDir("nodot/no-such-module@v0.0.0")
	if err == nil || !strings.HasPrefix(err.Error(), "go mod download -json nodot/no-such-module@v0.0.0: ") {
		t.Errorf("error is %v, want one naming the go mod download command", err)
	}
}
