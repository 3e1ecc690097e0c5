package model

import (
	"fmt"
	"unicode/utf8"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/wire"
)

// Run is the training run: the trainer's status and progress, the settings
// it runs with and the ones typed in the form, and the run's history.
type Run struct {
	Status wire.Status
	// TrainerDown says the trainer is gone (a crash, or it could not
	// start): the page offers a restart.
	TrainerDown bool
	P           wire.Progress
	Applied     wire.Settings  // what the trainer runs with
	Pending     *wire.Settings // a new net's settings, waiting for the user's yes
	pendingFrom string         // the field that asked for Pending
	Form        Form
	Losses      LossSeries
	Epochs      []wire.EpochStats
	// Prior is the training a loaded net had on other data than the
	// page's, and PriorEpochs that training's figures on its own data;
	// nil for a net trained on the page's data.
	Prior       *wire.Prior
	PriorEpochs []wire.EpochStats
	PriorIter   int // the loaded net's iterations
	Norms       NormSeries
	// TrainN and TestN are the sizes of the data sets, once the trainer
	// has them.
	TrainN, TestN int
	// Messages counts the messages from the trainer so far.
	Messages int
	// TrainHidden keeps training while the tab is hidden; PausedHidden
	// says training paused because it was, and resumes when it is shown.
	TrainHidden, PausedHidden bool
}

func newRun(s wire.Settings) Run {
	return Run{Status: wire.StatusLoading, Applied: s, Form: NewForm(s), Losses: NewLossSeries(0),
		P: wire.Progress{Loss: wire.Num(nan), Iters: s.Iters}}
}

// Ready reports whether the trainer has a net to work on.
func (r *Run) Ready() bool {
	switch r.Status {
	case wire.StatusReady, wire.StatusTraining, wire.StatusPaused, wire.StatusDone:
		return true
	}
	return false
}

// Training reports whether the trainer is playing.
func (r *Run) Training() bool { return r.Status == wire.StatusTraining }

// CanPlay reports whether the play/pause button does something now.
func (r *Run) CanPlay() bool {
	switch r.Status {
	case wire.StatusReady, wire.StatusTraining, wire.StatusPaused:
		return true
	}
	return false
}

// CanStep reports whether one step can be trained now.
func (r *Run) CanStep() bool { return r.Status == wire.StatusReady || r.Status == wire.StatusPaused }

// ProgressFrac is how much of the budget is done, 0..1.
func (r *Run) ProgressFrac() float64 {
	if r.P.Iters <= 0 {
		return 0
	}
	return min(float64(r.P.Iter)/float64(r.P.Iters), 1)
}

// LastEpoch returns the latest epoch statistics, if any.
func (r *Run) LastEpoch() (wire.EpochStats, bool) {
	if len(r.Epochs) == 0 {
		return wire.EpochStats{}, false
	}
	return r.Epochs[len(r.Epochs)-1], true
}

// trainN is the training set's size, or the bundled subset's before the
// trainer said.
func (r *Run) trainN() int {
	if r.TrainN > 0 {
		return r.TrainN
	}
	return 10000
}

// reset clears everything that belonged to the previous net, for a net
// with settings s that starts at iteration iter.
func (r *Run) reset(s wire.Settings, iter int) {
	r.Applied, r.Pending = s, nil
	r.Form = NewForm(s)
	r.Losses = NewLossSeries(iter)
	r.Epochs = nil
	r.Prior, r.PriorEpochs, r.PriorIter = nil, nil, 0
	r.Norms = NormSeries{}
	r.P = wire.Progress{Status: r.Status, Iter: iter, Iters: s.Iters, Loss: wire.Num(nan)}
}

// maxEpochs bounds the accuracy history; past it every other epoch is
// dropped (the latest always stays), so a long run keeps an even sample.
const maxEpochs = 1000

// appendEpoch adds e to h; an epoch at the iteration of h's last replaces
// it (a loaded file's last figures, then the page's own).
func appendEpoch(h []wire.EpochStats, e wire.EpochStats) []wire.EpochStats {
	return appendByIter(h, e, func(e wire.EpochStats) int { return e.Iter })
}

// appendByIter adds e to h, which iter orders: an entry at the iteration of
// h's last replaces it; past maxEpochs every other entry is dropped (the
// latest always stays).
func appendByIter[T any](h []T, e T, iter func(T) int) []T {
	if n := len(h); n > 0 && iter(h[n-1]) == iter(e) {
		h[n-1] = e
		return h
	}
	h = append(h, e)
	if len(h) > maxEpochs {
		half := h[:0]
		for i := 0; i < len(h)-1; i += 2 {
			half = append(half, h[i])
		}
		h = append(half, e)
	}
	return h
}

// DataDesc says what the net was trained on, for a weights file: the
// page's data, or a loaded file's and then, if it trained on, the page's.
func (r *Run) DataDesc() string {
	page := ""
	if r.TrainN > 0 && r.TestN > 0 {
		page = wire.DataDesc(wire.BundledData, r.TrainN, r.TestN)
	}
	switch {
	case r.Prior == nil:
		return page
	case r.P.Iter == r.PriorIter || page == "":
		return r.Prior.Data
	}
	s := fmt.Sprintf("%s, then %d iterations on %s", r.Prior.Data, r.P.Iter-r.PriorIter, page)
	if len(s) > checkpoint.MaxCreatorLen {
		cut := checkpoint.MaxCreatorLen - len("...")
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		s = s[:cut] + "..."
	}
	return s
}
