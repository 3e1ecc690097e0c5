package model

import "math"

var nan = math.NaN()

// maxPoints bounds the loss history: past it, neighbouring points are merged
// (averaged) and each point stands for twice as many iterations. Memory stays
// fixed however long a run goes.
const maxPoints = 2048

// LossSeries is the history of mini-batch losses, one point per Per
// iterations (the mean of those iterations' losses), from iteration
// Start+1 on: a net loaded at iteration 417 plots its losses from 418.
type LossSeries struct {
	Pts   []float64
	Per   int // iterations per point
	Start int // the iteration before the first one in the series
	sum   float64
	count int
}

// NewLossSeries returns an empty series at one point per iteration, whose
// first iteration will be start+1.
func NewLossSeries(start int) LossSeries { return LossSeries{Per: 1, Start: start} }

// Add appends the loss of the next iteration.
func (s *LossSeries) Add(loss float64) {
	s.sum += loss
	s.count++
	if s.count < s.Per {
		return
	}
	s.Pts = append(s.Pts, s.sum/float64(s.count))
	s.sum, s.count = 0, 0
	if len(s.Pts) >= maxPoints {
		half := s.Pts[:0]
		for i := 0; i+1 < len(s.Pts); i += 2 {
			half = append(half, (s.Pts[i]+s.Pts[i+1])/2)
		}
		s.Pts = half
		s.Per *= 2
	}
}

// Truncate drops the losses after iteration it. A point that it cuts
// keeps its share of the iterations at its own mean (exact while a point
// is one iteration, the first 2,048 of a run).
func (s *LossSeries) Truncate(it int) {
	k := it - s.Start
	if k <= 0 {
		*s = NewLossSeries(it)
		return
	}
	if k >= s.Len() {
		return
	}
	full, r := k/s.Per, k%s.Per
	mean := 0.0
	if full < len(s.Pts) {
		mean = s.Pts[full]
	} else if s.count > 0 {
		mean = s.sum / float64(s.count)
	}
	s.Pts = s.Pts[:full]
	s.sum, s.count = mean*float64(r), r
}

// Len returns how many iterations the series has seen.
func (s *LossSeries) Len() int { return len(s.Pts)*s.Per + s.count }

// Last returns the last iteration the series has seen (Start if none).
func (s *LossSeries) Last() int { return s.Start + s.Len() }

// X returns the iteration that point i stands for: the middle of the
// iterations it averages.
func (s *LossSeries) X(i int) float64 {
	return float64(s.Start+i*s.Per) + float64(s.Per+1)/2
}

// Smoothed returns an exponential moving average of the points whose time
// constant is about ten points of one iteration, like TensorBoard's
// smoothing, in dst's memory if it is large enough.
func (s *LossSeries) Smoothed(dst []float64) []float64 {
	out := append(dst[:0], s.Pts...)
	alpha := min(float64(s.Per)/10, 1)
	for i := 1; i < len(out); i++ {
		out[i] = out[i-1] + alpha*(out[i]-out[i-1])
	}
	return out
}

// maxNormPoints bounds the gradient-norm history: past it every other point
// is dropped, so a long run keeps an even sample of its whole length.
const maxNormPoints = 1200

// NormPoint is the gradient norm of each parameter at one iteration.
type NormPoint struct {
	Iter int
	V    [4]float64 // ‖dW1‖, ‖db1‖, ‖dW2‖, ‖db2‖ (Frobenius / Euclidean)
}

// NormSeries is a bounded, evenly thinned history of gradient norms. The
// trainer reports the norms of the last step of each message, so the series
// samples the run rather than holding every iteration.
type NormSeries struct {
	Pts  []NormPoint
	Keep int // keep one point in Keep of those offered
	seen int
}

// Add offers the norms at iteration it.
func (s *NormSeries) Add(it int, v [4]float64) {
	if s.Keep == 0 {
		s.Keep = 1
	}
	s.seen++
	if (s.seen-1)%s.Keep != 0 {
		return
	}
	s.Pts = append(s.Pts, NormPoint{it, v})
	if len(s.Pts) >= maxNormPoints {
		half := s.Pts[:0]
		for i := 0; i < len(s.Pts); i += 2 {
			half = append(half, s.Pts[i])
		}
		s.Pts = half
		s.Keep *= 2
	}
}

// Truncate drops the points after iteration it.
func (s *NormSeries) Truncate(it int) {
	n := 0
	for n < len(s.Pts) && s.Pts[n].Iter <= it {
		n++
	}
	s.Pts = s.Pts[:n]
}

// Last returns the latest point, if any.
func (s *NormSeries) Last() (NormPoint, bool) {
	if len(s.Pts) == 0 {
		return NormPoint{}, false
	}
	return s.Pts[len(s.Pts)-1], true
}
