package worker

import (
	"gonum.org/v1/gonum/mat"

	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/stepper"
)

// testStats runs the net over d (nn.EvaluateEach) and returns the accuracy,
// the mean loss, each image's predicted class, and for each hidden unit the
// fraction of images on which it is on (ReLU: output > 0) or, for a Sigmoid
// net, saturated (outside stepper's SaturatedLow … SaturatedHigh). A ReLU
// unit with fraction 0 is dead on d.
func testStats(net *nn.TwoLayerNet, d nn.Dataset) (acc, loss float64, pred, unit []float64) {
	rows := d.Len()
	hidden := net.Config().Hidden
	sigmoid := net.Config().Activation == nn.ActSigmoid
	pred = make([]float64, rows)
	unit = make([]float64, hidden)
	act, _ := net.Layers[1].(interface{ Out() mat.Matrix })
	acc, loss = nn.EvaluateEach(net, d, 500, func(from int, scores *mat.Dense) {
		r, _ := scores.Dims()
		for i := range r {
			pred[from+i] = float64(nn.Argmax(scores.RawRowView(i)))
		}
		if act == nil {
			return
		}
		h := act.Out() // this chunk's hidden outputs
		for i := range r {
			for u := range hidden {
				v := h.At(i, u)
				if sigmoid {
					if v < stepper.SaturatedLow || v > stepper.SaturatedHigh {
						unit[u]++
					}
				} else if v > 0 {
					unit[u]++
				}
			}
		}
	})
	for u := range unit {
		unit[u] /= float64(rows)
	}
	return acc, loss, pred, unit
}
