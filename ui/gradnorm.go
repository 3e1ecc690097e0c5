package ui

import (
	"bytes"
	"fmt"
	"math"
	"strings"
)

// maxNormPoints bounds the gradient-norm history: past it every other point
// is dropped, so a long run keeps an even sample of its whole length.
const maxNormPoints = 1200

// NormPoint is the gradient norm of each parameter at one iteration.
type NormPoint struct {
	Iter int
	V    [4]float64 // |dW1|, |db1|, |dW2|, |db2| (Frobenius / Euclidean)
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

var normNames = [4]string{"dW1", "db1", "dW2", "db2"}
var normColours = [4]string{colBlue, colSky, colOrange, "#009E73"}

// writeGradNorm writes to b the SVG plot of each parameter's gradient norm
// over the iterations on a log scale, where the vanishing gradients of a
// Sigmoid net show as lines that sink decades below a ReLU net's.
func writeGradNorm(b *bytes.Buffer, sc *chartScratch, s *NormSeries, l *labels) {
	p := newPlot(b, sc)
	lo, hi := math.Inf(1), math.Inf(-1)
	maxIter := 10
	for _, pt := range s.Pts {
		maxIter = max(maxIter, pt.Iter)
		for _, v := range pt.V {
			if v > 0 && !math.IsInf(v, 0) {
				l := math.Log10(v)
				lo, hi = math.Min(lo, l), math.Max(hi, l)
			}
		}
	}
	if math.IsInf(lo, 0) {
		lo, hi = -4, 0
	}
	p.x0, p.x1 = 0, float64(maxIter)
	p.y0, p.y1 = math.Floor(lo), math.Ceil(hi)
	if p.y1-p.y0 < 1 {
		p.y1 = p.y0 + 1
	}
	p.open(l.NormChart, l.Iteration, l.NormAxis)
	for k := range 4 {
		xs, ys := sc.xs[:0], sc.ys[:0]
		for _, pt := range s.Pts {
			if v := pt.V[k]; v > 0 && !math.IsInf(v, 0) {
				xs = append(xs, float64(pt.Iter))
				ys = append(ys, math.Log10(v))
			}
		}
		sc.xs, sc.ys = xs, ys
		p.line(xs, ys, normColours[k], 1.6, false)
	}
	var items [][2]string
	for k := range 4 {
		items = append(items, [2]string{normColours[k], normNames[k]})
	}
	p.legend(items...)
	p.close()
}

// NormText reads out the last norms.
func (s *NormSeries) NormText(l *labels) string {
	if len(s.Pts) == 0 {
		return ""
	}
	pt := s.Pts[len(s.Pts)-1]
	var b strings.Builder
	fmt.Fprintf(&b, l.NormAt, pt.Iter)
	for k, v := range pt.V {
		fmt.Fprintf(&b, " ‖%s‖ = %.3g", normNames[k], v)
	}
	return b.String()
}
