package model

import (
	"slices"
	"testing"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// reload is a new page on the same browser's storage, started: what a
// reload of the page's address frag does.
func (l *lab) reload(frag string) *lab {
	l.t.Helper()
	l2 := newLab(l.t)
	l2.store = l.store
	l2.m.SetStore(l.store)
	l2.m.OpenLink(frag)
	l2.pump()
	l2.do(Start{})
	if l2.m.Snap == nil {
		l2.t.Fatalf("after the reload: no net (status %s, notice %+v)", l2.m.Run.Status, l2.m.Notice)
	}
	return l2
}

// weights are the parameters of the net the page shows.
func weights(m *Model) []float64 {
	s := m.Snap
	return slices.Concat(s.W1, s.B1, s.W2, s.B2)
}

// A write that the storage refuses after Set returned (IndexedDB's writes
// fail later) is said, and leaves the net shown as it was; the failure of a
// write that a later one overtook is not.
func TestKeepFailsLater(t *testing.T) {
	l := started(t)
	l.store.refuse = true
	l.do(Step{}) // a stopped trainer's net is kept at once
	if l.m.Notice.Msg.ID != i18n.KeptFailed || l.m.Notice.Level != Warning {
		t.Fatalf("notice %+v after a refused write", l.m.Notice)
	}
	if l.m.Keep.Kept != nil {
		t.Error("the page says a net is kept after its write failed")
	}
	if _, ok := l.store.Get(KeptKey); ok {
		t.Error("the slot still holds a net after the write of a newer one failed")
	}
	if l.m.Run.P.Iter != 1 || l.m.Snap.Hidden() != 3 || l.m.Run.Status != wire.StatusPaused {
		t.Errorf("after the failure: iteration %d, hidden %d, status %s", l.m.Run.P.Iter, l.m.Snap.Hidden(), l.m.Run.Status)
	}
	for _, lang := range i18n.Langs {
		if !lang.Has(i18n.KeptFailed) {
			t.Errorf("%s has no words for the failure", lang.Code)
		}
	}

	// Write 2 fails, but its failure arrives after write 3 succeeded.
	l = started(t)
	l.store.refuse = true
	l.m.Do(Step{})
	for len(l.inbox) > 0 { // the trainer's answer, not yet the storage's
		m := l.inbox[0]
		l.inbox = l.inbox[1:]
		l.m.Apply(m)
	}
	late := l.store.failed
	l.store.failed, l.store.refuse = nil, false
	l.do(Step{})
	for _, f := range late {
		l.do(f)
	}
	if l.m.Notice.Shown() || l.m.Keep.Kept == nil {
		t.Errorf("a stale failure: notice %+v, kept %v", l.m.Notice, l.m.Keep.Kept != nil)
	}
	if b, ok := l.store.Get(KeptKey); !ok || len(b) == 0 {
		t.Error("a stale failure emptied the slot")
	}
}

// A file that says 0 iterations is kept like any other loaded net, and a
// reload brings it back rather than a new net; a new net then empties the
// slot.
func TestImportedZeroIterationNetIsKept(t *testing.T) {
	a := started(t)
	for range 3 {
		a.do(Step{})
	}
	_, file, _ := a.m.Export()
	ck, err := checkpoint.Decode(file)
	if err != nil {
		t.Fatal(err)
	}
	ck.Meta.Iters, ck.Meta.Metrics = 0, nil
	zero, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want := weights(a.m)

	l := started(t)
	l.do(Import{File: zero, From: "zero.bplw"})
	if l.m.Run.P.Iter != 0 || !slices.Equal(weights(l.m), want) {
		t.Fatalf("after the import: iteration %d, the file's weights %v", l.m.Run.P.Iter, slices.Equal(weights(l.m), want))
	}
	if _, ok := l.store.Get(KeptKey); !ok || l.m.Keep.Kept == nil {
		t.Fatal("the imported 0-iteration net is not kept")
	}

	r := l.reload(l.m.Link())
	if _, ok := lastSent[wire.Import](r); !ok || r.m.Run.P.Iter != 0 || !slices.Equal(weights(r.m), want) {
		t.Errorf("after the reload: import sent %v, iteration %d, the file's weights %v", ok, r.m.Run.P.Iter, slices.Equal(weights(r.m), want))
	}
	writes := l.store.writes
	r.do(KeepNow{})
	if l.store.writes != writes {
		t.Error("the net restored from the slot was written again")
	}

	r.do(Reset{})
	if _, ok := l.store.Get(KeptKey); ok || r.m.Keep.Kept != nil {
		t.Error("a reset kept the slot")
	}
}

// The largest net the form allows fits the slot, which has room for the
// largest weights file; in localStorage's 5 MB it did not.
func TestLargestNetIsKept(t *testing.T) {
	big := func(limit int) *lab {
		l := newLab(t)
		l.store.limit = limit
		s := tinySettings()
		s.Hidden = wire.MaxHidden
		l.m.Run.Applied, l.m.Run.Form = s, NewForm(s)
		l.pump()
		l.do(Start{})
		l.do(Step{})
		if l.m.Snap == nil || l.m.Snap.Hidden() != wire.MaxHidden || l.m.Run.P.Iter != 1 {
			t.Fatalf("the largest net: status %s, iteration %d", l.m.Run.Status, l.m.Run.P.Iter)
		}
		return l
	}
	l := big(wire.MaxFileBytes)
	b, ok := l.store.Get(KeptKey)
	if !ok || l.m.Notice.Shown() {
		t.Fatalf("a 784-%d-10 net not kept: notice %+v", wire.MaxHidden, l.m.Notice)
	}
	t.Logf("784-%d-10 net: %d bytes kept", wire.MaxHidden, len(b))
	want := weights(l.m)
	r := l.reload(l.m.Link())
	if r.m.Run.P.Iter != 1 || r.m.Snap.Hidden() != wire.MaxHidden || !slices.Equal(weights(r.m), want) {
		t.Errorf("after the reload: iteration %d, hidden %d, same weights %v", r.m.Run.P.Iter, r.m.Snap.Hidden(), slices.Equal(weights(r.m), want))
	}

	l = big(5 << 20)
	if l.m.Notice.Msg.ID != i18n.KeptFailed {
		t.Errorf("a net past the storage's room: notice %+v", l.m.Notice)
	}
}
