package ui

import (
	"errors"
	"fmt"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// maxImportBytes bounds a weights file the page reads: a 784-2048-10 net,
// the largest the page builds, is 12.9 MB.
const maxImportBytes = 16 << 20

// errNoNet is ExportBytes's error before the first snapshot.
var errNoNet = errors.New("there is no net to save yet")

// source names where a weights file came from: a file's name, or one of
// the page's phrases ("the pretrained net").
type source struct {
	file   string
	phrase func(l *labels) string
}

func (s source) name(l *labels) string {
	if s.phrase != nil {
		return s.phrase(l)
	}
	return s.file
}

// ExportBytes encodes the net the page shows (the trainer's last snapshot)
// with the settings that made it, in the format cmd/train -save writes.
func (a *App) ExportBytes() ([]byte, error) {
	ck, err := a.exportCheckpoint()
	if err != nil {
		return nil, err
	}
	return ck.Encode()
}

// exportCheckpoint is the net the page shows with the settings that made it.
func (a *App) exportCheckpoint() (*checkpoint.Checkpoint, error) {
	s := a.Snap
	if s == nil {
		return nil, errNoNet
	}
	ck := &checkpoint.Checkpoint{W1: s.W1, B1: s.B1, W2: s.W2, B2: s.B2, Meta: checkpoint.Meta{
		Input: 784, Hidden: s.Hidden, Output: 10,
		Activation: a.Applied.Activation, Init: a.Applied.Init, WeightStd: 0.01, Seed: a.Applied.Seed,
		LearningRate: a.Applied.LearningRate, BatchSize: a.Applied.BatchSize, Iters: a.P.Iter,
		Sampling: a.Applied.Sampling, Creator: "Backprop Lab page",
	}}
	if e, ok := a.LastEpoch(); ok && e.Iter == a.P.Iter {
		ck.Meta.Metrics = &checkpoint.Metrics{TestAcc: e.TestAcc, TrainAcc: e.TrainAcc, Loss: e.TrainLoss}
	}
	return ck, nil
}

// ExportName is the file name of an export.
func (a *App) ExportName() string {
	return fmt.Sprintf("backprop-lab-784-%d-10-%s-iter%d.bplw", a.HiddenN(), a.Applied.Activation, a.P.Iter)
}

// ImportBytes sends a weights file to the trainer, which checks it and
// answers with the new net or an error (the current net then stays).
func (a *App) ImportBytes(b []byte, from source) {
	if len(b) > maxImportBytes {
		a.warn(func(l *labels) string { return fmt.Sprintf(l.TooBig, from.name(l), len(b), maxImportBytes) })
		return
	}
	a.Warning = ""
	a.importFrom = from
	a.post(wire.Msg{Kind: wire.KindImport, Bytes: b})
}

// imported resets the page for the net that a weights file brought.
func (a *App) imported(s wire.Settings) {
	a.Applied, a.Pending = s, nil
	a.resetRun(s)
	from := a.importFrom
	a.notice(func(l *labels) string { return fmt.Sprintf(l.Loaded, from.name(l), s.Hidden, l.ActName(s.Activation)) })
	a.updateURL()
}

// Export downloads the current net as a weights file.
func (a *App) Export() {
	b, err := a.ExportBytes()
	if err != nil {
		a.warn(func(l *labels) string {
			why := err.Error()
			if errors.Is(err, errNoNet) {
				why = l.NoNetToSave
			}
			return fmt.Sprintf(l.NotSaved, why)
		})
		return
	}
	name := a.ExportName()
	download(name, b)
	a.notice(func(l *labels) string { return fmt.Sprintf(l.Saved, name, len(b)) })
}

// ImportFile reads a file the user picked or dropped and loads it.
func (a *App) ImportFile(file js.Value) {
	if !file.Truthy() {
		return
	}
	name := file.Get("name").String()
	readBlob(file, maxImportBytes, func(b []byte, err error) {
		a.env.Lock()
		defer a.env.UnlockRender()
		if err != nil {
			a.warn(func(l *labels) string { return fmt.Sprintf(l.NotRead, name, err) })
			return
		}
		a.ImportBytes(b, source{file: name})
	})
}

// LoadPretrained loads the bundled net, trained natively with the book's
// settings (make pretrained).
func (a *App) LoadPretrained() {
	if !a.Ready() {
		return
	}
	fetchBytes("pretrained.bplw", maxImportBytes, func(b []byte, err error) {
		a.env.Lock()
		defer a.env.UnlockRender()
		if err != nil {
			a.warn(func(l *labels) string { return fmt.Sprintf(l.PretrainedFailed, err) })
			return
		}
		a.ImportBytes(b, source{phrase: func(l *labels) string { return l.ThePretrained }})
	})
}
