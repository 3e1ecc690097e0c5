package model

import (
	crand "crypto/rand"
	"encoding/binary"
	"math/rand/v2"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The gradient check's maps and the bug hunt.

// CheckMaps are the last check's elements, each parameter's array
// row-major as in the snapshot; nil before a run and while one runs.
type CheckMaps struct {
	Diff, Numerical, Backprop *wire.GradMaps
	// Images is how many training images the check ran on.
	Images int
}

// HuntBreak is what the page shows instead of the broken layer's code
// (gradcheck-results' data-break) while a bug hunt hides it.
const HuntBreak = "hunt"

// Hunt is the bug hunt: the page breaks a layer the learner is not told
// of, runs the check, and the learner guesses the layer from the maps.
type Hunt struct {
	// On is true from the start of a hunt to the guess: the views must
	// not say which layer is broken.
	On bool
	// Bug is the layer broken, Guess the learner's pick ("" for none
	// yet).
	Bug, Guess string
	// Done is true once the learner has guessed: Correct says whether
	// the guess was Bug.
	Done, Correct bool
	// Rounds and Right count the hunts guessed and those guessed right.
	Rounds, Right int

	rng *rand.Rand
}

// checkConfig is the shape of the net the check would run on, as far as
// broken.ShowsInCheck needs it.
func (m *Model) checkConfig() nn.Config {
	act := nn.ActReLU
	if m.Sigmoid() {
		act = nn.ActSigmoid
	}
	return nn.Config{Input: digit.Pixels, Hidden: m.Hidden(), Output: Classes, Activation: act}
}

// ShownKinds lists the broken layers that the check on the current net
// can catch (broken.ShowsInCheck), "none" first: the others would show
// nothing and teach that a wrong backprop passes.
func (m *Model) ShownKinds() []broken.Kind {
	c := m.checkConfig()
	var out []broken.Kind
	for _, k := range m.Kinds() {
		if k.Name == broken.None || broken.ShowsInCheck(k.Name, c) {
			out = append(out, k)
		}
	}
	return out
}

// HiddenKinds lists the broken layers that fit the current net but that
// its check cannot catch, which the select leaves out.
func (m *Model) HiddenKinds() []broken.Kind {
	c := m.checkConfig()
	var out []broken.Kind
	for _, k := range m.Kinds() {
		if k.Name != broken.None && !broken.ShowsInCheck(k.Name, c) {
			out = append(out, k)
		}
	}
	return out
}

// HuntKinds are the bugs a hunt may plant and the learner may guess: the
// kinds that show, without "none".
func (m *Model) HuntKinds() []broken.Kind {
	k := m.ShownKinds()
	return k[1:]
}

func offered(kinds []broken.Kind, name string) bool {
	for _, k := range kinds {
		if k.Name == name {
			return true
		}
	}
	return false
}

// ChosenBreak is the broken layer of the next check: the one picked if
// the current net's check can catch it, else "none".
func (m *Model) ChosenBreak() string {
	if offered(m.ShownKinds(), m.Check.Break) {
		return m.Check.Break
	}
	return broken.None
}

// ResultsBreak is the broken layer the results are of, as the page may
// show it: HuntBreak while a hunt hides it, "" before a run.
func (m *Model) ResultsBreak() string {
	if m.Hunt.On && m.Check.DiffsBreak != "" {
		return HuntBreak
	}
	return m.Check.DiffsBreak
}

// CheckImages is how many training images the next check runs on.
func (m *Model) CheckImages() int {
	return broken.CheckBatch(m.ChosenBreak(), m.checkConfig())
}

// runCheck asks the trainer to check the net with kind broken.
func (m *Model) runCheck(kind string) {
	g := &m.Check
	// The last run's numbers must not stand under the new run's name.
	g.Running, g.Done, g.Total, g.Diffs, g.DiffsBreak = true, 0, 0, nil, ""
	g.Maps = CheckMaps{}
	m.post(wire.GradCheck{Break: kind})
}

// applyGradResult takes in a check's result; maps that do not fit the
// net are left out (the means still show).
func (m *Model) applyGradResult(v wire.GradResult) Changed {
	g := &m.Check
	g.Running = false
	g.Diffs, g.DiffsBreak = v.Diffs, v.Break
	g.Maps = CheckMaps{Images: v.Images}
	if h := m.Hidden(); len(v.Diff.B1) == h && v.Diff.Shaped(digit.Pixels, Classes) &&
		len(v.Numerical.B1) == h && v.Numerical.Shaped(digit.Pixels, Classes) &&
		len(v.Backprop.B1) == h && v.Backprop.Shaped(digit.Pixels, Classes) {
		g.Maps.Diff, g.Maps.Numerical, g.Maps.Backprop = &v.Diff, &v.Numerical, &v.Backprop
	}
	return Structure
}

// clearCheck forgets the last check and ends a hunt without its reveal:
// its maps were of a net that is gone.
func (m *Model) clearCheck() {
	m.Check.Diffs, m.Check.DiffsBreak, m.Check.Maps = nil, "", CheckMaps{}
	m.Hunt.On, m.Hunt.Done, m.Hunt.Bug, m.Hunt.Guess = false, false, "", ""
}

// StartHunt breaks a layer at random among those the check can catch,
// without saying which, and runs the check.
type StartHunt struct{}

func (StartHunt) apply(m *Model) Changed {
	kinds := m.HuntKinds()
	if !m.Run.Ready() || m.Check.Running || len(kinds) == 0 {
		return 0
	}
	h := &m.Hunt
	if h.rng == nil {
		h.rng = rand.New(rand.NewPCG(seed(), seed()))
	}
	h.On, h.Done, h.Correct, h.Guess = true, false, false, ""
	h.Bug = kinds[h.rng.IntN(len(kinds))].Name
	m.runCheck(h.Bug)
	return Structure
}

// seed returns 64 random bits from the system (the browser's
// crypto.getRandomValues), so that no two visits hunt the same bugs.
func seed() uint64 {
	var b [8]byte
	crand.Read(b[:]) // never fails (Go 1.24 on)
	return binary.LittleEndian.Uint64(b[:])
}

// SetGuess picks the learner's guess of the hunt's bug.
type SetGuess struct{ Kind string }

func (c SetGuess) apply(m *Model) Changed {
	if !m.Hunt.On || c.Kind != "" && !offered(m.HuntKinds(), c.Kind) {
		return 0
	}
	m.Hunt.Guess = c.Kind
	return Structure
}

// CanGuess reports whether the learner can submit a guess: the hunt's
// check has its results and a bug is picked.
func (m *Model) CanGuess() bool {
	return m.Hunt.On && !m.Check.Running && m.Check.Diffs != nil && m.Hunt.Guess != ""
}

// SubmitGuess ends the hunt and reveals its bug.
type SubmitGuess struct{}

func (SubmitGuess) apply(m *Model) Changed {
	if !m.CanGuess() {
		return 0
	}
	h := &m.Hunt
	h.On, h.Done, h.Correct = false, true, h.Guess == h.Bug
	h.Rounds++
	if h.Correct {
		h.Right++
	}
	return Structure
}
