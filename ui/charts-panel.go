package ui

import "github.com/vugu/vugu"

// ChartsPanel shows the loss curve and the accuracy per epoch.
type ChartsPanel struct {
	App *App
}

// LossSVG is the loss chart's markup (numbers only: nothing user-typed).
func (c *ChartsPanel) LossSVG() vugu.HTML { return vugu.HTML(LossChartSVG(c.App.Losses, c.App.L)) }

// AccSVG is the accuracy chart's markup.
func (c *ChartsPanel) AccSVG() vugu.HTML { return vugu.HTML(AccChartSVG(c.App.Epochs, c.App.L)) }
