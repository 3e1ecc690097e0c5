package markup

import (
	"bytes"
	"fmt"

	"github.com/backprop-lab/backprop-lab/stepper"
	"github.com/backprop-lab/backprop-lab/ui/model"
)

// The stepper's computational graph, drawn as the book draws it (figures
// 5-29 and 5-30 for this net): the layers in a row, x → Affine1 → ReLU →
// Affine2 → SoftmaxWithLoss → L, the parameters and t feeding in from
// above; above each arrow the forward value and its shape, below it the
// gradient that flows back, in the book's notation. The current stage's
// node (data-node) carries aria-current="step"; its arrow is highlighted,
// the forward one on the forward stages and the backward one on the
// backward stages.

// graphNode is a node of the graph.
type graphNode struct {
	id, label string
	x         float64 // the middle
}

// graphArrow is the arrow into node to: its forward value and gradient.
type graphArrow struct {
	to         int // index of the node it enters
	fwd, shape string
	grad       string
}

const graphW, graphH = 920.0, 190.0

// graphStageNode is the node each stage works in.
var graphStageNode = [stepper.NumStages]string{
	stepper.Input: "x", stepper.Affine1: "affine1", stepper.Relu: "relu", stepper.Affine2: "affine2",
	stepper.Softmax: "softmaxwithloss", stepper.Dout: "softmaxwithloss", stepper.Affine2Back: "affine2",
	stepper.ReluBack: "relu", stepper.Affine1Back: "affine1", stepper.Update: "sgd",
}

// graphStageArrow is the arrow each stage works on, -1 for none: on the
// way forward the one into its node, on the way back the gradient that
// enters its node from the right.
var graphStageArrow = [stepper.NumStages]int{
	stepper.Input: -1, stepper.Affine1: 0, stepper.Relu: 1, stepper.Affine2: 2, stepper.Softmax: 3,
	stepper.Dout: 4, stepper.Affine2Back: 3, stepper.ReluBack: 2, stepper.Affine1Back: 1, stepper.Update: -1,
}

// GraphStage is the stage a click on node id goes to (the forward stage
// of a layer, its backward one when the pass is going back), false for
// none.
func GraphStage(id string, now stepper.Stage) (stepper.Stage, bool) {
	back := now.Backward() || now == stepper.Update
	switch id {
	case "x":
		return stepper.Input, true
	case "affine1":
		if back {
			return stepper.Affine1Back, true
		}
		return stepper.Affine1, true
	case "relu":
		if back {
			return stepper.ReluBack, true
		}
		return stepper.Relu, true
	case "affine2":
		if back {
			return stepper.Affine2Back, true
		}
		return stepper.Affine2, true
	case "softmaxwithloss":
		if back {
			return stepper.Dout, true
		}
		return stepper.Softmax, true
	case "loss":
		return stepper.Dout, true
	case "sgd":
		return stepper.Update, true
	}
	return 0, false
}

func writeGraph(b *bytes.Buffer, m *model.Model, _ *Scratch) {
	w := m.Words()
	s := &m.Stepper
	n, hidden := 1, m.Hidden()
	if s.Batch != nil {
		n, hidden = s.Batch.N, s.Batch.Hidden
	}
	act := "ReLU"
	if m.Sigmoid() {
		act = "Sigmoid"
	}
	nodes := []graphNode{
		{"x", "x", 40}, {"affine1", "Affine1", 185}, {"relu", act, 345},
		{"affine2", "Affine2", 500}, {"softmaxwithloss", "SoftmaxWithLoss", 705}, {"loss", "L", 888},
	}
	dims := func(r, c int) string { return fmt.Sprintf("%d×%d", r, c) }
	arrows := []graphArrow{
		{1, "x", dims(n, 784), "∂L/∂x"},
		{2, "z", dims(n, hidden), "∂L/∂z"},
		{3, "a", dims(n, hidden), "∂L/∂a"},
		{4, "s", dims(n, 10), "∂L/∂s"},
		{5, "L", "1×1", "∂L/∂L = 1"},
	}
	cur := graphStageNode[s.Stage]
	back := s.Stage.Backward()
	curArrow := graphStageArrow[s.Stage]
	fmt.Fprintf(b, `<svg viewBox="0 0 %g %g" class="graph" role="img" aria-label="%s">`, graphW, graphH, esc(fmt.Sprintf(w.GraphAria, act, w.StageTitles[s.Stage])))
	b.WriteString(`<defs><marker id="g-fwd" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#3b4355"/></marker>` +
		`<marker id="g-back" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="10" markerHeight="10" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L10,5 L0,10 z" fill="#b2182b"/></marker></defs>`)
	const midY = 110.0
	half := func(id string) float64 {
		switch id {
		case "x", "loss":
			return 18
		case "softmaxwithloss":
			return 84
		}
		return 46
	}
	for k, a := range arrows {
		from, to := nodes[a.to-1], nodes[a.to]
		x0, x1 := from.x+half(from.id)+2, to.x-half(to.id)-2
		cls := "g-arrow"
		if k == curArrow {
			cls += " current"
		}
		fmt.Fprintf(b, `<g class="%s"><line class="fwd" x1="%.1f" y1="%g" x2="%.1f" y2="%g" marker-end="url(#g-fwd)"/>`, cls, x0, midY-8, x1, midY-8)
		fmt.Fprintf(b, `<line class="back" x1="%.1f" y1="%g" x2="%.1f" y2="%g" marker-end="url(#g-back)"/>`, x1, midY+8, x0, midY+8)
		mx := (x0 + x1) / 2
		fmt.Fprintf(b, `<text class="g-fwd" x="%.1f" y="%g" text-anchor="middle">%s</text>`, mx, midY-30, esc(a.fwd))
		fmt.Fprintf(b, `<text class="g-shape" x="%.1f" y="%g" text-anchor="middle">%s</text>`, mx, midY-15, esc(a.shape))
		fmt.Fprintf(b, `<text class="g-back" x="%.1f" y="%g" text-anchor="middle">%s</text>`, mx, midY+32, esc(a.grad))
		b.WriteString(`</g>`)
	}
	// The parameters and the labels, feeding in from above.
	params := []struct {
		name, into, shape string
		x                 float64
	}{
		{"W1", "affine1", dims(784, hidden), 160}, {"b1", "affine1", dims(1, hidden), 215},
		{"W2", "affine2", dims(hidden, 10), 475}, {"b2", "affine2", "1×10", 525},
		{"t", "softmaxwithloss", dims(n, 10), 705},
	}
	for _, p := range params {
		fmt.Fprintf(b, `<g class="g-param" data-node="%s"><text x="%g" y="14" text-anchor="middle">%s</text><text class="g-shape" x="%g" y="28" text-anchor="middle">%s</text>`+
			`<line x1="%g" y1="33" x2="%g" y2="%g" marker-end="url(#g-fwd)"/></g>`, p.name, p.x, p.name, p.x, p.shape, p.x, p.x, midY-24)
	}
	for _, nd := range nodes {
		current := ""
		cls := "g-node"
		if nd.id == cur {
			current = ` aria-current="step"`
			cls += " current"
			if back {
				cls += " back"
			}
		}
		hw := half(nd.id)
		shape := fmt.Sprintf(`<rect x="%.1f" y="%g" width="%.1f" height="36" rx="6"/>`, nd.x-hw, midY-18, 2*hw)
		if nd.id == "x" || nd.id == "loss" {
			shape = fmt.Sprintf(`<circle cx="%g" cy="%g" r="18"/>`, nd.x, midY)
		}
		fmt.Fprintf(b, `<g class="%s" data-node="%s"%s>%s<text x="%g" y="%g" text-anchor="middle">%s</text></g>`,
			cls, nd.id, current, shape, nd.x, midY+5, esc(nd.label))
	}
	// The update: each parameter takes a step against its gradient.
	cls := "g-node g-sgd"
	current := ""
	if cur == "sgd" {
		cls += " current"
		current = ` aria-current="step"`
	}
	fmt.Fprintf(b, `<g class="%s" data-node="sgd"%s><rect x="250" y="158" width="420" height="28" rx="6"/><text x="460" y="177" text-anchor="middle">%s</text></g>`,
		cls, current, esc(w.GraphSGD))
	b.WriteString(`</svg>`)
}
