package ui

import (
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/wire"
)

func TestFormDefaults(t *testing.T) {
	f := NewForm(wire.DefaultSettings())
	s, ok := f.Settings(10000)
	if !ok {
		t.Fatalf("default form invalid: %+v", f)
	}
	if s != wire.DefaultSettings() {
		t.Fatalf("form changed the defaults: %+v", s)
	}
}

func TestFormRejects(t *testing.T) {
	for _, tc := range []struct {
		field, raw, want string
	}{
		{"lr", "", "empty"},
		{"lr", "abc", "not a number"},
		{"lr", "NaN", "not a number"},
		{"lr", "Inf", "not a number"},
		{"lr", "-1", "greater than 0"},
		{"lr", "0", "greater than 0"},
		{"lr", "1e9", "too large"},
		{"batch", "0", "at least 1"},
		{"batch", "10001", "too large"},
		{"batch", "2.5", "whole number"},
		{"batch", "99999999999999999999", "too large"},
		{"hidden", "-3", "at least 1"},
		{"hidden", "100000", "too large"},
		{"seed", "x", "not a whole number"},
		{"iters", "0", "at least 1"},
	} {
		t.Run(tc.field+"="+tc.raw, func(t *testing.T) {
			f := NewForm(wire.DefaultSettings())
			var fld *Field
			switch tc.field {
			case "lr":
				fld = &f.LR
			case "batch":
				fld = &f.Batch
			case "hidden":
				fld = &f.Hidden
			case "seed":
				fld = &f.Seed
			case "iters":
				fld = &f.Iters
			}
			fld.Raw = tc.raw
			if _, ok := f.Settings(10000); ok {
				t.Fatal("accepted")
			}
			if !strings.Contains(fld.Err, tc.want) {
				t.Fatalf("error %q does not say %q", fld.Err, tc.want)
			}
		})
	}
}

func TestFormAcceptsLargeButSaneRate(t *testing.T) {
	f := NewForm(wire.DefaultSettings())
	f.LR.Raw = " 50 "
	s, ok := f.Settings(10000)
	if !ok || s.LearningRate != 50 {
		t.Fatalf("rate 50 must reach the trainer (it diverges, which the page shows): %+v %+v", s, f.LR)
	}
}
