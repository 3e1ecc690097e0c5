package model

import (
	"net/url"
	"strconv"
	"time"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// An Effect is work that a command asks of the browser (a file to read, a
// download, a new trainer): the model records it, package ui/dom carries it
// out and reports back with a command. The model stays pure.
type Effect interface{ effect() }

// The effects.
type (
	// ReadFile reads the file the user picked or dropped (File is the
	// browser's handle) and imports it.
	ReadFile struct {
		File any
		Name string
	}
	// ReadMine reads the files of an ImportMine and gives them to the
	// model as MineRead.
	ReadMine struct {
		Files []any
		Names []string
	}
	// StartRaceTrainers starts the race's two trainer workers (anew);
	// StopRaceTrainers stops them.
	StartRaceTrainers struct{}
	StopRaceTrainers  struct{}
	// TickAfter gives the model a TimelineTick after D.
	TickAfter struct{ D time.Duration }
	// FetchPretrained fetches the bundled pretrained net and imports it.
	FetchPretrained struct{}
	// Download offers File to the user as a file called Name.
	Download struct {
		Name string
		File []byte
	}
	// NewTrainer stops the trainer worker and starts a new one.
	NewTrainer struct{}
	// RememberLang keeps the chosen language for the next visit.
	RememberLang struct{ Code string }
	// ClearPad wipes the drawing pad's canvas.
	ClearPad struct{}
	// Focus moves the keyboard focus to the element [data-testid=TestID]
	// once the page shows it (a dialog that opens, the field it came
	// from when it closes).
	Focus struct{ TestID string }
	// Reveal scrolls the element [data-testid=TestID] into view once the
	// page shows it.
	Reveal struct{ TestID string }
)

func (ReadFile) effect()          {}
func (FetchPretrained) effect()   {}
func (ReadMine) effect()          {}
func (TickAfter) effect()         {}
func (StartRaceTrainers) effect() {}
func (StopRaceTrainers) effect()  {}
func (Download) effect()          {}
func (NewTrainer) effect()        {}
func (RememberLang) effect()      {}
func (ClearPad) effect()          {}
func (Focus) effect()             {}
func (Reveal) effect()            {}

// Effects hands the effects recorded so far to the caller and forgets
// them.
func (m *Model) Effects() []Effect {
	e := m.effects
	m.effects = nil
	return e
}

func (m *Model) ask(e Effect) { m.effects = append(m.effects, e) }

// ImportFile loads a weights file the user picked or dropped.
type ImportFile struct {
	File any
	Name string
}

func (c ImportFile) apply(m *Model) Changed {
	if c.File == nil {
		return 0
	}
	m.ask(ReadFile(c))
	return 0
}

// FileUnreadable reports that the browser could not read the file Name.
type FileUnreadable struct {
	Name   string
	Detail string
}

func (c FileUnreadable) apply(m *Model) Changed {
	m.Notice.warn(i18n.M(i18n.NotRead, c.Name), c.Detail)
	return Structure
}

// FileTooBig reports that the file Name the user picked has Bytes bytes,
// more than a weights file may.
type FileTooBig struct {
	Name  string
	Bytes int
}

func (c FileTooBig) apply(m *Model) Changed {
	m.Notice.warn(i18n.M(i18n.TooBig, c.Name, c.Bytes, wire.MaxFileBytes), "")
	return Structure
}

// LoadPretrained loads the bundled net, trained natively with the book's
// settings.
type LoadPretrained struct{}

func (LoadPretrained) apply(m *Model) Changed {
	if !m.Run.Ready() {
		return 0
	}
	m.ask(FetchPretrained{})
	return 0
}

// Export downloads the net the page shows as a weights file.
type Export struct{}

func (Export) apply(m *Model) Changed {
	name, b, ok := m.Export()
	if !ok {
		m.Notice.warn(i18n.M(i18n.NotSaved), "")
		return Structure
	}
	m.ask(Download{Name: name, File: b})
	m.Notice.inform(i18n.M(i18n.Saved, name, len(b)))
	return Structure
}

// RestartTrainer starts a new trainer after a crash, with the last weights
// the page received.
type RestartTrainer struct{}

func (RestartTrainer) apply(m *Model) Changed {
	c := Restart{}.apply(m)
	m.ask(NewTrainer{})
	return c
}

// OpenBench makes the page the bench page of a query such as
// "bench=train&iters=1000&workers=2&pool=messages&warmup=100", for a
// machine of cores cores; it reports false for a query that does not ask
// for the bench. Values out of bounds are clamped to them, and the page
// says so: any link can open the bench.
func (m *Model) OpenBench(query string, cores int) bool {
	q, err := url.ParseQuery(query)
	if err != nil || q.Get("bench") != "train" {
		return false
	}
	most := min(max(cores, 1), wire.MaxBenchWorkers)
	b := Bench{On: true, Iters: 1000, Workers: most, Warmup: DefaultBenchWarmup, Messages: q.Get("pool") == "messages"}
	var bounded i18n.List
	num := func(key string, lo, hi int, dst *int, said i18n.Message) {
		if n, err := strconv.Atoi(q.Get(key)); err == nil {
			*dst = min(max(n, lo), hi)
			if *dst != n {
				bounded = append(bounded, i18n.M(said.ID, append([]any{n, *dst}, said.Args...)...))
			}
		}
	}
	num("iters", 1, wire.MaxBenchIters, &b.Iters, i18n.M(i18n.BenchBoundIters, wire.MaxBenchIters))
	num("workers", 1, most, &b.Workers, i18n.M(i18n.BenchBoundWorkers, max(cores, 1), wire.MaxBenchWorkers))
	num("warmup", 0, wire.MaxBenchWarmup, &b.Warmup, i18n.M(i18n.BenchBoundWarmup, wire.MaxBenchWarmup))
	m.Bench = b
	if len(bounded) > 0 {
		m.Notice.warn(i18n.M(i18n.BenchBounded, bounded), "")
	}
	return true
}
