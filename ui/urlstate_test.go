package ui

import (
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/wire"
)

func TestURLRoundTrip(t *testing.T) {
	s := wire.Settings{Hidden: 100, Activation: "sigmoid", Init: "xavier", Seed: 987654321, LearningRate: 0.05, BatchSize: 32, Iters: 2500, Sampling: "shuffle"}
	f, found := FormFromURL("#"+SettingsHash(s), wire.DefaultSettings())
	if !found {
		t.Fatal("no settings found")
	}
	got, ok := f.Settings(10000)
	if !ok || got != s {
		t.Fatalf("round trip: %+v (ok %v), want %+v", got, ok, s)
	}
}

func TestURLBadValues(t *testing.T) {
	f, found := FormFromURL("lr=abc&hidden=-5&act=tanh&x=1", wire.DefaultSettings())
	if !found {
		t.Fatal("settings not found")
	}
	if _, ok := f.Settings(10000); ok {
		t.Fatal("bad URL values accepted")
	}
	if f.LR.Err == "" || f.Hidden.Err == "" {
		t.Errorf("errors not explained at the fields: %+v", f)
	}
	if f.Activation != "relu" {
		t.Errorf("unknown activation taken: %q", f.Activation)
	}
	if _, found := FormFromURL(strings.Repeat("a", maxURLState+1), wire.DefaultSettings()); found {
		t.Error("an oversized fragment was read")
	}
	if _, found := FormFromURL("", wire.DefaultSettings()); found {
		t.Error("an empty fragment held settings")
	}
}

func FuzzFormFromURL(f *testing.F) {
	f.Add(SettingsHash(wire.DefaultSettings()))
	f.Add("lr=1e308&batch=0&seed=18446744073709551616")
	f.Add("%zz&act=relu;hidden=3")
	f.Fuzz(func(t *testing.T, frag string) {
		form, _ := FormFromURL(frag, wire.DefaultSettings())
		s, ok := form.Settings(10000)
		if !ok {
			return
		}
		// Whatever the URL says, what passes validation is usable.
		if s.Hidden < 1 || s.Hidden > maxHidden || s.BatchSize < 1 || s.BatchSize > 10000 ||
			!(s.LearningRate > 0 && s.LearningRate <= maxLR) || s.Iters < 1 || s.Iters > maxIters || s.Seed > maxSeed {
			t.Fatalf("invalid settings accepted from %q: %+v", frag, s)
		}
		again, _ := FormFromURL(SettingsHash(s), wire.DefaultSettings())
		if s2, ok := again.Settings(10000); !ok || s2 != s {
			t.Fatalf("settings from %q do not survive a round trip: %+v vs %+v", frag, s, s2)
		}
	})
}
