package ui

import (
	"github.com/vugu/vugu/js"
)

// CanvasView is a canvas that Go paints in one piece (RGBA bytes copied into
// one ImageData), with a readout line that tells the number under the mouse
// or under the keyboard cursor (arrow keys move it, Enter clicks). Like the
// drawing pad it lives outside Vugu's virtual DOM: Vugu re-applies
// attributes on every render and resizing a canvas clears it.
type CanvasView struct {
	TestID, Label string
	keysHint      string // how to read values by keyboard, in the page's language
	// Describe returns the readout for canvas pixel (x, y), "" for none.
	Describe func(x, y int) string
	// Click is called for a click or Enter at canvas pixel (x, y).
	Click func(x, y int)

	host, canvas, ctx, readout js.Value
	w, h                       int
	img                        []byte // the last image, painted again on a remount
	cx, cy                     int    // keyboard cursor
	funcs                      []js.Func
}

// Mount creates the canvas and its readout inside host, once.
func (v *CanvasView) Mount(host js.Value) {
	if v.canvas.Truthy() && host.Call("contains", v.canvas).Bool() {
		return
	}
	// A host that Vugu created anew (vg-if): start over in it.
	for _, f := range v.funcs {
		f.Release()
	}
	v.funcs = nil
	doc := js.Global().Get("document")
	c := doc.Call("createElement", "canvas")
	c.Call("setAttribute", "data-testid", v.TestID)
	c.Call("setAttribute", "class", "view-canvas")
	c.Call("setAttribute", "tabindex", "0")
	c.Call("setAttribute", "role", "img")
	c.Call("setAttribute", "aria-label", v.Label+v.keysHint)
	r := doc.Call("createElement", "p")
	r.Call("setAttribute", "class", "readout")
	r.Call("setAttribute", "aria-live", "polite")
	r.Set("textContent", " ")
	host.Call("appendChild", c)
	host.Call("appendChild", r)
	v.host, v.canvas, v.readout = host, c, r
	v.ctx = c.Call("getContext", "2d")
	if v.w > 0 {
		c.Set("width", v.w)
		c.Set("height", v.h)
		v.put()
	}
	v.listen("mousemove", func(e js.Value) {
		x, y := v.pos(e)
		v.show(x, y)
	})
	v.listen("mouseleave", func(js.Value) { v.readout.Set("textContent", " ") })
	v.listen("click", func(e js.Value) {
		if v.Click != nil {
			x, y := v.pos(e)
			v.Click(x, y)
		}
	})
	v.listen("focus", func(js.Value) { v.show(v.cx, v.cy) })
	v.listen("keydown", func(e js.Value) {
		step := 1
		if e.Get("shiftKey").Bool() {
			step = 8
		}
		switch e.Get("key").String() {
		case "ArrowLeft":
			v.cx -= step
		case "ArrowRight":
			v.cx += step
		case "ArrowUp":
			v.cy -= step
		case "ArrowDown":
			v.cy += step
		case "Enter", " ":
			if v.Click != nil {
				v.Click(v.cx, v.cy)
			}
		default:
			return
		}
		e.Call("preventDefault")
		e.Call("stopPropagation")
		v.cx = min(max(v.cx, 0), max(v.w-1, 0))
		v.cy = min(max(v.cy, 0), max(v.h-1, 0))
		v.show(v.cx, v.cy)
	})
}

// SetLabel names the canvas for screen readers in l's language (it may be
// mounted already: the page's language can change at any time).
func (v *CanvasView) SetLabel(label string, l *labels) {
	v.Label, v.keysHint = label, l.ViewKeys
	if v.canvas.Truthy() {
		v.canvas.Call("setAttribute", "aria-label", v.Label+v.keysHint)
		v.readout.Set("textContent", " ")
	}
}

func (v *CanvasView) listen(event string, fn func(e js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		fn(args[0])
		return nil
	})
	v.funcs = append(v.funcs, f)
	v.canvas.Call("addEventListener", event, f)
}

func (v *CanvasView) pos(e js.Value) (int, int) {
	r := v.canvas.Call("getBoundingClientRect")
	rw, rh := r.Get("width").Float(), r.Get("height").Float()
	if rw <= 0 || rh <= 0 {
		return 0, 0
	}
	x := int((e.Get("clientX").Float() - r.Get("left").Float()) * float64(v.w) / rw)
	y := int((e.Get("clientY").Float() - r.Get("top").Float()) * float64(v.h) / rh)
	return min(max(x, 0), max(v.w-1, 0)), min(max(y, 0), max(v.h-1, 0))
}

func (v *CanvasView) show(x, y int) {
	if v.Describe == nil || !v.readout.Truthy() {
		return
	}
	s := v.Describe(x, y)
	if s == "" {
		s = " "
	}
	v.readout.Set("textContent", s)
}

// Paint shows the w×h RGBA image img.
func (v *CanvasView) Paint(img []byte, w, h int) {
	if w <= 0 || h <= 0 || len(img) < 4*w*h {
		return
	}
	if w != v.w || h != v.h {
		v.w, v.h = w, h
		if v.canvas.Truthy() {
			v.canvas.Set("width", w)
			v.canvas.Set("height", h)
		}
	}
	v.img = img[:4*w*h]
	v.put()
}

func (v *CanvasView) put() {
	if !v.ctx.Truthy() || len(v.img) != 4*v.w*v.h || v.w == 0 {
		return
	}
	id := v.ctx.Call("createImageData", v.w, v.h)
	js.CopyBytesToJS(id.Get("data"), v.img)
	v.ctx.Call("putImageData", id, 0, 0)
}

// Outline draws a rectangle outline (selection) on top of the image.
func (v *CanvasView) Outline(x, y, w, h int) {
	if !v.ctx.Truthy() || w <= 0 || h <= 0 {
		return
	}
	v.ctx.Set("strokeStyle", "#000")
	v.ctx.Set("lineWidth", 1)
	v.ctx.Call("strokeRect", float64(x)-0.5, float64(y)-0.5, w+1, h+1)
}
