//go:build js && wasm

package dom

import (
	"bytes"
	"errors"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"strconv"
	sjs "syscall/js"
	"time"
	"unsafe"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/ui/markup"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/domrender"
	"github.com/vugu/vugu/js"
)

// Page is the running page: the model, the lock that Vugu's events share,
// the scheduler, and every element that Vugu does not own. It is the single
// writer of those elements.
type Page struct {
	M *model.Model

	env      vugu.EventEnv
	sched    *Scheduler
	trainer  *trainer
	pad      *DrawPad
	timeline *timelineInput
	race     *raceTrainers
	hosts    map[string]*host
	sc       markup.Scratch
	patch    patch
	ticked   bool // the ticker woke the loop
	// after is what the effects asked to do to an element once the page
	// shows it: after the next render that began after the asking, and
	// that render's writes. renders counts the renders begun.
	after   []afterTick
	renders int
}

// afterTick is something to do to the element [data-testid=testID], asked
// when renders was asked.
type afterTick struct {
	testID string
	do     func(el js.Value)
	asked  int
}

// host is a view's element in the page.
type host struct {
	view    *markup.View
	el      js.Value
	fresh   bool // new since the last write: write it whatever changed
	written bytes.Buffer
	next    bytes.Buffer
	attrs   []markup.Attr // the host's attributes as last written
	text    string
	canvas  *canvasView
}

// yield lets the browser run (input, timers, painting) for a moment. A
// timer, not a message: the browser runs due timers (the page's own, and a
// user's scripts) in order with this one, while it would favour a posted
// message over them.
func yield() { time.Sleep(time.Millisecond) }

// newRenderer makes Vugu's renderer. Vugu installs its JavaScript helpers
// with window.eval, which the page's Content-Security-Policy forbids; the
// same helpers are loaded as a file (vugu-render.js, extracted from Vugu at
// build time). So window.eval is a no-op for exactly that one call and is the
// browser's own function again before anything else runs: every other script
// (devtools, test drivers, extensions) keeps it.
func newRenderer(mountPoint string) (*domrender.JSRenderer, error) {
	win := sjs.Global().Get("window")
	if win.Get("vuguRender").Type() != sjs.TypeFunction {
		return nil, errors.New("vugu-render.js did not load")
	}
	own := win.Get("eval")
	skip := sjs.FuncOf(func(sjs.Value, []sjs.Value) any { return nil })
	win.Set("eval", skip)
	defer func() {
		win.Set("eval", own)
		skip.Release()
	}()
	return domrender.New(mountPoint)
}

// Run mounts the page at the element that mountPoint selects, starts the
// trainer and runs the render loop, which renders the component that
// newRoot makes for the page (package ui/page). It returns when the page
// goes away.
func Run(mountPoint string, newRoot func(m *model.Model, do func(model.Command)) vugu.Builder) {
	// Fewer, not longer, collections: the page's live heap is small but
	// snapshots arrive several times a second, and each collection stops
	// the page's only thread. The scheduler collects on its own schedule.
	debug.SetGCPercent(400)
	renderer, err := newRenderer(mountPoint)
	if err != nil {
		js.Global().Call("bplFail", "The page could not start its renderer: "+err.Error())
		return
	}
	defer renderer.Release()
	p := &Page{env: renderer.EventEnv(), sched: NewScheduler(), hosts: map[string]*host{}}
	buildEnv, err := vugu.NewBuildEnv(p.env)
	if err != nil {
		js.Global().Call("bplFail", "The page could not start its renderer: "+err.Error())
		return
	}
	p.trainer = &trainer{page: p}
	loc := js.Global().Get("location")
	query := trimQuery(loc.Get("search").String())
	cfg := model.Config{Lang: i18n.Get(pageLang()), Trainer: p.trainer}
	files := js.Global().Get("bplBoot").Get("files")
	test, testErr := model.DecodeTestSet(jsBytes(files.Get("test-images-idx3-ubyte")), jsBytes(files.Get("test-labels-idx1-ubyte")))
	if testErr == nil {
		cfg.Test = test
	}
	m := model.New(cfg)
	p.M = m
	cores := max(js.Global().Get("navigator").Get("hardwareConcurrency").Int(), 1)
	if !m.OpenBench(query, cores) {
		store := newKeptStore(p)
		m.SetStore(store)
		if store.bootErr != "" {
			m.Do(model.Report{Msg: i18n.M(i18n.KeptUnread), Detail: store.bootErr})
		}
		m.OpenLink(loc.Get("hash").String())
		p.listenLeave(store)
	}
	if testErr != nil {
		m.Do(model.Report{Msg: i18n.M(i18n.TestImagesBad), Detail: testErr.Error()})
	}
	p.pad = NewDrawPad(p.drew)
	p.timeline = &timelineInput{page: p}
	p.race = &raceTrainers{page: p}
	m.SetRaceTrainers(p.race)
	p.trainer.start()
	p.M.Do(model.Start{})
	if boot := js.Global().Get("document").Call("getElementById", "boot"); boot.Truthy() {
		boot.Call("remove")
	}
	p.listenKeys()
	p.listenVisibility()
	p.listenDrop()
	root := newRoot(m, p.Do)
	go p.tick()
	p.sched.Mark(model.Everything, true)
	for ok := true; ok; ok = renderer.EventWait() {
		// Let the browser run between the work that asked for this and
		// the work itself: in js/wasm, Go runs every ready goroutine before
		// it returns to the browser, so without this a message's handling
		// and the render make one long task.
		yield()
		p.env.Lock()
		var plan Plan
		if p.ticked {
			p.ticked = false
			plan = p.sched.TickPlan(p.M.Run.Messages)
		} else {
			plan = p.sched.Take()
		}
		p.env.UnlockOnly()
		p.run(plan, func() {
			if err := renderer.Render(buildEnv.RunBuild(root)); err != nil {
				js.Global().Get("console").Call("error", "render: "+err.Error())
			}
		})
	}
}

func trimQuery(s string) string {
	if len(s) > 0 && s[0] == '?' {
		return s[1:]
	}
	return s
}

// tick wakes the loop every Tick with the scheduler's tick.
func (p *Page) tick() {
	for range time.Tick(p.sched.Tick) {
		p.env.Lock()
		p.ticked = true
		p.env.UnlockRender()
	}
}

// run carries out a plan: a collection, following the pen, a render, then
// the views' writes, each in a task of its own.
func (p *Page) run(plan Plan, render func()) {
	if plan.Collect {
		runtime.GC()
		yield()
		metrics.Read(heapSamples)
		yield()
		p.lockedDo(model.Measured{Memory: p.memory()})
	}
	if plan.FollowPen {
		p.env.Lock()
		c := p.M.Do(model.PenRested{})
		p.effects()
		p.env.UnlockOnly()
		plan.Write |= c
		plan.Render = plan.Render || c.Has(model.Structure)
	}
	rendered := -1 // the number of the render this run does
	if plan.Render {
		p.env.Lock()
		p.renders++
		rendered = p.renders
		p.env.UnlockOnly()
		render()
		p.env.Lock()
		setPageLang(p.M.Lang.Code)
		p.findHosts()
		p.pad.SetLabel(p.M.Words().PadAria)
		p.env.UnlockOnly()
	}
	if plan.Write.Has(model.Address) && !p.M.Bench.On {
		setAddress(p.M.Link())
	}
	p.write(plan.Write, true)
	// What was asked before this run's render began is on the page now.
	var after []afterTick
	p.env.Lock()
	if rendered >= 0 {
		rest := p.after[:0]
		for _, a := range p.after {
			if a.asked < rendered {
				after = append(after, a)
			} else {
				rest = append(rest, a)
			}
		}
		p.after = rest
	}
	p.env.UnlockOnly()
	if len(after) == 0 {
		return
	}
	// In a task of its own: this tick may run inside the event that asked
	// (a change event fired by Tab), whose default action (Tab moving the
	// focus on) would undo a focus given now.
	var f js.Func
	f = js.FuncOf(func(js.Value, []js.Value) any {
		f.Release()
		for _, a := range after {
			if el := js.Global().Get("document").Call("querySelector", `[data-testid="`+a.testID+`"]`); el.Truthy() {
				a.do(el)
			}
		}
		return nil
	})
	js.Global().Call("setTimeout", f, 0)
}

// heapSamples are the Go heap's live bytes (marked by the last collection)
// and the size at which the next collection starts.
var heapSamples = []metrics.Sample{{Name: "/gc/heap/live:bytes"}, {Name: "/gc/heap/goal:bytes"}}

// memory reads the page's memory: its WebAssembly memory and its Go heap
// at the last collection.
func (p *Page) memory() model.Memory {
	var m model.Memory
	if f := js.Global().Get("bplBoot").Get("memory"); f.Type() == js.TypeFunction {
		m.Page = int64(f.Invoke().Float())
	}
	if heapSamples[0].Value.Kind() == metrics.KindUint64 {
		m.Live, m.Goal = int64(heapSamples[0].Value.Uint64()), int64(heapSamples[1].Value.Uint64())
	}
	return m
}

// Do is the door of the page's components, whose Vugu event handlers hold
// the lock: it carries out a command, marks what it changed (Vugu wakes the
// loop after the handler) and carries out its effects.
func (p *Page) Do(c model.Command) {
	ch := p.M.Do(c)
	p.effects()
	// The drawing's views answer at once, together, as they do for the
	// pen (drew): a cleared pad and its prediction change in one task.
	if ch.Has(model.Prediction) && !ch.Has(model.Structure) {
		p.writeLocked(model.Prediction)
		ch &^= model.Prediction
	}
	p.mark(ch, true)
}

// lockedDo is Do for code that does not hold the lock; it wakes the loop.
func (p *Page) lockedDo(c model.Command) {
	p.env.Lock()
	p.Do(c)
	p.env.UnlockRender()
}

// doAsync is lockedDo for JavaScript callbacks, which must not block.
func (p *Page) doAsync(c model.Command) { go p.lockedDo(c) }

func (p *Page) mark(c model.Changed, urgent bool) { p.sched.Mark(c, urgent) }

// effects carries out what the last commands asked of the browser. The
// caller holds the lock.
func (p *Page) effects() {
	for _, e := range p.M.Effects() {
		switch e := e.(type) {
		case model.ReadFile:
			f, name := e.File.(js.Value), e.Name
			readBlob(f, wire.MaxFileBytes, func(b []byte, err error) {
				if tb, ok := err.(errTooBig); ok {
					p.lockedDo(model.FileTooBig{Name: name, Bytes: tb.size})
					return
				}
				if err != nil {
					p.lockedDo(model.FileUnreadable{Name: name, Detail: err.Error()})
					return
				}
				p.lockedDo(model.Import{File: b, From: name})
			})
		case model.ReadMine:
			p.readMine(e, 0, nil)
		case model.StartRaceTrainers:
			p.race.start()
		case model.StopRaceTrainers:
			p.race.stop()
		case model.TickAfter:
			time.AfterFunc(e.D, func() { p.lockedDo(model.TimelineTick{}) })
		case model.FetchPretrained:
			fetchBytes("pretrained.bplw", wire.MaxFileBytes, func(b []byte, err error) {
				if err != nil {
					p.lockedDo(model.Report{Msg: i18n.M(i18n.PretrainedFailed), Detail: err.Error()})
					return
				}
				p.lockedDo(model.Import{File: b, From: i18n.M(i18n.ThePretrained)})
			})
		case model.Download:
			download(e.Name, e.File)
		case model.NewTrainer:
			p.trainer.start()
			p.mark(p.M.Do(model.Start{}), true)
		case model.RememberLang:
			rememberLang(e.Code)
		case model.ClearPad:
			p.pad.Clear()
			p.sched.Pen(false)
		case model.Focus:
			p.after = append(p.after, afterTick{e.TestID, func(el js.Value) { el.Call("focus") }, p.renders})
		case model.Reveal:
			p.after = append(p.after, afterTick{e.TestID, func(el js.Value) {
				el.Call("scrollIntoView", map[string]any{"block": "start"})
			}, p.renders})
		}
	}
}

// drew takes the pad's normalised image after strokes (in a JavaScript
// callback): the prediction is written at once, in this event; the views
// that follow the drawing wait for the next tick, and the rest of the page
// for the pen to rest.
func (p *Page) drew(img [digit.Pixels]uint8, ok bool) {
	gen := p.pad.Gen
	go func() {
		p.env.Lock()
		if gen != p.pad.Gen {
			p.env.UnlockOnly() // drawn before a clear
			return
		}
		down := p.pad.Drawing()
		c := p.M.Do(model.Drew{Image: img, Ink: ok, PenDown: down})
		p.sched.Pen(down)
		p.mark(c&^model.Prediction, false)
		p.writeLocked(c & model.Prediction)
		p.env.UnlockOnly()
	}()
}

// findHosts finds the hosts of the views after a render: a host that Vugu
// made anew is written whatever changed. The caller holds the lock.
func (p *Page) findHosts() {
	list := js.Global().Get("document").Call("querySelectorAll", "[data-view]")
	seen := map[string]bool{}
	for i := range list.Length() {
		el := list.Index(i)
		id := el.Call("getAttribute", "data-view").String()
		v, ok := markup.ViewByID(id)
		if !ok || seen[id] {
			continue
		}
		seen[id] = true
		h := p.hosts[id]
		if h == nil {
			h = &host{view: v}
			p.hosts[id] = h
		}
		if h.el.Truthy() && el.Call("isSameNode", h.el).Bool() {
			p.keepAttrs(h)
			continue
		}
		h.el, h.fresh, h.text, h.attrs = el, true, "", nil
		h.written.Reset()
		switch v.Kind {
		case markup.Canvas:
			h.canvas = &canvasView{pic: v.Picture, page: p}
			h.canvas.mount(el, id)
			// Named at once: the picture is painted in a later pause,
			// and a role="img" without a name must never be seen.
			h.canvas.setLabel(v.Picture.Label(p.M.Words()) + p.M.Words().ViewKeys)
		case markup.Device:
			switch id {
			case "timeline":
				p.timeline.Mount(el)
			default:
				p.pad.Mount(el)
			}
		}
	}
	for id, h := range p.hosts {
		if !seen[id] {
			h.el = js.Undefined()
		}
	}
}

// write writes every view that follows a bit of c (and every fresh one),
// taking the lock for each, with pauses for the browser after each picture
// or region written when pause is set.
func (p *Page) write(c model.Changed, pause bool) {
	p.env.Lock()
	p.writeTexts(c)
	p.writeDevices(c)
	p.env.UnlockOnly()
	for _, v := range markup.Views {
		if v.Kind != markup.Region && v.Kind != markup.Canvas {
			continue
		}
		p.env.Lock()
		wrote := p.writeOne(v.ID, c)
		p.env.UnlockOnly()
		if wrote && pause {
			yield()
		}
	}
}

// writeLocked writes the views of c at once; the caller holds the lock.
func (p *Page) writeLocked(c model.Changed) {
	p.writeTexts(c)
	p.writeDevices(c)
	for _, v := range markup.Views {
		if v.Kind == markup.Region || v.Kind == markup.Canvas {
			p.writeOne(v.ID, c)
		}
	}
}

// due returns the host of view id if it must be written for c.
func (p *Page) due(id string, c model.Changed) *host {
	h := p.hosts[id]
	if h == nil || !h.el.Truthy() || !(h.fresh || h.view.Follows&c != 0) {
		return nil
	}
	return h
}

// writeDevices updates the devices that follow the model (the timeline).
func (p *Page) writeDevices(c model.Changed) {
	if h := p.due("timeline", c); h != nil {
		h.fresh = false
		p.timeline.update(p.M)
	}
}

// writeTexts writes the Text views, in one call into JavaScript.
func (p *Page) writeTexts(c model.Changed) {
	for _, v := range markup.Views {
		if v.Kind != markup.Text {
			continue
		}
		h := p.due(v.ID, c)
		if h == nil {
			continue
		}
		fresh := h.fresh
		h.fresh = false
		if t := v.Text(p.M); fresh || t != h.text {
			h.text = t
			p.patch.el(`[data-view="` + v.ID + `"]`).text(t)
		}
	}
	p.patch.apply()
}

// writeOne writes a Region or Canvas view if due, and reports whether it
// wrote anything.
func (p *Page) writeOne(id string, c model.Changed) bool {
	h := p.due(id, c)
	if h == nil {
		return false
	}
	fresh := h.fresh
	h.fresh = false
	switch h.view.Kind {
	case markup.Canvas:
		if c.Has(model.Structure) { // a fresh canvas was named at its mount
			h.canvas.setLabel(h.view.Picture.Label(p.M.Words()) + p.M.Words().ViewKeys)
		}
		h.canvas.paint(&p.sc)
		return true
	case markup.Region:
		h.next.Reset()
		h.view.Write(&h.next, p.M, &p.sc)
		attrs := p.writeAttrs(h)
		b := h.next.Bytes()
		// A fresh host is written even with empty markup: Vugu may have
		// reused an element that holds another view's.
		if !fresh && bytes.Equal(b, h.written.Bytes()) {
			return attrs
		}
		focused := focusedIn(h.el)
		// The browser copies the string before Set returns, so it may
		// share next's memory.
		h.el.Set("innerHTML", unsafe.String(unsafe.SliceData(b), len(b)))
		h.written, h.next = h.next, h.written
		if focused != "" {
			// The keyboard user's place: the grid's one tab stop in the
			// new markup (the unit or cell the arrow keys moved to, or the
			// one focused before).
			if el := h.el.Call("querySelector", focused); el.Truthy() {
				el.Call("focus", map[string]interface{}{"preventScroll": true})
			}
		}
		return true
	}
	return false
}

// keepAttrs puts back the host attributes of a Region view that Vugu's
// render took away: it removes every attribute of an element it renders
// that it did not set itself, and the host is such an element.
func (p *Page) keepAttrs(h *host) {
	for _, a := range h.attrs {
		if v := h.el.Call("getAttribute", a.Name); v.IsNull() || v.String() != a.Value {
			h.el.Call("setAttribute", a.Name, a.Value)
		}
	}
}

// writeAttrs sets the host attributes of a Region view that changed, and
// reports whether any did.
func (p *Page) writeAttrs(h *host) bool {
	if h.view.Attrs == nil {
		return false
	}
	attrs := h.view.Attrs(p.M)
	wrote := false
	for i, a := range attrs {
		if i < len(h.attrs) && h.attrs[i] == a {
			continue
		}
		h.el.Call("setAttribute", a.Name, a.Value)
		wrote = true
	}
	h.attrs = attrs
	return wrote
}

// focusedIn returns a selector for the focused element's successor if it is
// inside host and is a mask unit (data-unit) or a confusion cell (data-true
// and data-pred), else "": rewriting host's markup destroys that element.
// The successor is the grid's tab stop (tabindex 0), where the arrow keys
// moved it, which is the focused element when they did not.
func focusedIn(host js.Value) string {
	ae := js.Global().Get("document").Get("activeElement")
	if !ae.Truthy() || !host.Call("contains", ae).Bool() {
		return ""
	}
	attr := func(name string) (int, bool) {
		v := ae.Call("getAttribute", name)
		if v.Type() != js.TypeString {
			return 0, false
		}
		n, err := strconv.Atoi(v.String())
		return n, err == nil
	}
	if _, ok := attr("data-unit"); ok {
		return `[data-unit][tabindex="0"]`
	}
	_, ok1 := attr("data-true")
	_, ok2 := attr("data-pred")
	if ok1 && ok2 {
		return `[data-true][data-pred][tabindex="0"]`
	}
	return ""
}

// listenKeys installs the page's shortcuts: ← and → step through the
// stepper, space plays or pauses, c clears the drawing, 0-9 label it (on
// the pad too). Keys typed into a field, or used by a focused control or
// picture, are left alone.
func (p *Page) listenKeys() {
	js.Global().Get("document").Call("addEventListener", "keydown", js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		e := args[0]
		if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("altKey").Bool() {
			return nil
		}
		t := e.Get("target")
		tag := t.Get("tagName").String()
		key := e.Get("key").String()
		onPad := tag == "CANVAS" && t.Call("closest", "[data-view=draw-pad]").Truthy()
		switch tag {
		case "INPUT", "SELECT", "TEXTAREA":
			return nil
		case "CANVAS":
			if !onPad {
				return nil
			}
		}
		if len(key) == 1 && key[0] >= '0' && key[0] <= '9' {
			e.Call("preventDefault")
			p.doAsync(model.LabelDrawing{Digit: int(key[0] - '0')})
			return nil
		}
		if onPad {
			return nil
		}
		var c model.Command
		switch key {
		case "ArrowRight":
			c = model.StepNext{}
		case "ArrowLeft":
			c = model.StepPrev{}
		case " ":
			if tag == "BUTTON" || t.Call("closest", "[role=button], [data-unit], [data-true]").Truthy() {
				return nil // space presses the focused control
			}
			c = model.TogglePlay{}
		case "c", "C":
			c = model.ClearDrawing{}
		default:
			return nil
		}
		e.Call("preventDefault")
		p.doAsync(c)
		return nil
	}))
}

// listenLeave keeps the page's net in the browser's storage when the page
// is hidden (another tab, a phone's home screen) or left (a reload). The
// write is made before the handler returns (doAsync's goroutine runs
// before the event loop goes on); a page being left also writes it into
// localStorage, since its IndexedDB write dies with it (keptStore).
func (p *Page) listenLeave(store *keptStore) {
	keep := js.FuncOf(func(this js.Value, args []js.Value) interface{} {
		switch args[0].Get("type").String() {
		case "visibilitychange":
			if js.Global().Get("document").Get("visibilityState").String() != "hidden" {
				return nil
			}
		case "pagehide":
			store.leaving = true
		}
		p.doAsync(model.KeepNow{})
		return nil
	})
	js.Global().Call("addEventListener", "pagehide", keep)
	js.Global().Get("document").Call("addEventListener", "visibilitychange", keep)
	// A page kept in the back/forward cache comes back: its writes go to
	// IndexedDB alone again.
	js.Global().Call("addEventListener", "pageshow", js.FuncOf(func(js.Value, []js.Value) interface{} {
		store.leaving = false
		return nil
	}))
}

// listenVisibility pauses training while the tab is hidden (the model
// decides, and resumes it when the tab is shown).
func (p *Page) listenVisibility() {
	doc := js.Global().Get("document")
	doc.Call("addEventListener", "visibilitychange", js.FuncOf(func(js.Value, []js.Value) interface{} {
		p.doAsync(model.PageHidden{Hidden: doc.Get("visibilityState").String() == "hidden"})
		return nil
	}))
}

// listenDrop loads a weights file dropped anywhere on the page.
func (p *Page) listenDrop() {
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
			f := files.Index(0)
			p.doAsync(model.ImportFile{File: f, Name: f.Get("name").String()})
		}
		return nil
	}))
}

// trainerMessage is the message of one of the trainer's codes.
func trainerMessage(c wire.Code) i18n.Message { return i18n.M(i18n.TrainerID(string(c))) }

// readMine reads the files of e from the i-th on, after data (the ones
// before), and gives them all to the model.
func (p *Page) readMine(e model.ReadMine, i int, data [][]byte) {
	if i == len(e.Files) {
		p.lockedDo(model.MineRead{Names: e.Names, Data: data})
		return
	}
	f, ok := e.Files[i].(js.Value)
	if !ok {
		return
	}
	readBlob(f, model.MaxMineFile, func(b []byte, err error) {
		if err != nil {
			p.lockedDo(model.MineRead{Names: e.Names, Unread: e.Names[i], Detail: err.Error()})
			return
		}
		p.readMine(e, i+1, append(data, b))
	})
}
