package model

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/backprop-lab/backprop-lab/worker"
)

// lab is a model wired to a real trainer session, as the page wires it to
// the trainer worker: every message goes through the wire format both ways.
type lab struct {
	t     *testing.T
	m     *Model
	s     *worker.Session
	inbox []wire.Msg // what the session sent, not yet applied
	sent  []wire.Msg // what the model posted
	store *memStore
	now   time.Time
}

// synth makes n four-class images: class c lights the c-th quarter.
func synth(n int, seed uint64) (pix, labels []uint8) {
	rng := rand.New(rand.NewPCG(seed, 0))
	pix = make([]uint8, n*784)
	labels = make([]uint8, n)
	for i := range n {
		c := rng.IntN(4)
		labels[i] = uint8(c)
		for j := range 784 {
			v := rng.IntN(60)
			if j/196 == c {
				v += 150
			}
			pix[i*784+j] = uint8(v)
		}
	}
	return pix, labels
}

func dataset(t *testing.T, pix, labels []uint8) nn.Dataset {
	d, err := nn.NewDataset(pix, labels, len(labels), 784)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tinySettings trains fast: 2 hidden units, 40 iterations of 5 images.
func tinySettings() wire.Settings {
	s := wire.DefaultSettings()
	s.Hidden, s.BatchSize, s.Iters = 3, 5, 40
	return s
}

func newLab(t *testing.T) *lab {
	t.Helper()
	trPix, trLab := synth(200, 1)
	tePix, teLab := synth(50, 2)
	l := &lab{t: t, store: &memStore{kv: map[string][]byte{}}, now: time.Unix(0, 0)}
	l.s = worker.NewSession(dataset(t, trPix, trLab), dataset(t, tePix, teLab))
	l.s.Now = func() time.Time { l.now = l.now.Add(time.Millisecond); return l.now }
	l.s.Post = func(m wire.Msg) { l.inbox = append(l.inbox, roundTrip(t, m)) }
	l.m = New(Config{Trainer: l, Store: l.store, Test: &TestSet{Pix: tePix, Labels: teLab, N: 50}})
	l.m.Run.Applied = tinySettings()
	l.m.Run.Form = NewForm(l.m.Run.Applied)
	l.s.Handle(wire.Ready{})
	return l
}

func roundTrip(t *testing.T, m wire.Msg) wire.Msg {
	t.Helper()
	h, f, b, err := wire.Encode(m)
	if err != nil {
		t.Fatalf("encode %T: %v", m, err)
	}
	out, err := wire.Decode(h, f, b)
	if err != nil {
		t.Fatalf("decode %T: %v", m, err)
	}
	return out
}

// Post is the model's trainer: the session handles the message at once.
func (l *lab) Post(m wire.Msg) {
	l.sent = append(l.sent, m)
	l.s.Handle(roundTrip(l.t, m))
}

// pump applies what the session sent, and the failures of the storage's
// writes as the page reports them, and returns the union of the bits.
func (l *lab) pump() Changed {
	var c Changed
	for len(l.inbox) > 0 || len(l.store.failed) > 0 {
		if len(l.inbox) > 0 {
			m := l.inbox[0]
			l.inbox = l.inbox[1:]
			c |= l.m.Apply(m)
			continue
		}
		f := l.store.failed[0]
		l.store.failed = l.store.failed[1:]
		c |= l.m.Do(f)
	}
	return c
}

// do runs a command and applies the trainer's answers.
func (l *lab) do(c Command) Changed { return l.m.Do(c) | l.pump() }

// train lets the session train while it plays, for at most n turns.
func (l *lab) train(n int) Changed {
	var c Changed
	for range n {
		if !l.s.Playing() {
			break
		}
		l.s.Train(20 * time.Millisecond)
		c |= l.pump()
	}
	return c
}

// started returns a lab whose first net is there.
func started(t *testing.T) *lab {
	l := newLab(t)
	l.pump()
	l.do(Start{})
	if l.m.Run.Status != wire.StatusReady || l.m.Snap == nil {
		t.Fatalf("after Start: status %s, snapshot %v", l.m.Run.Status, l.m.Snap != nil)
	}
	return l
}

// memStore is the browser's storage as IndexedDB is: a write that does
// not fit fails after Set returned.
type memStore struct {
	kv map[string][]byte
	// full makes Set fail at once, as a browser without storage does.
	full bool
	// limit, if not 0, is the most bytes a value may have; refuse makes
	// every write fail. Such a write fails later: failed holds it until
	// the lab reports it.
	limit  int
	refuse bool
	failed []KeepFailed
	writes int // the writes that succeeded
}

func (s *memStore) Get(k string) ([]byte, bool) { v, ok := s.kv[k]; return v, ok }
func (s *memStore) Set(k string, v []byte, write int) error {
	if s.full {
		return errFull
	}
	if s.refuse || (s.limit > 0 && len(v) > s.limit) {
		s.failed = append(s.failed, KeepFailed{Key: k, Write: write, Detail: "QuotaExceededError"})
		return nil
	}
	s.kv[k] = append([]byte(nil), v...)
	s.writes++
	return nil
}
func (s *memStore) Remove(k string) { delete(s.kv, k) }

type fullErr struct{}

func (fullErr) Error() string { return "quota exceeded" }

var errFull = fullErr{}

func lastSent[T wire.Msg](l *lab) (T, bool) {
	for i := len(l.sent) - 1; i >= 0; i-- {
		if v, ok := l.sent[i].(T); ok {
			return v, true
		}
	}
	var zero T
	return zero, false
}
