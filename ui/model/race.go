package model

import (
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The race: two runs side by side, each in its own trainer worker, with
// the same seed and the same mini-batches, differing in one setting the
// learner picks. Run A has the page's settings, run B the same with the
// one setting changed. The race lives in the page's address.

// RaceSettings are the settings a race may differ in, as the form and the
// address name them.
var RaceSettings = []string{"activation", "init", string(wire.FieldLR), string(wire.FieldBatch), string(wire.FieldHidden), "sampling"}

// Race is the state of the race.
type Race struct {
	// Setting is the setting B differs in; Value is B's value, as typed.
	Setting, Value string
	// On says the race's runs exist (running or ended).
	On   bool
	Runs [2]RaceRun
	// pending says the address asked for a race, to start once the page's
	// trainer is there.
	pending bool
}

// RaceRun is one run of the race, as its trainer reports it.
type RaceRun struct {
	Settings wire.Settings
	P        wire.Progress
	Losses   LossSeries
	Epochs   []wire.EpochStats
	// Snap is the run's last snapshot (its W1 tiles), nil before one;
	// UnitFrac each hidden unit's share of test images it is on for, from
	// its last epoch.
	Snap     *wire.Snapshot
	UnitFrac []float64
	// Ready says its trainer has started; Running that it trains.
	Ready, Running bool
}

// RaceTrainers are the race's two trainers, which package dom starts.
type RaceTrainers interface {
	Post(run int, m wire.Msg)
}

// SetRaceTrainers gives the model the race's trainers.
func (m *Model) SetRaceTrainers(t RaceTrainers) { m.raceTrainers = t }

// RaceChoices returns the values the race's setting may take, nil for a
// number the learner types.
func RaceChoices(setting string) []string {
	var f Form
	_, allowed := f.choice(setting)
	return allowed
}

// raceDefault is the value B starts with for a setting: the other choice,
// or a number worth comparing.
func (m *Model) raceDefault(setting string) string {
	a := m.Run.Applied
	switch setting {
	case "activation":
		if a.Activation == "relu" {
			return "sigmoid"
		}
		return "relu"
	case "init":
		if a.Init == "book" {
			return "he"
		}
		return "book"
	case "sampling":
		if a.Sampling == "replace" {
			return "shuffle"
		}
		return "replace"
	case string(wire.FieldLR):
		return "0.5"
	case string(wire.FieldBatch):
		return "10"
	case string(wire.FieldHidden):
		return "10"
	}
	return ""
}

// SetRaceSetting picks the setting the race's runs differ in.
type SetRaceSetting struct{ Setting string }

func (c SetRaceSetting) apply(m *Model) Changed {
	if !slices.Contains(RaceSettings, c.Setting) {
		return Structure
	}
	m.Race.Setting, m.Race.Value = c.Setting, m.raceDefault(c.Setting)
	return Structure
}

// SetRaceValue sets run B's value of the race's setting.
type SetRaceValue struct{ Value string }

func (c SetRaceValue) apply(m *Model) Changed {
	m.Race.Value = strings.TrimSpace(c.Value)
	return 0
}

// raceSettings returns the settings of the race's two runs, or the message
// that says why B's value cannot be used.
func (m *Model) raceSettings() ([2]wire.Settings, i18n.Message) {
	r := &m.Race
	a := m.Run.Applied
	f := NewForm(a)
	if choice, allowed := f.choice(r.Setting); choice != nil && !slices.Contains(allowed, r.Value) {
		return [2]wire.Settings{}, i18n.M(i18n.RaceBadValue, r.Value, i18n.M(i18n.FieldID(r.Setting)))
	}
	f.set(r.Setting, r.Value)
	b, ok := f.Settings(m.Run.trainN())
	if !ok {
		if fld := f.field(wire.Field(r.Setting)); fld != nil && !fld.OK() {
			return [2]wire.Settings{}, i18n.M(i18n.RaceBadNumber, i18n.M(i18n.FieldID(r.Setting)), fld.Problem.Text(m.Words()))
		}
		return [2]wire.Settings{}, i18n.M(i18n.RaceBadValue, r.Value, i18n.M(i18n.FieldID(r.Setting)))
	}
	if b == a {
		return [2]wire.Settings{}, i18n.M(i18n.RaceSame, i18n.M(i18n.FieldID(r.Setting)))
	}
	return [2]wire.Settings{a, b}, i18n.Message{}
}

// StartRace starts the race's two runs from iteration 0: the page's own
// run pauses, so that the two share the cores evenly.
type StartRace struct{}

func (StartRace) apply(m *Model) Changed {
	sets, bad := m.raceSettings()
	if !bad.IsZero() {
		m.Notice.warn(bad, "")
		return Structure
	}
	if m.Run.Training() {
		m.post(wire.Pause{})
	}
	r := &m.Race
	r.On, r.pending = true, false
	for i := range r.Runs {
		r.Runs[i] = RaceRun{Settings: sets[i], Losses: NewLossSeries(0), P: wire.Progress{Loss: wire.Num(nan)}}
	}
	m.ask(StartRaceTrainers{})
	return Structure | Address | Progress
}

// StopRace stops the race's runs; their curves stay.
type StopRace struct{}

func (StopRace) apply(m *Model) Changed {
	r := &m.Race
	if !r.On {
		return 0
	}
	for i := range r.Runs {
		r.Runs[i].Running, r.Runs[i].Ready = false, false
	}
	m.ask(StopRaceTrainers{})
	return Structure
}

// CloseRace stops the race and forgets it.
type CloseRace struct{}

func (CloseRace) apply(m *Model) Changed {
	c := StopRace{}.apply(m)
	m.Race.On, m.Race.pending = false, false
	return c | Structure | Address | Progress
}

// RaceMsg is a message of race run Run's trainer.
type RaceMsg struct {
	Run int
	Msg wire.Msg
}

func (c RaceMsg) apply(m *Model) Changed {
	r := &m.Race
	if !r.On || c.Run < 0 || c.Run > 1 {
		return 0
	}
	run := &r.Runs[c.Run]
	switch v := c.Msg.(type) {
	case wire.Ready:
		run.Ready = true
		m.postRace(c.Run, wire.Init{Settings: run.Settings})
		m.postRace(c.Run, wire.Play{})
		run.Running = true
		return Structure
	case wire.State:
		if v.Progress.FirstIter == run.Losses.Last()+1 {
			for _, l := range v.Losses {
				run.Losses.Add(l)
			}
		}
		run.P = v.Progress
		run.Running = v.Progress.Status == wire.StatusTraining
		if v.Snapshot != nil && v.Snapshot.Shaped(len(v.Snapshot.W1)/max(len(v.Snapshot.B1), 1), Classes) {
			run.Snap = v.Snapshot
		}
		ch := Progress | Weights
		if !run.Running {
			ch |= Structure
		}
		return ch
	case wire.Epoch:
		run.Epochs = appendEpoch(run.Epochs, v.Stats)
		if v.UnitFrac != nil {
			run.UnitFrac = v.UnitFrac
		}
		return Epochs | Progress
	case wire.Diverged:
		run.Running = false
		m.Notice.warn(i18n.M(i18n.RaceDiverged, raceName(c.Run), v.Iter), v.Detail)
		return Structure
	case wire.Error:
		run.Running = false
		m.Notice.warn(i18n.M(i18n.RaceFailed, raceName(c.Run)), v.Detail)
		return Structure
	}
	return 0
}

// RaceGone says race run Run's trainer stopped (a crash or a failed start).
type RaceGone struct {
	Run    int
	Detail string
}

func (c RaceGone) apply(m *Model) Changed {
	if c.Run < 0 || c.Run > 1 || !m.Race.On {
		return 0
	}
	m.Race.Runs[c.Run].Running, m.Race.Runs[c.Run].Ready = false, false
	m.Notice.warn(i18n.M(i18n.RaceFailed, raceName(c.Run)), c.Detail)
	return Structure
}

func raceName(run int) string { return string(rune('A' + run)) }

func (m *Model) postRace(run int, msg wire.Msg) {
	if m.raceTrainers != nil {
		m.raceTrainers.Post(run, msg)
	}
}

// Dead counts the run's dead hidden units, as the page counts them: for
// ReLU those no test image switches on, for Sigmoid those saturated on
// every one; -1 before its first epoch.
func (r *RaceRun) Dead() int {
	if r.UnitFrac == nil {
		return -1
	}
	sig := r.Settings.Activation == "sigmoid"
	n := 0
	for _, f := range r.UnitFrac {
		if sig && f >= 1 || !sig && f == 0 {
			n++
		}
	}
	return n
}

// raceLink is the address's race pair, "setting:value", "" for none.
func (m *Model) raceLink() string {
	if !m.Race.On && !m.Race.pending {
		return ""
	}
	return m.Race.Setting + ":" + m.Race.Value
}

// openRaceLink reads the address's race pair: a race to start once the
// trainer is there. It reports whether the pair was good.
func (m *Model) openRaceLink(pair string) bool {
	setting, value, ok := strings.Cut(pair, ":")
	if !ok || !slices.Contains(RaceSettings, setting) || value == "" {
		return false
	}
	m.Race.Setting, m.Race.Value = setting, value
	if _, bad := m.raceSettings(); !bad.IsZero() {
		m.Race.Setting, m.Race.Value = "", ""
		return false
	}
	m.Race.pending = true
	return true
}

// startPendingRace starts the race the address asked for, once the page's
// trainer is ready.
func (m *Model) startPendingRace() Changed {
	if !m.Race.pending || !m.Run.Ready() {
		return 0
	}
	return StartRace{}.apply(m)
}

// RaceRunName says which run i is: its letter and its value of the
// setting the race differs in.
func (m *Model) RaceRunName(i int) string {
	r := &m.Race.Runs[i]
	return fmt.Sprintf(m.Words().RaceRun, string(rune('A'+i)), m.Say(i18n.M(i18n.FieldID(m.Race.Setting))), RaceValue(m.Words(), m.Race.Setting, r.Settings))
}

// RaceValue is the value of setting in s, as the page words it.
func RaceValue(w *i18n.Words, setting string, s wire.Settings) string {
	switch setting {
	case "activation":
		return w.ActName(s.Activation)
	case "init":
		return w.InitName(s.Init)
	case "sampling":
		return w.SampName(s.Sampling)
	case string(wire.FieldLR):
		return strconv.FormatFloat(s.LearningRate, 'g', -1, 64)
	case string(wire.FieldBatch):
		return strconv.Itoa(s.BatchSize)
	case string(wire.FieldHidden):
		return strconv.Itoa(s.Hidden)
	}
	return ""
}
