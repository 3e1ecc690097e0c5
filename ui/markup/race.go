package markup

import (
	"bytes"
	"fmt"
	"math"
	"strconv"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
)

// raceColours are run A's and run B's.
var raceColours = [2]string{colBlue, colOrange}

// raceReadouts writes run i's readouts.
func raceReadouts(i int) func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	return func(b *bytes.Buffer, m *model.Model, _ *Scratch) {
		r := &m.Race.Runs[i]
		w := m.Words()
		acc := ""
		if e, ok := lastEpoch(r.Epochs); ok {
			acc = Num(float64(e.TestAcc), 4)
		}
		dead := ""
		if d := r.Dead(); d >= 0 {
			dead = fmt.Sprintf(w.RaceDead, d, len(r.UnitFrac))
		}
		fmt.Fprintf(b, `<dl class="race-readouts"><div><dt>%s</dt><dd>%d</dd></div><div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div><div><dt>%s</dt><dd>%s</dd></div></dl>`,
			esc(w.RdIter), r.P.Iter, esc(w.RdLoss), Num(float64(r.P.Loss), 4), esc(w.RdTestAcc), acc, esc(deadTitle(w, r)), esc(dead))
	}
}

// deadTitle names what a run's dead units are.
func deadTitle(w *i18n.Words, r *model.RaceRun) string {
	if r.Settings.Activation == "sigmoid" {
		return w.RaceSatTitle
	}
	return w.RaceDeadTitle
}

func raceAttrs(i int) func(m *model.Model) []Attr {
	return func(m *model.Model) []Attr {
		r := &m.Race.Runs[i]
		acc := ""
		if e, ok := lastEpoch(r.Epochs); ok {
			acc = full(float64(e.TestAcc))
		}
		loss := ""
		if l := float64(r.P.Loss); !math.IsNaN(l) {
			loss = full(l)
		}
		return []Attr{{"data-iteration", strconv.Itoa(r.P.Iter)}, {"data-test-acc", acc}, {"data-loss", loss}, {"aria-label", m.RaceRunName(i)}}
	}
}

func lastEpoch(h []wire.EpochStats) (wire.EpochStats, bool) {
	if len(h) == 0 {
		return wire.EpochStats{}, false
	}
	return h[len(h)-1], true
}

// writeRaceLoss writes the two runs' smoothed losses over one axis.
func writeRaceLoss(b *bytes.Buffer, m *model.Model, sc *Scratch) {
	runs := &m.Race.Runs
	p := newPlot(b, sc)
	last := 10
	for i := range runs {
		last = max(last, runs[i].Losses.Last())
	}
	p.x0, p.x1, p.y0, p.y1 = 0, float64(last), 0, 2.5
	p.open(m.Words().RaceLossChart, m.Words().Iteration, m.Words().Loss)
	for i := range runs {
		s := &runs[i].Losses
		xs := sc.xs[:0]
		for k := range s.Pts {
			xs = append(xs, s.X(k))
		}
		sc.xs, sc.smooth = xs, s.Smoothed(sc.smooth)
		p.line(xs, sc.smooth, raceColours[i], 2.2, false)
	}
	p.legend([2]string{raceColours[0], m.RaceRunName(0)}, [2]string{raceColours[1], m.RaceRunName(1)})
	p.close()
}

// writeRaceAcc writes the two runs' test accuracy per epoch.
func writeRaceAcc(b *bytes.Buffer, m *model.Model, sc *Scratch) {
	runs := &m.Race.Runs
	p := newPlot(b, sc)
	last, lo := 5.0, 1.0
	for i := range runs {
		for _, e := range runs[i].Epochs {
			if at := float64(e.At); !math.IsNaN(at) {
				last = math.Max(last, math.Ceil(at))
				lo = math.Min(lo, float64(e.TestAcc))
			}
		}
	}
	p.x0, p.x1 = 0, last
	p.y0, p.y1 = math.Max(0, math.Floor((lo-0.02)*10)/10), 1
	p.open(m.Words().RaceAccChart, m.Words().Epoch, m.Words().Accuracy)
	for i := range runs {
		xs, ys := sc.xs[:0], sc.ys[:0]
		for _, e := range runs[i].Epochs {
			if at := float64(e.At); !math.IsNaN(at) {
				xs, ys = append(xs, at), append(ys, float64(e.TestAcc))
			}
		}
		sc.xs, sc.ys = xs, ys
		p.line(xs, ys, raceColours[i], 2, true)
	}
	p.legend([2]string{raceColours[0], m.RaceRunName(0)}, [2]string{raceColours[1], m.RaceRunName(1)})
	p.close()
}

// racePicture is run i's W1 tiles.
func racePicture(i int) *Picture {
	p := tiledPicture("W1", func(m *model.Model) []float64 {
		if s := m.Race.Runs[i].Snap; s != nil {
			return s.W1
		}
		return nil
	}, func(w *i18n.Words) string { return fmt.Sprintf(w.RaceW1Aria, string(rune('A'+i))) })
	return &p
}
