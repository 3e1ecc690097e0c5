package main

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
)

// TestRun measures the bundled net on a few drawn digits. It needs the
// official MNIST files (the module cache or the module proxy) and fails
// without them, as internal/gomnist's tests do.
func TestRun(t *testing.T) {
	var out bytes.Buffer
	if err := run(&out, []string{"../../../web/pretrained.bplw"}, 20, true); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`60 drawings: 20 MNIST test digits`,
		`test accuracy 0\.\d{4} on the full MNIST test set \(10000\), 0\.\d{4} on the bundled test subset \(2000\)`,
		`pixels  recognised \d+/60 .* small \d+/20 .* medium \d+/20 .* large \d+/20 .*; mouse \d+/30 .*, finger \d+/30`,
		`strokes recognised \d+/60 `,
	} {
		if !regexp.MustCompile(want).MatchString(out.String()) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
	if err := run(&out, []string{"no-such-file.bplw"}, 10, false); err == nil || !strings.Contains(err.Error(), "no-such-file.bplw") {
		t.Errorf("a missing weights file: error %v, want one naming it", err)
	}
}
