package model

import (
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/backprop-lab/backprop-lab/worker"
)

// raceLab gives a lab's model two more trainer sessions for a race.
type raceLab struct {
	l     *lab
	s     [2]*worker.Session
	inbox []RaceMsg
}

func (r *raceLab) Post(run int, m wire.Msg) { r.s[run].Handle(roundTrip(r.l.t, m)) }

func (r *raceLab) pump() {
	for len(r.inbox) > 0 {
		m := r.inbox[0]
		r.inbox = r.inbox[1:]
		r.l.m.Do(m)
	}
	r.l.pump()
}

func newRaceLab(t *testing.T) *raceLab {
	l := started(t)
	r := &raceLab{l: l}
	for i := range r.s {
		trPix, trLab := synth(200, 1)
		tePix, teLab := synth(50, 2)
		s := worker.NewSession(dataset(t, trPix, trLab), dataset(t, tePix, teLab))
		now := time.Unix(0, 0)
		s.Now = func() time.Time { now = now.Add(time.Millisecond); return now }
		s.Post = func(m wire.Msg) { r.inbox = append(r.inbox, RaceMsg{Run: i, Msg: roundTrip(t, m)}) }
		r.s[i] = s
	}
	l.m.SetRaceTrainers(r)
	return r
}

// A race of ReLU against Sigmoid: run A has the page's settings, run B the
// same but its activation; both start when their trainers are there, train
// side by side, and the race is in the page's address.
func TestRace(t *testing.T) {
	r := newRaceLab(t)
	m := r.l.m
	m.Do(SetRaceSetting{Setting: "activation"})
	if m.Race.Value != "sigmoid" {
		t.Fatalf("run B's activation starts as %q", m.Race.Value)
	}
	m.Do(StartRace{})
	started := false
	for _, e := range m.Effects() {
		_, started = e.(StartRaceTrainers)
	}
	if !started || !m.Race.On {
		t.Fatal("the race asked for no trainers")
	}
	for i := range r.s {
		r.inbox = append(r.inbox, RaceMsg{Run: i, Msg: wire.Ready{TrainImages: 200, TestImages: 50}})
	}
	r.pump()
	a, b := m.Race.Runs[0].Settings, m.Race.Runs[1].Settings
	if a.Activation != "relu" || b.Activation != "sigmoid" || a.Seed != b.Seed || a.LearningRate != b.LearningRate {
		t.Fatalf("the runs' settings: A %+v, B %+v", a, b)
	}
	for range 10 {
		for i := range r.s {
			r.s[i].Train(50 * time.Millisecond)
		}
		r.pump()
	}
	ra, rb := &m.Race.Runs[0], &m.Race.Runs[1]
	if ra.P.Iter == 0 || rb.P.Iter == 0 || ra.Losses.Len() == 0 || rb.Snap == nil {
		t.Fatalf("after training: A at %d, B at %d", ra.P.Iter, rb.P.Iter)
	}
	if ra.Losses.Pts[0] == rb.Losses.Pts[0] {
		t.Error("ReLU and Sigmoid have the same first loss")
	}
	if l := m.Link(); !strings.Contains(l, "race=activation%3Asigmoid") {
		t.Errorf("the address %q lacks the race", l)
	}
	if got := m.RaceRunName(1); !strings.Contains(got, "B") || !strings.Contains(got, "Sigmoid") {
		t.Errorf("run B is named %q", got)
	}
	m.Do(StopRace{})
	if ra.Running || rb.Running {
		t.Error("stopped runs still say they run")
	}

	// From the address: a race to start once the trainer is there.
	l2 := newLab(t)
	l2.m.OpenLink("#lr=0.1&race=" + "lr%3A0.5")
	if !l2.m.Race.pending || l2.m.Race.Setting != "lr" || l2.m.Race.Value != "0.5" {
		t.Fatalf("the address's race: %+v", l2.m.Race)
	}
	l2.pump()
	l2.do(Start{})
	if !l2.m.Race.On || l2.m.Race.Runs[1].Settings.LearningRate != 0.5 || l2.m.Race.Runs[0].Settings.LearningRate != 0.1 {
		t.Errorf("the address's race did not start with lr 0.1 against 0.5: %+v", l2.m.Race)
	}
	// A bad race in the address is named and left out.
	l3 := newLab(t)
	l3.m.OpenLink("#race=activation%3Atanh")
	if l3.m.Race.pending || l3.m.Notice.Msg.ID != i18n.BadLink {
		t.Errorf("a bad race in the address: %+v, notice %+v", l3.m.Race, l3.m.Notice)
	}
}

// Run B's value is checked as the form checks it: refused with a message.
func TestRaceBadValues(t *testing.T) {
	r := newRaceLab(t)
	m := r.l.m
	for _, tc := range []struct {
		setting, value string
		want           i18n.ID
	}{
		{"lr", "abc", i18n.RaceBadNumber},
		{"lr", "-1", i18n.RaceBadNumber},
		{"batch", "0", i18n.RaceBadNumber},
		{"activation", "tanh", i18n.RaceBadValue},
		{"activation", "relu", i18n.RaceSame},
	} {
		m.Do(SetRaceSetting{Setting: tc.setting})
		m.Do(SetRaceValue{Value: tc.value})
		m.Notice.clear()
		m.Do(StartRace{})
		if m.Race.On || m.Notice.Msg.ID != tc.want {
			t.Errorf("%s = %q: race on %t, notice %q; want %q", tc.setting, tc.value, m.Race.On, m.Notice.Msg.ID, tc.want)
		}
	}
}
