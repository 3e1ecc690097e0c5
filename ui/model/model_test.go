package model

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// TestApply feeds single messages to a started model: message in, state and
// bits out.
func TestApply(t *testing.T) {
	for _, tc := range []struct {
		name  string
		msg   wire.Msg
		want  Changed // bits that must be set
		check func(t *testing.T, m *Model)
	}{
		{"ready", wire.Ready{TrainImages: 123, TestImages: 45}, Structure, func(t *testing.T, m *Model) {
			if m.Run.TrainN != 123 || m.Run.TestN != 45 {
				t.Errorf("sizes %d, %d", m.Run.TrainN, m.Run.TestN)
			}
		}},
		{"diverged", wire.Diverged{Cause: wire.BlowUp, Iter: 12, GoodIter: 10, Limit: 1e3}, Structure, func(t *testing.T, m *Model) {
			if m.Notice.Level != Warning || m.Notice.Msg.ID != i18n.DivergedBlowUp {
				t.Errorf("notice %+v", m.Notice)
			}
		}},
		{"crash", wire.Error{Code: wire.ErrCrashed, Detail: "panic: boom"}, Structure, func(t *testing.T, m *Model) {
			if !m.Run.TrainerDown || m.Run.Status != wire.StatusError || m.Notice.Level != Fatal || m.Notice.Detail != "panic: boom" {
				t.Errorf("down %v, status %s, notice %+v", m.Run.TrainerDown, m.Run.Status, m.Notice)
			}
		}},
		{"import refused", wire.Error{Code: wire.ErrImport, Args: []string{string(wire.OutOfLimits), "lr", "1e308", "0", "1000"}}, Structure, func(t *testing.T, m *Model) {
			if m.Notice.Msg.ID != i18n.ImportID(string(wire.OutOfLimits)) {
				t.Errorf("notice %+v", m.Notice)
			}
			if s := m.Say(m.Notice.Msg); !strings.Contains(s, "unchanged") {
				t.Errorf("refusal %q does not say the net is unchanged", s)
			}
		}},
		{"grad progress", wire.GradProgress{Done: 3, Total: 8}, Structure, func(t *testing.T, m *Model) {
			if !m.Check.Running || m.Check.Done != 3 || m.Check.Total != 8 {
				t.Errorf("check %+v", m.Check)
			}
		}},
		{"grad result", wire.GradResult{Break: "relu-mask", Diffs: []float64{1, 2, 3, 4}}, Structure, func(t *testing.T, m *Model) {
			if m.Check.Running || m.Check.DiffsBreak != "relu-mask" || len(m.Check.Diffs) != 4 {
				t.Errorf("check %+v", m.Check)
			}
		}},
		{"imported", wire.Imported{Settings: tinySettings(), Iter: 417}, Everything | Address, func(t *testing.T, m *Model) {
			if m.Run.Losses.Start != 417 || m.Run.P.Iter != 417 || m.Notice.Msg.ID != i18n.Loaded {
				t.Errorf("losses start %d, iter %d, notice %+v", m.Run.Losses.Start, m.Run.P.Iter, m.Notice)
			}
		}},
		{"imported with its history", wire.Imported{Settings: tinySettings(), Iter: 20, History: []wire.EpochStats{{Epoch: 1, At: 1, Iter: 10}, {Epoch: 2, At: 2, Iter: 20}}},
			Everything | Address, func(t *testing.T, m *Model) {
				if len(m.Run.Epochs) != 2 || m.Run.Prior != nil {
					t.Fatalf("epochs %+v, prior %+v: want the file's two epochs, of the page's data", m.Run.Epochs, m.Run.Prior)
				}
				// The trainer's own figures at the file's last iteration replace
				// the file's.
				m.Apply(wire.Epoch{Stats: wire.EpochStats{Epoch: 2, At: 2, Iter: 20, TestAcc: 0.5}})
				if len(m.Run.Epochs) != 2 || m.Run.Epochs[1].TestAcc != 0.5 {
					t.Errorf("epochs %+v after the page's figures at iteration 20", m.Run.Epochs)
				}
			}},
		{"imported from other data", wire.Imported{Settings: tinySettings(), Iter: 20, History: []wire.EpochStats{{Epoch: 1, At: 0.5, Iter: 10}},
			Prior: &wire.Prior{Data: "MNIST: 60000 training, 10000 test images", TrainImages: 60000, Epochs: 1}},
			Everything | Address, func(t *testing.T, m *Model) {
				if len(m.Run.Epochs) != 0 || len(m.Run.PriorEpochs) != 1 || m.Run.Prior == nil || m.Run.PriorIter != 20 {
					t.Fatalf("epochs %+v, prior epochs %+v, prior %+v", m.Run.Epochs, m.Run.PriorEpochs, m.Run.Prior)
				}
				m.Run.TrainN, m.Run.TestN = 10000, 2000
				if d := m.Run.DataDesc(); d != m.Run.Prior.Data {
					t.Errorf("data of the file's net untouched: %q", d)
				}
				m.Run.P.Iter = 25
				if d := m.Run.DataDesc(); d != "MNIST: 60000 training, 10000 test images, then 5 iterations on the bundled MNIST subset: 10000 training, 2000 test images" {
					t.Errorf("data after 5 more iterations in the page: %q", d)
				}
				m.Run.Prior.Data = strings.Repeat("é", 200)
				if d := m.Run.DataDesc(); len(d) > 256 || !utf8.ValidString(d) || !strings.HasSuffix(d, "...") {
					t.Errorf("a long data description is cut to %d bytes, valid %t: %q", len(d), utf8.ValidString(d), d)
				}
				m.Run.Prior = nil
				if d := m.Run.DataDesc(); d != "the bundled MNIST subset: 10000 training, 2000 test images" {
					t.Errorf("data of a net of the page's: %q", d)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := started(t)
			c := l.m.Apply(tc.msg)
			if c&tc.want != tc.want {
				t.Errorf("bits %b, want at least %b", c, tc.want)
			}
			tc.check(t, l.m)
		})
	}
}

// TestMessageFollowsLanguage is the defect of the old page: a divergence
// message shown before a switch to Korean stayed English.
func TestMessageFollowsLanguage(t *testing.T) {
	l := started(t)
	l.m.Apply(wire.Diverged{Cause: wire.BlowUp, Iter: 12, GoodIter: 10, Limit: 1e3})
	en := l.m.Say(l.m.Notice.Msg)
	if c := l.m.Do(SetLang{Code: "ko"}); c != Everything {
		t.Errorf("SetLang changed %b, want everything", c)
	}
	ko := l.m.Say(l.m.Notice.Msg)
	if ko == en || strings.ContainsAny(ko, "abcdefghijklmnopqrstuvwxyz") {
		t.Errorf("after the switch the message reads %q (English %q)", ko, en)
	}
	if e := l.m.Effects(); len(e) != 1 || e[0] != (RememberLang{Code: "ko"}) {
		t.Errorf("effects %v, want the language remembered", e)
	}
}

// TestCommands runs each command on a started model and checks what it
// sent to the trainer, the state and the bits.
func TestCommands(t *testing.T) {
	for _, tc := range []struct {
		name  string
		setup func(l *lab)
		cmd   Command
		want  Changed
		check func(t *testing.T, l *lab)
	}{
		{"play", nil, TogglePlay{}, Structure, func(t *testing.T, l *lab) {
			if _, ok := lastSent[wire.Play](l); !ok || l.m.Run.Status != wire.StatusTraining {
				t.Errorf("play not sent, status %s", l.m.Run.Status)
			}
		}},
		{"pause", func(l *lab) { l.do(TogglePlay{}); l.train(2) }, TogglePlay{}, Structure, func(t *testing.T, l *lab) {
			if _, ok := lastSent[wire.Pause](l); !ok || l.m.Run.Status != wire.StatusPaused {
				t.Errorf("pause not sent, status %s", l.m.Run.Status)
			}
		}},
		{"step", nil, Step{}, Progress | Weights, func(t *testing.T, l *lab) {
			if l.m.Run.P.Iter != 1 || l.m.Run.Losses.Len() != 1 || !l.m.Snap.HasGrads() {
				t.Errorf("after a step: iter %d, %d losses, grads %v", l.m.Run.P.Iter, l.m.Run.Losses.Len(), l.m.Snap.HasGrads())
			}
		}},
		{"bad learning rate", nil, TypeField{Name: "lr", Value: "-1"}, Structure, func(t *testing.T, l *lab) {
			if l.m.Run.Form.LR.OK() || l.m.Run.Applied.LearningRate != 0.1 {
				t.Errorf("lr field %+v, applied %g", l.m.Run.Form.LR, l.m.Run.Applied.LearningRate)
			}
		}},
		{"new learning rate", nil, CommitField{Name: "lr", Value: "0.5"}, Structure | Address, func(t *testing.T, l *lab) {
			c, ok := lastSent[wire.Configure](l)
			if !ok || c.Settings.LearningRate != 0.5 || l.m.Run.Applied.LearningRate != 0.5 {
				t.Errorf("configure %v %+v, applied %g", ok, c, l.m.Run.Applied.LearningRate)
			}
		}},
		{"augmentation on, keeping the net", func(l *lab) { l.do(Step{}) }, CommitField{Name: "augment", Value: On}, Structure | Progress | Address, func(t *testing.T, l *lab) {
			c, ok := lastSent[wire.Configure](l)
			if !ok || !c.Settings.Augment || !l.m.Run.Applied.Augment || l.m.Run.P.Iter != 1 || l.m.Run.Pending != nil {
				t.Errorf("configure %v %+v, applied %+v, iter %d", ok, c, l.m.Run.Applied, l.m.Run.P.Iter)
			}
			if !strings.Contains(l.m.Link(), "augment=on") {
				t.Errorf("the link %q does not carry the augmentation", l.m.Link())
			}
			if ck := l.m.exportCheckpoint(); ck == nil || ck.Meta.Augment == nil || ck.Meta.Augment.Seed != 1 || ck.Meta.Augment.Rotate == 0 {
				t.Errorf("the net's weights file does not say it was augmented: %+v", ck)
			}
			l.do(CommitField{Name: "augment", Value: Off})
			if c, _ := lastSent[wire.Configure](l); c.Settings.Augment || l.m.Run.Applied.Augment {
				t.Errorf("switched off: configure %+v, applied %+v", c, l.m.Run.Applied)
			}
		}},
		{"new shape asks first", func(l *lab) { l.do(Step{}) }, CommitField{Name: "hidden", Value: "7"}, Structure, func(t *testing.T, l *lab) {
			if l.m.Run.Pending == nil || l.m.Run.Pending.Hidden != 7 || l.m.Hidden() != 3 {
				t.Errorf("pending %+v, hidden %d", l.m.Run.Pending, l.m.Hidden())
			}
			l.do(ConfirmPending{})
			if l.m.Hidden() != 7 || l.m.Run.P.Iter != 0 || l.m.Run.Pending != nil {
				t.Errorf("after yes: hidden %d, iter %d", l.m.Hidden(), l.m.Run.P.Iter)
			}
		}},
		{"reset", func(l *lab) { l.do(Step{}); l.do(Step{}) }, Reset{}, Everything, func(t *testing.T, l *lab) {
			if l.m.Run.P.Iter != 0 || l.m.Run.Losses.Len() != 0 || l.m.Snap.HasGrads() {
				t.Errorf("after reset: iter %d, %d losses, grads %v", l.m.Run.P.Iter, l.m.Run.Losses.Len(), l.m.Snap.HasGrads())
			}
		}},
		{"new seed", nil, NewSeed{Seed: 1<<63 + 5}, Everything, func(t *testing.T, l *lab) {
			if s := l.m.Run.Applied.Seed; s > wire.MaxSeed {
				t.Errorf("seed %d past the limit", s)
			}
		}},
		{"select unit", nil, SelectUnit{J: 2}, Selection, func(t *testing.T, l *lab) {
			if l.m.Inside.Unit != 2 {
				t.Errorf("unit %d", l.m.Inside.Unit)
			}
			l.do(SelectUnit{J: 2})
			if l.m.Inside.Unit != -1 {
				t.Errorf("selecting again left unit %d", l.m.Inside.Unit)
			}
		}},
		{"move the mask's tab stop", nil, MoveUnit{Key: ArrowRight}, Selection, func(t *testing.T, l *lab) {
			if j := l.m.UnitCursor(); j != 1 {
				t.Fatalf("→ from unit 0: stop on %d", j)
			}
			l.do(MoveUnit{Key: ArrowEnd})
			if ch := l.m.Do(MoveUnit{Key: ArrowRight}); ch != 0 || l.m.UnitCursor() != 2 {
				t.Errorf("→ on the last of 3 units: changed %v, stop on %d", ch, l.m.UnitCursor())
			}
			l.do(SelectUnit{J: 0})
			if j := l.m.UnitCursor(); j != 0 {
				t.Errorf("picking unit 0 leaves the stop on %d", j)
			}
		}},
		{"move the matrix's tab stop", nil, MoveCell{Key: ArrowDown}, Epochs, func(t *testing.T, l *lab) {
			if tr, pr := l.m.CellCursor(); tr != 1 || pr != 0 {
				t.Fatalf("↓ from (0, 0): stop on (%d, %d)", tr, pr)
			}
			l.do(MoveCell{Key: ArrowEnd})
			if ch := l.m.Do(MoveCell{Key: ArrowRight}); ch != 0 {
				t.Errorf("→ at the row's end changed %v", ch)
			}
			if tr, pr := l.m.CellCursor(); tr != 1 || pr != 9 {
				t.Errorf("End on row 1: stop on (%d, %d)", tr, pr)
			}
			l.do(PickCell{T: 4, P: 7})
			if tr, pr := l.m.CellCursor(); tr != 4 || pr != 7 {
				t.Errorf("picking (4, 7) leaves the stop on (%d, %d)", tr, pr)
			}
		}},
		{"select no unit", nil, SelectUnit{J: 99}, Selection, func(t *testing.T, l *lab) {
			if l.m.Inside.Unit != -1 {
				t.Errorf("unit %d of 3", l.m.Inside.Unit)
			}
		}},
		{"test image pass", nil, UseTestImage{I: 4}, Pass | Mask, func(t *testing.T, l *lab) {
			p := l.m.Stepper.Pass
			if p == nil || p.Label != int(l.m.Test.Labels[4]) || !l.m.Inside.Probe.FromTest {
				t.Fatalf("pass %v", p)
			}
		}},
		{"bad test index", nil, SetTestIndex{Value: "50"}, Structure, func(t *testing.T, l *lab) {
			if l.m.Stepper.Err.ID != i18n.StepTestBad {
				t.Errorf("err %+v", l.m.Stepper.Err)
			}
		}},
		{"stages", func(l *lab) { l.do(UseTestImage{I: 1}) }, StepNext{}, Structure | Pass, func(t *testing.T, l *lab) {
			if l.m.Stepper.Stage != stepper.Affine1 {
				t.Errorf("stage %s", l.m.Stepper.Stage)
			}
			l.do(StepTo{Stage: stepper.Update})
			l.do(StepNext{})
			if l.m.Stepper.Stage != stepper.Update {
				t.Errorf("past the last stage: %s", l.m.Stepper.Stage)
			}
		}},
		{"label", func(l *lab) { l.do(UseTestImage{I: 1}) }, SetLabel{Value: "3"}, Pass, func(t *testing.T, l *lab) {
			if l.m.Stepper.Pass.Label != 3 || l.m.Stepper.LabelAuto {
				t.Errorf("label %d auto %v", l.m.Stepper.Pass.Label, l.m.Stepper.LabelAuto)
			}
		}},
		{"gradient check", func(l *lab) { l.m.Check.Diffs, l.m.Check.DiffsBreak = []float64{1, 1, 1, 1}, "none" }, RunGradCheck{}, Structure, func(t *testing.T, l *lab) {
			// The session answered at once: the new run's numbers, of the
			// new run's broken layer.
			g := l.m.Check
			if g.Running || len(g.Diffs) != 4 || g.DiffsBreak != "none" {
				t.Fatalf("check %+v", g)
			}
			for i, d := range g.Diffs {
				if !(d < Limit) {
					t.Errorf("difference %d of a correct net is %g", i, d)
				}
			}
		}},
		{"gradient check of a broken layer", func(l *lab) { l.do(SetBreak{Kind: "relu-mask"}) }, RunGradCheck{}, Structure, func(t *testing.T, l *lab) {
			g := l.m.Check
			if g.DiffsBreak != "relu-mask" || len(g.Diffs) != 4 || g.Diffs[0] < Limit {
				t.Errorf("check %+v", g)
			}
		}},
		{"dismiss", func(l *lab) { l.m.Apply(wire.Diverged{Cause: wire.NotFinite, Iter: 3}) }, Dismiss{}, Structure, func(t *testing.T, l *lab) {
			if l.m.Notice.Shown() {
				t.Errorf("notice %+v after dismiss", l.m.Notice)
			}
		}},
		{"fatal stays", func(l *lab) { l.m.Apply(wire.Error{Code: wire.ErrCrashed}) }, Dismiss{}, Structure, func(t *testing.T, l *lab) {
			if !l.m.Notice.Shown() {
				t.Error("a fatal message was dismissed")
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := started(t)
			if tc.setup != nil {
				tc.setup(l)
			}
			c := l.do(tc.cmd)
			if c&tc.want != tc.want {
				t.Errorf("bits %b, want at least %b", c, tc.want)
			}
			tc.check(t, l)
		})
	}
}

// TestTrainRun plays a whole run: the losses are plotted against the true
// iteration, epochs arrive with the confusion matrix, the run ends done.
func TestTrainRun(t *testing.T) {
	l := started(t)
	l.do(TogglePlay{})
	c := l.train(200)
	if l.m.Run.Status != wire.StatusDone {
		t.Fatalf("status %s after training", l.m.Run.Status)
	}
	if !c.Has(Progress | Epochs | Weights) {
		t.Errorf("bits %b", c)
	}
	r := &l.m.Run
	if r.P.Iter != 40 || r.Losses.Len() != 40 || r.Losses.Last() != 40 {
		t.Errorf("iter %d, %d losses up to %d", r.P.Iter, r.Losses.Len(), r.Losses.Last())
	}
	if len(r.Epochs) != 1 { // 200 images in batches of 5: 40 iterations an epoch
		t.Errorf("%d epochs", len(r.Epochs))
	}
	if l.m.Conf.Matrix == nil || l.m.Conf.Matrix.Total != 50 {
		t.Errorf("confusion %+v", l.m.Conf.Matrix)
	}
}

// TestKeptNetSurvivesReload keeps the net in the store and reads it back in
// a new model, as a reload does.
func TestKeptNetSurvivesReload(t *testing.T) {
	l := started(t)
	l.do(Step{})
	l.do(KeepNow{})
	if _, ok := l.store.Get(KeptKey); !ok {
		t.Fatal("nothing kept")
	}
	l2 := newLab(t)
	l2.store = l.store
	l2.m.SetStore(l.store)
	l2.m.OpenLink("")
	l2.pump()
	l2.do(Start{})
	if l2.m.Run.P.Iter != 1 {
		t.Errorf("after the reload: iteration %d, want 1", l2.m.Run.P.Iter)
	}
}

// TestKeepFailureIsReported: a full storage is said while the page shows.
func TestKeepFailureIsReported(t *testing.T) {
	l := started(t)
	l.store.full = true
	l.do(Step{}) // a stopped trainer's net is kept at once
	if l.m.Notice.Msg.ID != i18n.NotSaved && l.m.Notice.Msg.ID != i18n.KeptFailed {
		t.Errorf("notice %+v after a refused write", l.m.Notice)
	}
}

// TestLink checks that a link keeps its good settings and names its bad
// ones.
func TestLink(t *testing.T) {
	base := wire.DefaultSettings()
	s, found, dropped := SettingsFromLink("#lr=0.05&batch=0&hidden=100&act=tanh&seed=7", base, 10000)
	if !found || s.LearningRate != 0.05 || s.Hidden != 100 || s.Seed != 7 || s.BatchSize != base.BatchSize || s.Activation != base.Activation {
		t.Errorf("settings %+v", s)
	}
	if strings.Join(dropped, ",") != "batch,activation" {
		t.Errorf("dropped %v", dropped)
	}
	back, _, d := SettingsFromLink(SettingsHash(s), base, 10000)
	if back != s || d != nil {
		t.Errorf("the page's own link reads back as %+v, dropped %v", back, d)
	}
	// Augmentation is off by default and in the book's link; on, the link
	// says so; a value other than on or off is dropped.
	if base.Augment || strings.Contains(SettingsHash(base), "augment") {
		t.Errorf("the default settings augment (%v) or their link names it: %q", base.Augment, SettingsHash(base))
	}
	on, _, d := SettingsFromLink("#augment=on&seed=3", base, 10000)
	if !on.Augment || on.Seed != 3 || d != nil {
		t.Errorf("augment=on reads as %+v, dropped %v", on, d)
	}
	if back, _, _ := SettingsFromLink(SettingsHash(on), base, 10000); back != on {
		t.Errorf("the link of augmented settings reads back as %+v", back)
	}
	if off, _, d := SettingsFromLink("#augment=off", on, 10000); off.Augment || d != nil {
		t.Errorf("augment=off over augmented settings reads as %+v, dropped %v", off, d)
	}
	if bad, _, d := SettingsFromLink("#augment=yes", base, 10000); bad.Augment || strings.Join(d, ",") != "augment" {
		t.Errorf("augment=yes reads as %+v, dropped %v", bad, d)
	}
	l := newLab(t)
	l.m.OpenLink("#lr=abc&hidden=64")
	if l.m.Run.Applied.Hidden != 64 || l.m.Notice.Msg.ID != i18n.BadLink {
		t.Errorf("applied %+v, notice %+v", l.m.Run.Applied, l.m.Notice)
	}
}

// FuzzSettingsFromLink: whatever the address, the settings read from it
// pass the limits, and the page's own link of them reads back the same.
func FuzzSettingsFromLink(f *testing.F) {
	f.Add("#lr=0.05&batch=32")
	f.Add("#augment=on&sampling=shuffle")
	f.Fuzz(func(t *testing.T, frag string) {
		s, _, _ := SettingsFromLink(frag, wire.DefaultSettings(), 10000)
		if err := s.Check(10000); err != nil {
			t.Fatalf("%q gave settings outside the limits: %v", frag, err)
		}
		back, _, dropped := SettingsFromLink(SettingsHash(s), wire.DefaultSettings(), 10000)
		if back != s || dropped != nil {
			t.Fatalf("%q: own link reads %+v (dropped %v), want %+v", frag, back, dropped, s)
		}
	})
}

// TestMove walks a grid whose last row is short, as the mask of 25 units
// in rows of 10.
func TestMove(t *testing.T) {
	for _, c := range []struct {
		r, c int
		key  Arrow
		want [2]int
		ok   bool
	}{
		{0, 0, ArrowLeft, [2]int{0, 0}, false},
		{0, 0, ArrowUp, [2]int{0, 0}, false},
		{0, 9, ArrowRight, [2]int{0, 9}, false},
		{0, 3, ArrowDown, [2]int{1, 3}, true},
		{1, 3, ArrowDown, [2]int{2, 3}, true},
		{1, 7, ArrowDown, [2]int{1, 7}, false}, // unit 27 is not there
		{2, 4, ArrowRight, [2]int{2, 4}, false},
		{2, 0, ArrowEnd, [2]int{2, 4}, true},
		{1, 5, ArrowHome, [2]int{1, 0}, true},
		{2, 4, ArrowUp, [2]int{1, 4}, true},
	} {
		r, col, ok := move(c.r, c.c, 3, 10, 25, c.key)
		if [2]int{r, col} != c.want || ok != c.ok {
			t.Errorf("key %d at (%d, %d): (%d, %d) %v, want %v %v", c.key, c.r, c.c, r, col, ok, c.want, c.ok)
		}
	}
}
