package worker

import (
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-lab/backprop-lab/nn"
)

// Sigmoid units count as saturated outside [satLow, satHigh]: there the
// derivative out·(1−out) is below 0.0475, a twentieth of its peak... enough
// to make learning through the unit crawl.
const (
	satLow  = 0.05
	satHigh = 0.95
)

// testStats runs the net over d in chunks (one pass) and returns the
// accuracy, the mean loss, each image's predicted class, and for each hidden
// unit the fraction of images on which it is active (ReLU: output > 0) or,
// for a Sigmoid net, saturated. A ReLU unit with fraction 0 is dead on d.
func testStats(net *nn.TwoLayerNet, d nn.Dataset) (acc, loss float64, pred, unit []float64) {
	rows, cols := d.Len(), d.Cols()
	hidden := net.Config().Hidden
	sigmoid := net.Config().Activation == nn.ActSigmoid
	pred = make([]float64, rows)
	unit = make([]float64, hidden)
	net.Last.SetDivisor(0)
	const chunk = 500
	buf := mat.NewDense(min(chunk, rows), cols, nil)
	var right int
	var sum float64
	for i := 0; i < rows; i += chunk {
		j := min(i+chunk, rows)
		x := buf.Slice(0, j-i, 0, cols).(*mat.Dense)
		d.RangeTo(x, i)
		scores := net.Predict(x)
		labels := d.Labels[i:j]
		sum += net.Last.Forward(scores, labels) * float64(j-i)
		for r := range j - i {
			row := scores.RawRowView(r)
			best := 0
			for c, v := range row {
				if v > row[best] {
					best = c
				}
			}
			pred[i+r] = float64(best)
			if best == labels[r] {
				right++
			}
		}
		// The activation layer still holds this chunk's hidden outputs.
		act, ok := net.Layers[1].(interface{ Out() mat.Matrix })
		if !ok {
			continue
		}
		h := act.Out()
		for r := range j - i {
			for u := range hidden {
				v := h.At(r, u)
				if sigmoid {
					if v < satLow || v > satHigh {
						unit[u]++
					}
				} else if v > 0 {
					unit[u]++
				}
			}
		}
	}
	for u := range unit {
		unit[u] /= float64(rows)
	}
	return float64(right) / float64(rows), sum / float64(rows), pred, unit
}
