package ui

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu/js"
)

// maxImportBytes bounds a weights file the page reads: a 784-2048-10 net,
// the largest the page builds, is 12.9 MB.
const maxImportBytes = 16 << 20

// ExportBytes encodes the net the page shows (the trainer's last snapshot)
// with the settings that made it, in the format cmd/train -save writes.
func (a *App) ExportBytes() ([]byte, error) {
	s := a.Snap
	if s == nil {
		return nil, fmt.Errorf("there is no net to save yet")
	}
	ck := checkpoint.Checkpoint{W1: s.W1, B1: s.B1, W2: s.W2, B2: s.B2, Meta: checkpoint.Meta{
		Input: 784, Hidden: s.Hidden, Output: 10,
		Activation: a.Applied.Activation, Init: a.Applied.Init, WeightStd: 0.01, Seed: a.Applied.Seed,
		LearningRate: a.Applied.LearningRate, BatchSize: a.Applied.BatchSize, Iters: a.P.Iter,
		Sampling: a.Applied.Sampling, Creator: "Backprop Lab page",
	}}
	if e, ok := a.LastEpoch(); ok && e.Iter == a.P.Iter {
		ck.Meta.Metrics = &checkpoint.Metrics{TestAcc: e.TestAcc, TrainAcc: e.TrainAcc, Loss: e.TrainLoss}
	}
	return ck.Encode()
}

// ExportName is the file name of an export.
func (a *App) ExportName() string {
	return fmt.Sprintf("backprop-lab-784-%d-10-%s-iter%d.bplw", a.HiddenN(), a.Applied.Activation, a.P.Iter)
}

// ImportBytes sends a weights file to the trainer, which checks it and
// answers with the new net or an error (the current net then stays).
func (a *App) ImportBytes(b []byte, from string) {
	if len(b) > maxImportBytes {
		a.Warning = fmt.Sprintf("%s was not loaded: it has %d bytes, a weights file of this page at most %d", from, len(b), maxImportBytes)
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
	a.Notice = fmt.Sprintf("Loaded %s: a 784-%d-10 %s net.", a.importFrom, s.Hidden, s.Activation)
	a.updateURL()
}

// Export downloads the current net as a weights file.
func (a *App) Export() {
	b, err := a.ExportBytes()
	if err != nil {
		a.Warning = "nothing saved: " + err.Error()
		return
	}
	download(a.ExportName(), b)
	a.Notice = fmt.Sprintf("Saved %s (%d bytes).", a.ExportName(), len(b))
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
			a.Warning = fmt.Sprintf("%s was not loaded (the current net is unchanged): %v", name, err)
			return
		}
		a.ImportBytes(b, name)
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
			a.Warning = "the pretrained net was not loaded: " + err.Error()
			return
		}
		a.ImportBytes(b, "the pretrained net")
	})
}
