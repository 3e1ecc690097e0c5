package ui

import "github.com/vugu/vugu"

// InsidePanel shows the weights, the ReLU mask and the gradients.
type InsidePanel struct {
	App *App
}

// GradNorms is the gradient-norm chart's markup.
func (c *InsidePanel) GradNorms() vugu.HTML { return vugu.HTML(GradNormSVG(&c.App.Norms)) }
