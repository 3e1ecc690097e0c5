package model

import (
	"bytes"
	"fmt"

	"github.com/backprop-lab/backprop-lab/augment"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The page keeps the net it shows in the browser's storage, so that a
// reload brings back a trained or loaded net instead of throwing it away.
// The slot holds a weights file (the format of cmd/train -save and of the
// export button) and mirrors the page's net whenever it is trained or was
// loaded from a file: it is written when training stops (pause, done, a
// loaded file) and when the page is hidden or left, and emptied when the
// page builds a new net (reset, a new seed or shape). A reload restores it
// when the page's address asks for the same run (or for none); when the
// address asks for another run (a shared link), the page offers it
// instead. Writes may fail after the model made them (KeepFailed): the
// page then says so while it is still shown.

// KeptKey names the storage slot; the version is the weights format's.
const KeptKey = "backprop-lab/kept-net/v1"

// Keep is the state of the kept net.
type Keep struct {
	// Kept describes the net in the storage slot, nil for none.
	Kept *Kept
	// Offer says the kept net belongs to another run than the page's
	// address asked for: the page offers it.
	Offer bool
	// failed says the storage refused a net once (said once).
	failed bool
	// loaded says the page's net is not a new one: it came from a weights
	// file (or the slot) or was taught the learner's digits; it is kept
	// whatever its iteration.
	loaded bool
	// held says the slot holds the page's net at iteration iter with the
	// settings run (their budget aside): a net is written once per
	// iteration and settings, not for each message of a stopped trainer.
	held bool
	iter int
	run  wire.Settings
	// writes numbers the slot's writes and removals, so that a failure
	// that a later one overtook is not taken for the last write's.
	writes int
}

// Kept describes the net in the storage slot.
type Kept struct {
	Meta  checkpoint.Meta
	bytes []byte
}

// boot is what the page does once the trainer is there: load these weights
// instead of building a new net.
type boot struct {
	restore     []byte
	restoreFrom any // where restore comes from, an i18n.Message
	// restoring is restore as sent; if the trainer refuses it, a new net
	// starts.
	restoring []byte
	// importFrom is where the import under way came from (a file name or
	// an i18n.Message), for its notice; importing is its file.
	importFrom any
	importing  []byte
}

// readKept reads the storage slot. A slot that does not hold a valid
// weights file is an error (and is best removed).
func readKept(st Store) (*Kept, error) {
	b, ok := st.Get(KeptKey)
	if !ok {
		return nil, nil
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
		m.Sampling == s.Sampling && (m.Augment != nil) == s.Augment
}

// openKept looks at the storage slot when the page starts. fromLink says
// whether the page's address gave the settings. The kept net is loaded
// once the trainer is there when it belongs to the same run, else offered.
func (m *Model) openKept(fromLink bool) {
	if m.store == nil {
		return
	}
	k, err := readKept(m.store)
	if err != nil {
		m.removeKept()
		m.Notice.warn(i18n.M(i18n.KeptBad), err.Error())
		return
	}
	if k == nil {
		return
	}
	m.Keep.Kept = k
	if !fromLink || sameRun(k.Meta, m.Run.Applied) {
		m.boot.restore, m.boot.restoreFrom = k.bytes, i18n.M(i18n.TheKept)
		return
	}
	m.Keep.Offer = true
}

// keepNet writes the page's net into the storage slot if it is trained
// or loaded, and empties the slot if the page's net is a new one (unless
// the slot holds a net the page offers to restore). It returns Structure
// when what the page says of the kept net changed.
func (m *Model) keepNet() Changed {
	if m.store == nil || m.Snap == nil {
		return 0
	}
	had := m.Keep.Kept != nil
	if m.Run.P.Iter == 0 && !m.Keep.loaded {
		if m.Keep.Kept != nil && !m.Keep.Offer {
			m.removeKept()
		}
		return structureIf(had != (m.Keep.Kept != nil))
	}
	if m.Keep.Kept != nil && !m.Keep.Offer && m.Keep.holds(m.Run.P.Iter, m.Run.Applied) {
		return 0
	}
	ck := m.exportCheckpoint()
	b, err := ck.Encode()
	if err != nil {
		return 0
	}
	m.Keep.writes++
	if err := m.store.Set(KeptKey, b, m.Keep.writes); err != nil {
		return m.keepRefused(err.Error())
	}
	m.Keep.Kept, m.Keep.Offer = &Kept{Meta: ck.Meta, bytes: b}, false
	m.Keep.hold(m.Run.P.Iter, m.Run.Applied)
	return structureIf(!had)
}

// holds reports whether the slot holds the page's net at iteration iter
// with settings s.
func (k *Keep) holds(iter int, s wire.Settings) bool {
	s.Iters = 0
	return k.held && k.iter == iter && k.run == s
}

// hold records that the slot holds the page's net at iteration iter with
// settings s.
func (k *Keep) hold(iter int, s wire.Settings) {
	s.Iters = 0
	k.held, k.iter, k.run = true, iter, s
}

// removeKept empties the storage slot.
func (m *Model) removeKept() {
	m.Keep.Kept, m.Keep.Offer, m.Keep.held = nil, false, false
	if m.store != nil {
		m.Keep.writes++
		m.store.Remove(KeptKey)
	}
}

// keepRefused is a write of the slot that failed: the slot is emptied, so
// that a reload does not bring back an older net instead of this one, and
// the page says so, once.
func (m *Model) keepRefused(detail string) Changed {
	m.removeKept()
	if !m.Keep.failed {
		m.Keep.failed = true
		m.Notice.warn(i18n.M(i18n.KeptFailed), detail)
	}
	return Structure
}

// KeepFailed reports that the browser's storage refused write Write of the
// slot Key (the kept net, or the learner's digits) after Set had returned.
type KeepFailed struct {
	Key    string // the slot: KeptKey (or "") or MineKey
	Write  int
	Detail string
}

func (c KeepFailed) apply(m *Model) Changed {
	if c.Key == MineKey {
		if c.Write != m.Mine.writes {
			return 0
		}
		m.mineRefused(c.Detail)
		return Structure
	}
	if c.Write != m.Keep.writes {
		return 0 // a later write or removal took its place
	}
	return m.keepRefused(c.Detail)
}

func structureIf(b bool) Changed {
	if b {
		return Structure
	}
	return 0
}

// exportCheckpoint is the net the page shows with the settings that made
// it; nil before the first snapshot.
func (m *Model) exportCheckpoint() *checkpoint.Checkpoint {
	s := m.Snap
	if s == nil {
		return nil
	}
	a := m.Run.Applied
	ck := &checkpoint.Checkpoint{W1: s.W1, B1: s.B1, W2: s.W2, B2: s.B2, Meta: checkpoint.Meta{
		Input: digit.Pixels, Hidden: s.Hidden(), Output: Classes,
		Activation: a.Activation, Init: a.Init, WeightStd: 0.01, Seed: a.Seed,
		LearningRate: a.LearningRate, BatchSize: a.BatchSize, Iters: m.Run.P.Iter,
		Sampling: a.Sampling, Creator: "Backprop Lab page", Data: m.Run.DataDesc(),
	}}
	if a.Augment {
		c := augment.Default()
		ck.Meta.Augment = &checkpoint.Augment{Seed: a.Seed, Shift: c.Shift, Rotate: c.Rotate, Scale: c.Scale, Width: c.Width}
	}
	if e, ok := m.Run.LastEpoch(); ok && e.Iter == m.Run.P.Iter {
		ck.Meta.Metrics = &checkpoint.Metrics{TestAcc: float64(e.TestAcc), TrainAcc: float64(e.TrainAcc), Loss: float64(e.TrainLoss)}
	}
	return ck
}

// Export encodes the net the page shows as a weights file, with its file
// name; ok is false before the first snapshot.
func (m *Model) Export() (name string, file []byte, ok bool) {
	ck := m.exportCheckpoint()
	if ck == nil {
		return "", nil, false
	}
	b, err := ck.Encode()
	if err != nil {
		return "", nil, false
	}
	return fmt.Sprintf("backprop-lab-784-%d-10-%s-iter%d.bplw", m.Hidden(), m.Run.Applied.Activation, m.Run.P.Iter), b, true
}

// restoreRefused starts a new net when the trainer refused the weights
// restored at start-up, and forgets them if they were the kept net.
func (m *Model) restoreRefused() {
	if k := m.Keep.Kept; k != nil && bytes.Equal(m.boot.restoring, k.bytes) {
		m.removeKept()
	}
	m.boot.restoring = nil
	m.init(m.Run.Applied)
}

// KeptOfferText offers the kept net of another run.
func (m *Model) KeptOfferText() string {
	k := m.Keep.Kept
	if k == nil {
		return ""
	}
	w := m.Words()
	return fmt.Sprintf(w.KeptOfferText, k.Meta.Hidden, w.ActName(k.Meta.Activation), k.Meta.Iters)
}
