//go:build js && wasm

package dom

import (
	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/vugu/vugu/js"
)

// DrawPad is the drawing canvas. The pad creates its canvas itself inside
// an empty host element (setting a canvas's size clears it) and listens to
// pointer events directly: routing every move through the page's events
// would cost a render per move.
type DrawPad struct {
	Empty bool

	padLabel                string // the aria-label in the page's language
	host, canvas, ctx       js.Value
	lastX, lastY            float64
	frameQueued, frameDirty bool
	funcs                   []js.Func
	onChange                func(img [digit.Pixels]uint8, ok bool)
	// pen holds the strokes: the net's input is rendered from them, not
	// read from the canvas, which only shows them.
	pen pen
	img [digit.Pixels]uint8
	// Gen counts the clears: an image handed on before a clear must not
	// arrive after it.
	Gen int
}

// NewDrawPad returns an empty pad; onChange receives the strokes rendered
// as a 28×28 MNIST digit after they change, at most once per animation
// frame.
func NewDrawPad(onChange func(img [digit.Pixels]uint8, ok bool)) *DrawPad {
	return &DrawPad{Empty: true, onChange: onChange}
}

func (p *DrawPad) listen(target js.Value, event string, fn func(e js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		fn(args[0])
		return nil
	})
	p.funcs = append(p.funcs, f)
	target.Call("addEventListener", event, f)
}

// Mount creates the drawing canvas inside host, once.
func (p *DrawPad) Mount(host js.Value) {
	if p.canvas.Truthy() && host.Call("contains", p.canvas).Bool() {
		return
	}
	doc := js.Global().Get("document")
	c := doc.Call("createElement", "canvas")
	c.Set("width", padSize)
	c.Set("height", padSize)
	c.Call("setAttribute", "data-testid", "draw-canvas")
	c.Call("setAttribute", "class", "draw-canvas")
	c.Call("setAttribute", "role", "img")
	c.Call("setAttribute", "aria-label", p.padLabel)
	host.Call("replaceChildren", c) // what another view left in a reused host goes
	p.host, p.canvas = host, c
	p.ctx = c.Call("getContext", "2d", map[string]interface{}{"willReadFrequently": true})
	p.clearCanvas()

	p.listen(c, "pointerdown", func(e js.Value) {
		e.Call("preventDefault")
		c.Call("setPointerCapture", e.Get("pointerId"))
		x, y := p.pos(e)
		if p.pen.start(x, y, e.Get("pressure").Float()) {
			p.lastX, p.lastY = x, y
			p.stroke(x, y, x, y)
		}
	})
	// Chromium delivers pointerrawupdate as soon as the pointer moves;
	// pointermove waits for the next frame. Where there is no such event,
	// pointermove draws.
	raw := js.Global().Get("onpointerrawupdate").Type() != js.TypeUndefined
	move := func(e js.Value) {
		if !p.pen.down {
			return
		}
		x, y := p.pos(e)
		if p.pen.move(x, y, e.Get("pressure").Float()) {
			p.stroke(p.lastX, p.lastY, x, y)
			p.lastX, p.lastY = x, y
		}
	}
	if raw {
		p.listen(c, "pointerrawupdate", move)
	}
	p.listen(c, "pointermove", func(e js.Value) {
		if !p.pen.down {
			return
		}
		e.Call("preventDefault")
		if !raw {
			move(e)
		}
	})
	end := func(e js.Value) {
		if p.pen.down {
			p.pen.end()
			p.queueFrame()
		}
	}
	p.listen(c, "pointerup", end)
	p.listen(c, "pointercancel", end)
}

// SetLabel names the drawing canvas for screen readers.
func (p *DrawPad) SetLabel(label string) {
	if label == p.padLabel {
		return
	}
	p.padLabel = label
	if p.canvas.Truthy() {
		p.canvas.Call("setAttribute", "aria-label", label)
	}
}

// pos converts an event's position to canvas pixels (the canvas may be
// shown smaller or larger than 280 CSS pixels).
func (p *DrawPad) pos(e js.Value) (float64, float64) {
	r := p.canvas.Call("getBoundingClientRect")
	sx := padSize / r.Get("width").Float()
	sy := padSize / r.Get("height").Float()
	return (e.Get("clientX").Float() - r.Get("left").Float()) * sx, (e.Get("clientY").Float() - r.Get("top").Float()) * sy
}

func (p *DrawPad) stroke(x0, y0, x1, y1 float64) {
	ctx := p.ctx
	ctx.Call("beginPath")
	ctx.Call("moveTo", x0, y0)
	ctx.Call("lineTo", x1, y1)
	ctx.Call("stroke")
	p.queueFrame()
}

// queueFrame brings the prediction up to date with the strokes: at once for
// the first change since the last frame, and at the next frame for any later
// change before it. Browsers deliver pointer moves once per frame, so the
// net predicts at most once a frame, and a move is acted on in its own event
// rather than up to a frame later.
func (p *DrawPad) queueFrame() {
	if p.frameQueued {
		p.frameDirty = true
		return
	}
	p.frameQueued = true
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) interface{} {
		f.Release()
		p.frameQueued = false
		if p.frameDirty {
			p.frameDirty = false
			p.update()
		}
		return nil
	})
	js.Global().Call("requestAnimationFrame", f)
	p.update()
}

// update renders the strokes as the net's input and hands it on.
func (p *DrawPad) update() {
	ok := p.pen.render(&p.img)
	if p.onChange != nil {
		p.onChange(p.img, ok)
	}
}

func (p *DrawPad) clearCanvas() {
	ctx := p.ctx
	ctx.Set("fillStyle", "#000")
	ctx.Call("fillRect", 0, 0, padSize, padSize)
	ctx.Set("strokeStyle", "#fff")
	ctx.Set("lineWidth", penWidth)
	ctx.Set("lineCap", "round")
	ctx.Set("lineJoin", "round")
	p.pen.clear()
}

// Drawing reports whether a stroke is under way.
func (p *DrawPad) Drawing() bool { return p.pen.down }

// Clear wipes the drawing.
func (p *DrawPad) Clear() {
	p.Gen++
	if p.ctx.Truthy() {
		p.clearCanvas()
	}
	p.Empty = true
}
