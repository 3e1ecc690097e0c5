//go:build js && wasm

package dom

import (
	"github.com/backprop-lab/backprop-lab/ui/markup"
	"github.com/vugu/vugu/js"
)

// canvasView is a canvas that Go paints in one piece (RGBA bytes copied into
// one ImageData), with a readout line that tells the number under the mouse
// or under the keyboard cursor (arrow keys move it, Enter clicks). It lives
// in an empty host element: resizing a canvas clears it.
type canvasView struct {
	pic   *markup.Picture
	page  *Page
	label string

	host, canvas, ctx, readout js.Value
	w, h                       int
	img                        []byte // the last image, kept for the next paint
	cx, cy                     int    // keyboard cursor
	funcs                      []js.Func
}

// mount creates the canvas and its readout inside host.
func (v *canvasView) mount(host js.Value, id string) {
	for _, f := range v.funcs {
		f.Release()
	}
	v.funcs = nil
	doc := js.Global().Get("document")
	c := doc.Call("createElement", "canvas")
	c.Call("setAttribute", "data-testid", id)
	c.Call("setAttribute", "class", v.pic.Class)
	c.Call("setAttribute", "role", "img")
	interactive := v.pic.Describe != nil
	if interactive {
		c.Call("setAttribute", "tabindex", "0")
	}
	host.Call("appendChild", c)
	v.host, v.canvas, v.readout = host, c, js.Undefined()
	if interactive {
		r := doc.Call("createElement", "p")
		r.Call("setAttribute", "class", "readout")
		r.Call("setAttribute", "aria-live", "polite")
		r.Set("textContent", " ")
		host.Call("appendChild", r)
		v.readout = r
	}
	v.ctx = c.Call("getContext", "2d")
	v.w, v.h = 0, 0
	if !interactive {
		return
	}
	v.listen("mousemove", func(e js.Value) {
		x, y := v.pos(e)
		v.show(x, y)
	})
	v.listen("mouseleave", func(js.Value) { v.readout.Set("textContent", " ") })
	v.listen("click", func(e js.Value) {
		x, y := v.pos(e)
		v.click(x, y)
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
			v.click(v.cx, v.cy)
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

// setLabel names the canvas for screen readers (with how to read it by
// keyboard).
func (v *canvasView) setLabel(label string) {
	if label == v.label || !v.canvas.Truthy() {
		return
	}
	v.label = label
	v.canvas.Call("setAttribute", "aria-label", label)
	if v.readout.Truthy() {
		v.readout.Set("textContent", " ")
	}
}

func (v *canvasView) click(x, y int) {
	if v.pic.Click == nil {
		return
	}
	if c := v.pic.Click(v.page.M, x, y); c != nil {
		v.page.doAsync(c)
	}
}

func (v *canvasView) listen(event string, fn func(e js.Value)) {
	f := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		fn(args[0])
		return nil
	})
	v.funcs = append(v.funcs, f)
	v.canvas.Call("addEventListener", event, f)
}

func (v *canvasView) pos(e js.Value) (int, int) {
	r := v.canvas.Call("getBoundingClientRect")
	rw, rh := r.Get("width").Float(), r.Get("height").Float()
	if rw <= 0 || rh <= 0 {
		return 0, 0
	}
	x := int((e.Get("clientX").Float() - r.Get("left").Float()) * float64(v.w) / rw)
	y := int((e.Get("clientY").Float() - r.Get("top").Float()) * float64(v.h) / rh)
	return min(max(x, 0), max(v.w-1, 0)), min(max(y, 0), max(v.h-1, 0))
}

func (v *canvasView) show(x, y int) {
	if v.pic.Describe == nil || !v.readout.Truthy() {
		return
	}
	s := v.pic.Describe(v.page.M, x, y)
	if s == "" {
		s = " "
	}
	v.readout.Set("textContent", s)
}

// paint draws the picture of the model.
func (v *canvasView) paint(sc *markup.Scratch) {
	img, w, h := v.pic.Paint(v.page.M, v.img, sc)
	if w <= 0 || h <= 0 || len(img) < 4*w*h {
		if v.w != 0 {
			v.canvas.Set("width", 0)
			v.canvas.Set("height", 0)
			v.w, v.h = 0, 0
		}
		return
	}
	v.img = img
	if w != v.w || h != v.h {
		v.w, v.h = w, h
		v.canvas.Set("width", w)
		v.canvas.Set("height", h)
	}
	id := v.ctx.Call("createImageData", w, h)
	js.CopyBytesToJS(id.Get("data"), img[:4*w*h])
	v.ctx.Call("putImageData", id, 0, 0)
}
