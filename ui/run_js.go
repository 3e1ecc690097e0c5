//go:build js && wasm

package ui

import (
	"net/url"
	"runtime/debug"
	"strconv"
	"time"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
	"github.com/vugu/vugu/js"
)

// Run mounts the UI at the element that mountPoint selects, starts the
// trainer worker and runs the render loop, which renders the page that
// newPage makes for the app (package ui/page: the Vugu components). It
// returns when the page goes away.
func Run(mountPoint string, newPage func(*App) vugu.Builder) {
	// Fewer, not longer, collections: the page's live heap is small (some
	// MB) but snapshots arrive several times a second, and each collection
	// stops the page's only thread.
	debug.SetGCPercent(400)
	renderer, err := domrender.New(mountPoint)
	if err != nil {
		js.Global().Call("bplFail", "The page could not start its renderer: "+err.Error())
		return
	}
	defer renderer.Release()
	env := renderer.EventEnv()
	buildEnv, err := vugu.NewBuildEnv(env)
	if err != nil {
		js.Global().Call("bplFail", "The page could not start its renderer: "+err.Error())
		return
	}
	app := NewApp(env)
	// A timer, not a MessageChannel: the browser runs due timers (the
	// page's own, and a user's scripts) in order with this one, while it
	// would favour a posted message over them.
	yield := func() { time.Sleep(time.Millisecond) }
	gate := newRenderGate(app, yield)
	app.Pad = NewDrawPad(func(img [784]uint8, ok bool) {
		go func() {
			env.Lock()
			app.drawingChanged(img, ok)
			app.showPrediction()
			// The views that follow the drawing (the ReLU mask, its
			// summaries) are brought up to date at the next tick without a
			// Vugu render, which would hold up the next pointer events for
			// 20-50 ms. The stepper's pass over the drawing and the render
			// wait until the pen has rested (see renderGate.penUp).
			gate.live = true
			if !app.Pad.Drawing() {
				gate.penUp = time.Now()
			}
			env.UnlockOnly()
		}()
	})
	if q, err := url.ParseQuery(trimQuery(js.Global().Get("location").Get("search").String())); err == nil && q.Get("bench") == "train" {
		app.Bench = true
		app.BenchIters = 1000
		if n, err := strconv.Atoi(q.Get("iters")); err == nil && n > 0 && n <= 1_000_000 {
			app.BenchIters = n
		}
		// Data-parallel: as many workers as cores (the bench page is idle).
		app.BenchWorkers = max(js.Global().Get("navigator").Get("hardwareConcurrency").Int(), 1)
		if n, err := strconv.Atoi(q.Get("workers")); err == nil && n >= 1 && n <= 16 {
			app.BenchWorkers = n
		}
		if q.Get("pool") == "messages" {
			app.BenchPool = "messages"
		}
		app.BenchWarmup = DefaultBenchWarmup
		if n, err := strconv.Atoi(q.Get("warmup")); err == nil && n >= 0 && n <= 100_000 {
			app.BenchWarmup = n
		}
	}
	f, found := FormFromURL(js.Global().Get("location").Get("hash").String(), app.Applied)
	if found {
		if set, ok := f.Settings(10000); ok {
			app.Applied = set
			app.Form = f
		} else {
			app.Form = f
			app.Warning = "Some settings in the page's address cannot be used (see the fields); the book's defaults are used instead."
		}
	}
	if !app.Bench {
		app.store = localStore{}
		app.openKept(found)
		keepOnLeave(app)
	}
	pageGate = gate
	app.startWorker()
	listenDrop(app)
	files := js.Global().Get("bplBoot").Get("files")
	if t, err := decodeTestSet(jsBytes(files.Get("test-images-idx3-ubyte")), jsBytes(files.Get("test-labels-idx1-ubyte"))); err == nil {
		app.Test = t
	} else {
		app.Warning = "the test images could not be read: " + err.Error()
	}
	if boot := js.Global().Get("document").Call("getElementById", "boot"); boot.Truthy() {
		boot.Call("remove")
	}

	listenKeys(app)
	root := newPage(app)
	for ok := true; ok; ok = renderer.EventWait() {
		// Let the browser run (input, timers, painting) between the work
		// that asked for this render and the render itself: in js/wasm, Go
		// runs every ready goroutine before it returns to the browser, so
		// without this a message's handling and the render make one long task.
		yield()
		app.shownStatus = app.Status
		if err := renderer.Render(buildEnv.RunBuild(root)); err != nil {
			js.Global().Get("console").Call("error", "render: "+err.Error())
		}
		app.syncPictures(yield)
	}
}

// jsBytes copies a Uint8Array into Go.
func jsBytes(v js.Value) []byte {
	if !v.Truthy() {
		return nil
	}
	b := make([]byte, v.Get("length").Int())
	js.CopyBytesToGo(b, v)
	return b
}

func trimQuery(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

// startWorker takes over the trainer worker that the boot loader started,
// or starts one (after a crash, or if there is none) and hands it the
// compiled module and the test set that the boot loader fetched; the new
// worker fetches the training set again, from the browser's cache. Then it
// asks for the page's first net.
func (a *App) startWorker() {
	boot := js.Global().Get("bplBoot")
	if a.worker.Truthy() {
		a.worker.Call("terminate")
	}
	var w js.Value
	var early js.Value
	if take := boot.Get("takeWorker"); take.Type() == js.TypeFunction {
		if got := take.Invoke(); got.Truthy() {
			w, early = got.Get("worker"), got.Get("early")
		}
	}
	fresh := !w.Truthy()
	if fresh {
		w = js.Global().Get("Worker").New("worker.js")
	}
	a.worker = w
	onMessage := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		a.workerMessage(args[0].Get("data"))
		return nil
	})
	onError := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		a.workerError(args[0])
		return nil
	})
	w.Call("addEventListener", "message", onMessage)
	w.Call("addEventListener", "error", onError)
	// What the worker sent before the page listened, in order. The
	// listeners above are in place, and nothing can be dispatched between
	// the takeover and here (this runs without returning to the browser).
	if early.Truthy() {
		for i := range early.Length() {
			e := early.Index(i)
			if e.Get("type").String() == "error" {
				a.workerError(e)
			} else {
				a.workerMessage(e.Get("data"))
			}
		}
	}
	if fresh {
		// The module and the test set; the worker fetches the training
		// files again (from the browser's cache).
		boot.Call("bootWorker", w)
	}
	a.firstNet()
}

// workerMessage handles the data of a message event from the worker. It
// never blocks (it runs in a JS callback): the work happens in a goroutine.
func (a *App) workerMessage(data js.Value) {
	env := a.env
	if l := data.Get("log"); l.Truthy() {
		js.Global().Get("console").Call("log", "worker: "+l.String())
		return
	}
	if c := data.Get("crash"); c.Truthy() {
		msg := c.String()
		go func() {
			env.Lock()
			a.trainerDown("The trainer stopped: " + msg + ".")
			env.UnlockRender()
		}()
		return
	}
	go func() {
		env.Lock()
		a.received++
		m, err := a.decodeMsg(data)
		if err != nil {
			a.Warning = err.Error()
			env.UnlockRender()
			return
		}
		was := a.Status
		a.handle(m)
		// A change of state (paused → training, …) changes buttons, the
		// status and what is enabled: that takes a render, now.
		if pageGate != nil && a.Status == was && pageGate.mark(m, a.Training()) {
			env.UnlockOnly()
			return
		}
		env.UnlockRender()
	}()
}

// workerError handles an error event of the worker (it failed to load).
func (a *App) workerError(e js.Value) {
	msg := "the trainer could not start"
	if m := e.Get("message"); m.Truthy() {
		msg += ": " + m.String()
	}
	go func() {
		a.env.Lock()
		a.trainerDown(msg)
		a.env.UnlockRender()
	}()
}

// listenKeys installs the page's shortcuts: ← and → step through the
// stepper, space plays or pauses, c clears the drawing. Keys typed into a
// field, or used by a focused control or picture, are left alone.
func listenKeys(a *App) {
	js.Global().Get("document").Call("addEventListener", "keydown", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		e := args[0]
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return nil
		}
		t := e.Get("target")
		switch t.Get("tagName").String() {
		case "INPUT", "SELECT", "TEXTAREA", "CANVAS":
			return nil
		}
		key := e.Get("key").String()
		var act func()
		switch key {
		case "ArrowRight":
			act = a.StepNext
		case "ArrowLeft":
			act = a.StepPrev
		case " ":
			if t.Get("tagName").String() == "BUTTON" {
				return nil // space presses the focused button
			}
			e.Call("preventDefault")
			go a.playPause()
			return nil
		case "c", "C":
			act = a.ClearDrawing
		default:
			return nil
		}
		e.Call("preventDefault")
		go func() {
			a.env.Lock()
			act()
			a.env.UnlockRender()
		}()
		return nil
	}))
}

// keepOnLeave keeps the page's net in the browser's storage when the page
// is hidden (another tab, a phone's home screen) or left (a reload).
func keepOnLeave(a *App) {
	keep := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		if args[0].Get("type").String() == "visibilitychange" && js.Global().Get("document").Get("visibilityState").String() != "hidden" {
			return nil
		}
		go func() {
			a.env.Lock()
			a.keepNet()
			a.env.UnlockOnly()
		}()
		return nil
	})
	js.Global().Call("addEventListener", "pagehide", keep)
	js.Global().Get("document").Call("addEventListener", "visibilitychange", keep)
}

// listenDrop loads a weights file dropped anywhere on the page.
func listenDrop(a *App) {
	doc := js.Global().Get("document")
	doc.Call("addEventListener", "dragover", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		args[0].Call("preventDefault")
		return nil
	}))
	doc.Call("addEventListener", "drop", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		e := args[0]
		e.Call("preventDefault")
		files := e.Get("dataTransfer").Get("files")
		if files.Truthy() && files.Length() > 0 {
			a.ImportFile(files.Index(0))
		}
		return nil
	}))
}

// RestartTrainer starts a new trainer worker after a crash. It keeps the
// last weights the page received, if any.
func (a *App) RestartTrainer() {
	a.TrainerDown, a.Fatal, a.Warning = false, "", ""
	a.Status = "loading"
	if b, err := a.ExportBytes(); err == nil {
		a.restoreAfterBoot, a.restoreFrom = b, source{phrase: func(l *labels) string { return l.TheRestored }}
	}
	a.startWorker()
}
