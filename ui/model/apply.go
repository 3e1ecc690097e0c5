package model

import (
	"bytes"
	"encoding/json"
	"net/url"
	"strconv"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Apply takes in a message from the trainer and returns what it changed.
func (m *Model) Apply(msg wire.Msg) Changed {
	m.Run.Messages++
	was := m.Run.Status
	ready := m.Run.Ready()
	c := m.apply(msg)
	if m.Run.Status != was || m.Run.Ready() != ready {
		c |= Structure
	}
	return c
}

func (m *Model) apply(msg wire.Msg) Changed {
	switch v := msg.(type) {
	case wire.Ready:
		// The page reads ready once it has a net too: the state that
		// answers the first net's message sets the status, with the net's
		// first snapshot.
		m.Run.TrainN, m.Run.TestN = v.TrainImages, v.TestImages
		if m.Bench.On {
			m.Run.Status = wire.StatusReady
			m.postBench()
		}
		return Structure
	case wire.State:
		return m.applyState(v)
	case wire.Epoch:
		return m.applyEpoch(v)
	case wire.Taught:
		return m.applyTaught(v)
	case wire.Past:
		return m.applyPast(v)
	case wire.Rewound:
		return m.applyRewound(v)
	case wire.Tuned:
		return m.applyTuned(v)
	case wire.Diverged:
		m.Check.Running = false
		if v.Cause == wire.BlowUp {
			m.Notice.warn(i18n.M(i18n.DivergedBlowUp, v.Iter, v.Limit, v.GoodIter), v.Detail)
		} else {
			m.Notice.warn(i18n.M(i18n.DivergedNaN, v.Iter), v.Detail)
		}
		return Structure
	case wire.Error:
		return m.applyError(v)
	case wire.Imported:
		m.boot.restoring = nil
		m.Run.reset(v.Settings, v.Iter)
		m.clearRun()
		m.Mine.Last, m.Mine.Steps = nil, 0
		if v.Prior != nil {
			m.Run.Prior, m.Run.PriorEpochs, m.Run.PriorIter = v.Prior, v.History, v.Iter
		} else {
			for _, e := range v.History {
				m.Run.Epochs = appendEpoch(m.Run.Epochs, e)
			}
		}
		m.Keep.loaded = true
		if k := m.Keep.Kept; k != nil && !m.Keep.Offer && bytes.Equal(m.boot.importing, k.bytes) {
			m.Keep.hold(v.Iter, v.Settings) // the kept net itself, back
		}
		m.boot.importing = nil
		m.Notice.inform(i18n.M(i18n.Loaded, m.boot.importFrom, v.Settings.Hidden, m.Words().ActName(v.Settings.Activation)))
		return Everything | Address
	case wire.GradProgress:
		m.Check.Running, m.Check.Done, m.Check.Total = true, v.Done, v.Total
		return Structure
	case wire.GradResult:
		return m.applyGradResult(v)
	case wire.BenchDone:
		b, _ := json.Marshal(v.Result)
		m.Bench.Result, m.Bench.Last = string(b), v.Result
		m.Bench.Running, m.Bench.Stopping = false, false
		return Structure
	}
	return 0
}

func (m *Model) applyState(v wire.State) Changed {
	c := Progress
	r := &m.Run
	// Losses belong to the run from their first iteration on; after a new
	// net the trainer's numbering starts again.
	if v.Progress.FirstIter == r.Losses.Last()+1 {
		for _, l := range v.Losses {
			r.Losses.Add(l)
		}
	}
	r.P = v.Progress
	r.Status = v.Progress.Status
	if v.Kept != nil {
		m.Time.Kept = v.Kept
	}
	if m.Race.pending && r.Ready() {
		c |= m.startPendingRace()
	}
	if v.Norms != nil && len(v.Norms) == 4 && v.Progress.Iter > 0 {
		r.Norms.Add(v.Progress.Iter, [4]float64{v.Norms[0], v.Norms[1], v.Norms[2], v.Norms[3]})
	}
	if s := v.Snapshot; s != nil {
		if !s.Shaped(digit.Pixels, Classes) {
			m.Notice.warn(i18n.M(i18n.BadWeights), "a snapshot whose arrays do not fit a 784-hidden-10 net")
			return c | Structure
		}
		first := m.Snap == nil
		if m.adopt(s) {
			// The gradient views are registered views: their first
			// gradient needs no render of the templates, which costs the
			// page's main thread tens of milliseconds.
			c |= Weights | Prediction | Mask
			if first {
				c |= Structure
			}
			// The learner's digits are measured when the net rests, not at
			// every snapshot of a run (each epoch measures them too).
			if r.Status != wire.StatusTraining && len(m.Mine.Digits) > 0 {
				c |= m.evalMine()
			}
			if m.Mine.repass {
				m.Mine.repass = false
				if m.Stepper.Pass != nil {
					c |= m.runPass()
				}
			}
		}
		if r.Status != wire.StatusTraining {
			c |= m.keepNet()
		}
	}
	return c
}

func (m *Model) applyEpoch(v wire.Epoch) Changed {
	c := Epochs
	m.Run.Epochs = appendEpoch(m.Run.Epochs, v.Stats)
	m.keepPred(v)
	if m.Viewing() {
		return c // the views show the matrix of a past epoch
	}
	if m.Test != nil && len(v.Pred) == m.Test.N {
		m.Conf.Pred = v.Pred
		m.Conf.Matrix = NewMatrix(m.Test.Labels, v.Pred)
		m.refreshGallery()
		c |= Gallery
	}
	if v.UnitFrac != nil {
		m.Inside.UnitFrac = v.UnitFrac
	}
	if len(m.Mine.Digits) > 0 {
		c |= m.evalMine()
	}
	return c
}

func (m *Model) applyError(v wire.Error) Changed {
	m.Check.Running = false
	m.Mine.Waiting, m.Mine.Tuning = 0, false // no answer comes after an error
	if v.Code != wire.ErrHelper && v.Code != wire.ErrOneWorker {
		m.Bench.Running, m.Bench.Stopping = false, false // the bench did not run, or not to its end
	}
	switch v.Code {
	case wire.ErrCrashed:
		m.trainerDown(i18n.M(i18n.TrainerDown), v.Detail)
		return Structure
	case wire.ErrBadData:
		m.stopped(i18n.M(i18n.TrainerID(string(v.Code))), v.Detail)
		return Structure
	case wire.ErrImport:
		m.boot.importing = nil
		if m.boot.restoring != nil {
			m.restoreRefused()
		}
		reason := ""
		if len(v.Args) > 0 {
			reason = v.Args[0]
		}
		args := []any{m.boot.importFrom}
		for i, a := range v.Args {
			if i == 0 {
				continue
			}
			if reason == string(wire.OutOfLimits) && i == 1 {
				args = append(args, i18n.M(i18n.FieldID(a)))
			} else {
				args = append(args, a)
			}
		}
		m.Notice.warn(i18n.M(i18n.ImportID(reason), args...), v.Detail)
		return Structure
	case wire.ErrSettings:
		args := make([]any, len(v.Args))
		for i, a := range v.Args {
			args[i] = a
		}
		if len(args) > 0 {
			args[0] = i18n.M(i18n.FieldID(v.Args[0]))
		}
		m.Notice.warn(i18n.M(i18n.TrainerID(string(v.Code)), args...), v.Detail)
		return Structure
	}
	args := make([]any, len(v.Args))
	for i, a := range v.Args {
		args[i] = a
	}
	m.Notice.warn(i18n.M(i18n.TrainerID(string(v.Code)), args...), v.Detail)
	return Structure
}

// trainerDown puts the page in the error state and offers a restart.
func (m *Model) trainerDown(msg i18n.Message, detail string) {
	m.stopped(msg, detail)
	m.Run.TrainerDown = true
}

// stopped puts the page in the error state with a fatal message.
func (m *Model) stopped(msg i18n.Message, detail string) {
	m.Run.Status = wire.StatusError
	m.Check.Running = false
	m.Notice.fatal(msg, detail)
}

// init asks the trainer for a new net with settings s.
func (m *Model) init(s wire.Settings) Changed {
	m.Run.reset(s, 0)
	m.Run.P.Status = wire.StatusReady
	m.clearRun()
	m.post(wire.Init{Settings: s})
	return Everything | Address
}

// clearRun forgets what belonged to the previous net's run.
func (m *Model) clearRun() {
	m.Keep.held, m.Keep.loaded = false, false
	m.Inside.UnitFrac = nil
	m.Conf = Confusion{T: -1, P: -1}
	m.clearCheck()
	m.Stepper.Pass = nil
	m.Time = Timeline{Asked: -1, Speed: m.Time.Speed}
	m.preds = nil
}

// postBench asks the trainer for the bench page's run.
func (m *Model) postBench() {
	m.Bench.Running = true
	b := m.Bench
	m.post(wire.Bench{Iters: b.Iters, Workers: b.Workers, Warmup: b.Warmup, Messages: b.Messages})
}

// Link is the page's address fragment (without '#') that restores the
// applied settings.
func (m *Model) Link() string {
	l := SettingsHash(m.Run.Applied)
	if r := m.raceLink(); r != "" {
		l += "&race=" + url.QueryEscape(r)
	}
	return l
}

// TrainedMs is the trainer's training time so far in milliseconds, as the
// samples/s readout carries it.
func (m *Model) TrainedMs() string { return strconv.FormatFloat(m.Run.P.TrainedMs, 'f', 3, 64) }
