package ui

import (
	"bytes"
	"encoding/base64"
	"fmt"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The page keeps the net it shows in the browser's storage, so that a
// reload brings back a trained net instead of throwing it away. The slot
// holds a weights file (the format of cmd/train -save and of the export
// button) as base64, and mirrors the page's net whenever it is trained: it
// is written when training stops (pause, done, a loaded file) and when the
// page is hidden or left, and emptied when the page's net goes back to
// iteration 0 (reset, a new seed or shape). A reload restores it when the
// page's address asks for the same run (or for none); when the address
// asks for another run (a shared link), the page offers it instead.

// keptKey names the storage slot; the version is the weights format's.
const keptKey = "backprop-lab/kept-net/v1"

// Store is the browser's key-value storage (localStorage in the page). Set
// fails when the storage is full or forbidden.
type Store interface {
	Get(key string) (string, bool)
	Set(key, value string) error
	Remove(key string)
}

// Kept describes the net in the storage slot.
type Kept struct {
	Meta  checkpoint.Meta
	bytes []byte
}

// readKept reads the storage slot. A slot that does not hold a valid
// weights file is an error (and is best removed).
func readKept(st Store) (*Kept, error) {
	s, ok := st.Get(keptKey)
	if !ok {
		return nil, nil
	}
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return nil, fmt.Errorf("it is not base64: %v", err)
	}
	ck, err := checkpoint.Decode(b)
	if err != nil {
		return nil, err
	}
	return &Kept{Meta: ck.Meta, bytes: b}, nil
}

// sameRun reports whether the kept net was made with settings s (the
// iteration budget aside, which the file does not hold).
func sameRun(m checkpoint.Meta, s wire.Settings) bool {
	return m.Hidden == s.Hidden && m.Activation == s.Activation && m.Init == s.Init &&
		m.Seed == s.Seed && m.LearningRate == s.LearningRate && m.BatchSize == s.BatchSize &&
		m.Sampling == s.Sampling
}

// openKept looks at the storage slot when the page starts. fromURL says
// whether the page's address gave the settings. The kept net is loaded
// once the trainer is ready when it belongs to the same run, else offered.
func (a *App) openKept(fromURL bool) {
	if a.store == nil {
		return
	}
	k, err := readKept(a.store)
	if err != nil {
		a.store.Remove(keptKey)
		a.notice(func(l *labels) string { return fmt.Sprintf(l.KeptBad, err) })
		return
	}
	if k == nil {
		return
	}
	a.Kept = k
	if !fromURL || sameRun(k.Meta, a.Applied) {
		a.restoreAfterBoot, a.restoreFrom = k.bytes, source{phrase: func(l *labels) string { return l.TheKept }}
		return
	}
	a.KeptOffer = true
}

// keepNet writes the page's net into the storage slot if it is trained,
// and empties the slot if the net is back at iteration 0 (unless the slot
// holds a net the page offers to restore).
func (a *App) keepNet() {
	if a.store == nil || a.Snap == nil {
		return
	}
	if a.P.Iter == 0 {
		if a.Kept != nil && !a.KeptOffer {
			a.store.Remove(keptKey)
			a.Kept = nil
		}
		return
	}
	ck, err := a.exportCheckpoint()
	if err != nil {
		return
	}
	b, err := ck.Encode()
	if err != nil {
		return
	}
	if err := a.store.Set(keptKey, base64.StdEncoding.EncodeToString(b)); err != nil {
		// A full or forbidden storage: the slot must not keep an older net
		// that a reload would bring back instead of this one.
		a.store.Remove(keptKey)
		a.Kept, a.KeptOffer = nil, false
		if !a.keptFailed {
			a.keptFailed = true
			a.warn(func(l *labels) string { return fmt.Sprintf(l.KeptFailed, err) })
		}
		return
	}
	a.Kept, a.KeptOffer = &Kept{Meta: ck.Meta, bytes: b}, false
}

// restoreRefused starts a new net when the trainer refused the weights
// restored at start-up (the warning that follows says why), and forgets
// them if they were the kept net.
func (a *App) restoreRefused() {
	if a.Kept != nil && a.store != nil && bytes.Equal(a.restoring, a.Kept.bytes) {
		a.store.Remove(keptKey)
		a.Kept, a.KeptOffer = nil, false
	}
	a.restoring = nil
	a.init(a.Applied)
}

// RestoreKept loads the kept net that the page offered.
func (a *App) RestoreKept() {
	if a.Kept == nil || !a.Ready() {
		return
	}
	a.KeptOffer = false
	a.ImportBytes(a.Kept.bytes, source{phrase: func(l *labels) string { return l.TheKept }})
}

// DiscardKept empties the storage slot. If the page shows the kept net, a
// new net starts from the same settings, as Reset does.
func (a *App) DiscardKept() {
	if a.store != nil {
		a.store.Remove(keptKey)
	}
	showing := a.Kept != nil && !a.KeptOffer && a.P.Iter > 0
	a.Kept, a.KeptOffer = nil, false
	if showing && a.Ready() {
		a.init(a.Applied)
	}
	a.notice(func(l *labels) string { return l.KeptDiscarded })
}

// HasKept reports whether the browser keeps a net for this page.
func (a *App) HasKept() bool { return a.Kept != nil }

// KeptOfferText offers the kept net of another run.
func (a *App) KeptOfferText() string {
	if a.Kept == nil {
		return ""
	}
	m := a.Kept.Meta
	return fmt.Sprintf(a.L.KeptOfferText, m.Hidden, a.L.ActName(m.Activation), m.Iters)
}
