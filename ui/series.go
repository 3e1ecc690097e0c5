package ui

// maxPoints bounds the loss history: past it, neighbouring points are merged
// (averaged) and each point stands for twice as many iterations. Memory stays
// fixed however long a run goes.
const maxPoints = 2048

// LossSeries is the history of mini-batch losses, one point per Per
// iterations (the mean of those iterations' losses).
type LossSeries struct {
	Pts   []float64
	Per   int // iterations per point
	sum   float64
	count int
}

// NewLossSeries returns an empty series at one point per iteration.
func NewLossSeries() *LossSeries { return &LossSeries{Per: 1} }

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

// Iters returns how many iterations the series has seen.
func (s *LossSeries) Iters() int { return len(s.Pts)*s.Per + s.count }

// Smoothed returns an exponential moving average of the points whose time
// constant is about 50 iterations, like TensorBoard's smoothing, in dst's
// memory if it is large enough.
func (s *LossSeries) Smoothed(dst []float64) []float64 {
	out := append(dst[:0], s.Pts...)
	alpha := float64(s.Per) / 10
	if alpha > 1 {
		alpha = 1
	}
	for i := 1; i < len(out); i++ {
		out[i] = out[i-1] + alpha*(out[i]-out[i-1])
	}
	return out
}
