package ui

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/wire"
)

// mapStore is a Store in memory; full makes Set fail as a full
// localStorage does.
type mapStore struct {
	m    map[string]string
	full bool
}

func (s *mapStore) Get(k string) (string, bool) { v, ok := s.m[k]; return v, ok }
func (s *mapStore) Set(k, v string) error {
	if s.full {
		return errors.New("QuotaExceededError")
	}
	s.m[k] = v
	return nil
}
func (s *mapStore) Remove(k string) { delete(s.m, k) }

// trainedApp is a page showing a 784-3-10 net after iter iterations.
func trainedApp(t *testing.T, st *mapStore, iter int) *App {
	t.Helper()
	a := NewApp(nil)
	a.store = st
	a.Applied.Hidden = 3
	a.Status = "paused"
	h := 3
	s := &Snapshot{Hidden: h, W1: make([]float64, 784*h), B1: make([]float64, h), W2: make([]float64, h*10), B2: make([]float64, 10)}
	for i := range s.W1 {
		s.W1[i] = float64(i%7) / 100
	}
	s.B2[3] = float64(iter)
	a.Snap = s
	a.P.Iter = iter
	return a
}

func keptMeta(t *testing.T, st *mapStore) checkpoint.Meta {
	t.Helper()
	k, err := readKept(st)
	if err != nil || k == nil {
		t.Fatalf("the slot holds no readable net: %v, %v", k, err)
	}
	return k.Meta
}

func TestKeepNetMirrorsTrainedNet(t *testing.T) {
	st := &mapStore{m: map[string]string{}}
	a := trainedApp(t, st, 250)
	a.keepNet()
	if m := keptMeta(t, st); m.Iters != 250 || m.Hidden != 3 || !sameRun(m, a.Applied) {
		t.Errorf("kept %+v, want the page's net (250 iterations, 3 hidden, its settings)", m)
	}
	if !a.HasKept() {
		t.Error("HasKept is false after keeping a net")
	}

	// Back at iteration 0 (reset, new seed): the slot is emptied.
	a.P.Iter = 0
	a.keepNet()
	if _, ok := st.m[keptKey]; ok || a.HasKept() {
		t.Error("the slot still holds a net after the page's net went back to iteration 0")
	}
}

func TestKeepNetStorageFull(t *testing.T) {
	st := &mapStore{m: map[string]string{keptKey: "old"}, full: true}
	a := trainedApp(t, st, 10)
	a.keepNet()
	if _, ok := st.m[keptKey]; ok {
		t.Error("an older net stays in the slot after the storage refused the new one")
	}
	if !strings.Contains(a.Warning, "QuotaExceededError") {
		t.Errorf("warning %q does not say why the net was not kept", a.Warning)
	}
	a.Warning = ""
	a.keepNet()
	if a.Warning != "" {
		t.Errorf("the same refusal is said twice: %q", a.Warning)
	}
}

func TestOpenKept(t *testing.T) {
	st := &mapStore{m: map[string]string{}}
	trainedApp(t, st, 400).keepNet()

	// Same settings (as after a reload, whose address holds them): restored.
	b := NewApp(nil)
	b.store = st
	b.Applied.Hidden = 3
	b.openKept(true)
	if b.restoreAfterBoot == nil || b.KeptOffer {
		t.Fatalf("a reload with the same settings does not restore the kept net (offer %v)", b.KeptOffer)
	}
	if ck, err := checkpoint.Decode(b.restoreAfterBoot); err != nil || ck.Meta.Iters != 400 || ck.B2[3] != 400 {
		t.Errorf("restored something else: %v", err)
	}

	// No settings in the address: restored too.
	c := NewApp(nil)
	c.store = st
	c.openKept(false)
	if c.restoreAfterBoot == nil {
		t.Error("a page without settings in its address does not restore the kept net")
	}

	// An address with other settings (a shared link): offered, not loaded,
	// and not removed when the page's new net starts at iteration 0.
	d := trainedApp(t, st, 0)
	d.Kept = nil
	d.Applied.Seed = 99
	d.openKept(true)
	if d.restoreAfterBoot != nil || !d.KeptOffer || !strings.Contains(d.KeptOfferText(), "400 iterations") {
		t.Errorf("another run's net: restore %v, offer %v %q", d.restoreAfterBoot != nil, d.KeptOffer, d.KeptOfferText())
	}
	d.keepNet()
	if _, ok := st.m[keptKey]; !ok {
		t.Error("the offered net was removed when the page's new net started")
	}
	d.DiscardKept()
	if _, ok := st.m[keptKey]; ok || d.KeptOffer || d.HasKept() {
		t.Error("discard left the net in the slot or on offer")
	}
}

func TestOpenKeptCorrupt(t *testing.T) {
	for name, v := range map[string]string{
		"not base64":    "%%%",
		"not ours":      base64.StdEncoding.EncodeToString([]byte("hello")),
		"truncated net": "",
	} {
		st := &mapStore{m: map[string]string{}}
		if name == "truncated net" {
			trainedApp(t, st, 5).keepNet()
			v = st.m[keptKey][:len(st.m[keptKey])/2]
		}
		st.m[keptKey] = v
		a := NewApp(nil)
		a.store = st
		a.openKept(false)
		if a.restoreAfterBoot != nil || a.KeptOffer {
			t.Errorf("%s: a bad slot is restored or offered", name)
		}
		if _, ok := st.m[keptKey]; ok {
			t.Errorf("%s: a bad slot is not removed", name)
		}
		if a.Notice == "" {
			t.Errorf("%s: the page does not say that the kept net could not be read", name)
		}
	}
}

func TestSameRun(t *testing.T) {
	s := wire.DefaultSettings()
	m := checkpoint.Meta{Hidden: s.Hidden, Activation: s.Activation, Init: s.Init, Seed: s.Seed,
		LearningRate: s.LearningRate, BatchSize: s.BatchSize, Sampling: s.Sampling, Iters: 123}
	if !sameRun(m, s) {
		t.Error("the same settings are not the same run")
	}
	s.Iters = 5 // the budget is not part of the run
	if !sameRun(m, s) {
		t.Error("another budget makes another run")
	}
	s.LearningRate = 0.2
	if sameRun(m, s) {
		t.Error("another learning rate is the same run")
	}
}
