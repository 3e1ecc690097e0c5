//go:build e2e

package kit

import (
	"context"
	"errors"
	"fmt"
	"math"
	"os"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// Sel is the CSS selector of the element with the data-testid id.
func Sel(id string) string { return `[data-testid="` + id + `"]` }

// ErrNoElement is returned when the page has no element with a data-testid.
var ErrNoElement = errors.New("no such element")

// Page is one browser tab, in a browser context of its own (fresh storage,
// no shared cache), with its console recorded from the start.
type Page struct {
	Ctx    context.Context
	cancel context.CancelFunc

	mu    sync.Mutex
	msgs  []chromedp.ConsoleMessage
	marks map[string]bool
	seq   int
}

// NewPage opens a new tab of the browser that Launch started.
func NewPage(browser context.Context) (*Page, error) {
	ctx, cancel := chromedp.NewContext(browser, chromedp.WithNewBrowserContext())
	if err := chromedp.Do(ctx); err != nil {
		cancel()
		return nil, fmt.Errorf("opening a tab: %w", err)
	}
	p := &Page{Ctx: ctx, cancel: cancel, marks: map[string]bool{}}
	msgs := chromedp.Console(ctx) // subscribes now, before any navigation
	go func() {
		for m, err := range msgs {
			if err != nil {
				return
			}
			p.mu.Lock()
			if strings.HasPrefix(m.Text, "bpl-e2e-mark-") {
				p.marks[m.Text] = true
			} else {
				p.msgs = append(p.msgs, m)
			}
			p.mu.Unlock()
		}
	}()
	return p, nil
}

// Close closes the tab.
func (p *Page) Close() { p.cancel() }

// Open loads url and waits for its load event.
func (p *Page) Open(url string) error {
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, chromedp.Navigate(url)); err != nil {
		return fmt.Errorf("opening %s: %w", url, err)
	}
	return nil
}

// Eval evaluates a JavaScript expression in the page and decodes its value.
func Eval[T any](p *Page, expr string) (T, error) {
	ctx, cancel := context.WithTimeout(p.Ctx, evalTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if errors.Is(err, context.DeadlineExceeded) && p.Ctx.Err() == nil {
		err = fmt.Errorf("the page did not evaluate a script within %v (its main thread is blocked): %w", evalTimeout, err)
	}
	return v, err
}

// evalTimeout bounds every evaluation in the page.
const evalTimeout = 30 * time.Second

// Do runs chromedp actions on the tab, with a time limit.
func (p *Page) Do(timeout time.Duration, steps ...chromedp.Action[chromedp.Void]) error {
	ctx, cancel := context.WithTimeout(p.Ctx, timeout)
	defer cancel()
	return chromedp.Do(ctx, steps...)
}

// Flush waits until every console message that the page wrote before the
// call has reached the recorder.
func (p *Page) Flush() error {
	p.mu.Lock()
	p.seq++
	mark := fmt.Sprintf("bpl-e2e-mark-%d", p.seq)
	p.mu.Unlock()
	if _, err := Eval[chromedp.Void](p, "console.debug("+strconv.Quote(mark)+")"); err != nil {
		return err
	}
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		p.mu.Lock()
		ok := p.marks[mark]
		p.mu.Unlock()
		if ok {
			return nil
		}
	}
	return errors.New("the console recorder did not see its mark within 5 s")
}

// Console returns the console messages so far: console API calls, uncaught
// exceptions and entries of the browser log (CSP violations, failed loads,
// the trainer worker's messages), in order.
func (p *Page) Console() []chromedp.ConsoleMessage {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.msgs)
}

// IsProblem reports whether a console message is an error: console.error, an
// uncaught exception or rejection, a browser log entry of level error (a CSP
// violation, a failed request), or a Go runtime panic, which Go's
// wasm_exec.js prints with console.log.
func IsProblem(m chromedp.ConsoleMessage) bool {
	if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleException {
		return true
	}
	for _, s := range []string{"panic:", "fatal error:", "[recovered]", "goroutine 1 [", "wasm exited"} {
		if strings.Contains(m.Text, s) {
			return true
		}
	}
	return false
}

// Problems returns the console messages that are errors (see IsProblem),
// formatted with their origin.
func (p *Page) Problems() []string {
	var out []string
	for _, m := range p.Console() {
		if IsProblem(m) {
			out = append(out, FormatMessage(m))
		}
	}
	return out
}

// FormatMessage formats a console message with its origin.
func FormatMessage(m chromedp.ConsoleMessage) string {
	s := m.String()
	if m.Source != "" {
		s += " [" + m.Source + "]"
	}
	if m.URL != "" {
		s += fmt.Sprintf(" (%s:%d)", m.URL, m.Line+1)
	}
	return s
}

// Readouts are the texts of the page's data-testid elements, by id. An id
// that the page does not have is absent.
type Readouts map[string]string

// ReadoutIDs are the ids that Readouts reads by default.
var ReadoutIDs = []string{"status", "iteration", "epoch", "loss", "train-acc", "test-acc",
	"samples-per-sec", "prediction", "error", "lr-error", "batch-error", "iters-error",
	"hidden-error", "seed-error", "bench-result"}

// Read returns the trimmed text of the elements with the given data-testid
// ids (ReadoutIDs when none are given), in one round trip.
func (p *Page) Read(ids ...string) (Readouts, error) {
	if len(ids) == 0 {
		ids = ReadoutIDs
	}
	var q []string
	for _, id := range ids {
		q = append(q, strconv.Quote(id))
	}
	return Eval[Readouts](p, `(() => {
		const out = {};
		for (const id of [`+strings.Join(q, ",")+`]) {
			const e = document.querySelector('[data-testid="' + id + '"]');
			if (e) out[id] = e.textContent.trim();
		}
		return out;
	})()`)
}

// String formats the readouts that are present, for failure messages.
func (r Readouts) String() string {
	var parts []string
	for _, id := range ReadoutIDs {
		if v, ok := r[id]; ok && (v != "" || id == "status") {
			if len(v) > 200 {
				v = v[:200] + "…"
			}
			parts = append(parts, id+"="+strconv.Quote(v))
		}
	}
	for id, v := range r {
		if !slices.Contains(ReadoutIDs, id) {
			parts = append(parts, id+"="+strconv.Quote(v))
		}
	}
	return strings.Join(parts, " ")
}

// Float parses a numeric readout.
func (r Readouts) Float(id string) (float64, error) {
	v, ok := r[id]
	if !ok {
		return 0, fmt.Errorf("%s: %w", id, ErrNoElement)
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil {
		return 0, fmt.Errorf("readout %s = %q is not a number", id, v)
	}
	return f, nil
}

// Int parses an integer readout, or returns -1.
func (r Readouts) Int(id string) int {
	n, err := strconv.Atoi(r[id])
	if err != nil {
		return -1
	}
	return n
}

// Text returns the trimmed text of one element.
func (p *Page) Text(id string) (string, error) {
	r, err := p.Read(id)
	if err != nil {
		return "", err
	}
	v, ok := r[id]
	if !ok {
		return "", fmt.Errorf("[data-testid=%s]: %w", id, ErrNoElement)
	}
	return v, nil
}

// WaitFor polls the readouts every 50 ms until cond accepts them, and fails
// after timeout with what it saw last. It gives up at once when the page
// reports status "error" and cond does not accept that.
func (p *Page) WaitFor(what string, timeout time.Duration, cond func(Readouts) bool) (Readouts, error) {
	deadline := time.Now().Add(timeout)
	for {
		r, err := p.Read()
		if err != nil {
			return r, fmt.Errorf("waiting for %s: %w", what, err)
		}
		if cond(r) {
			return r, nil
		}
		if r["status"] == "error" {
			return r, fmt.Errorf("waiting for %s: the page went to status error: %s", what, r)
		}
		if time.Now().After(deadline) {
			return r, fmt.Errorf("waiting for %s: not within %v; the page shows %s", what, timeout, r)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// WaitStatus waits until the status is one of want.
func (p *Page) WaitStatus(timeout time.Duration, want ...string) (Readouts, error) {
	return p.WaitFor("status "+strings.Join(want, " or "), timeout, func(r Readouts) bool {
		return slices.Contains(want, r["status"])
	})
}

// Click clicks the middle of the element with the data-testid id with the
// left mouse button, once it is visible and enabled (it fails after 10 s
// otherwise, saying why). It scrolls the element into view if needed.
func (p *Page) Click(id string) error { return p.ClickSel(Sel(id), id) }

// ClickSel clicks the middle of the first element that the CSS selector sel
// matches, as Click does; what names it in errors. It clicks once the
// element has stayed in place for two looks 50 ms apart and its middle is
// not covered by another element: a render that moves it (a panel above it
// growing, say) between the look and the click would send the click
// elsewhere.
func (p *Page) ClickSel(sel, what string) error {
	type look struct {
		Why  string
		X, Y float64
	}
	var prev *look
	var why string
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		l, err := Eval[look](p, `(() => {
			const e = document.querySelector(`+strconv.Quote(sel)+`);
			if (!e) return {Why: "it is not in the page"};
			if (e.getClientRects().length === 0) return {Why: "it is not visible"};
			if (e.disabled) return {Why: "it is disabled"};
			e.scrollIntoView({block: "nearest", inline: "nearest"});
			const r = e.getBoundingClientRect();
			const x = r.left + r.width / 2, y = r.top + r.height / 2;
			const h = document.elementFromPoint(x, y);
			if (!h) return {Why: "its middle is outside the window"};
			if (h !== e && !e.contains(h)) return {Why: "its middle is covered by " + h.tagName.toLowerCase() + (h.className ? "." + String(h.className).split(" ").join(".") : "")};
			return {Why: "", X: x, Y: y};
		})()`)
		if err != nil {
			return err
		}
		switch {
		case l.Why != "":
			why, prev = l.Why, nil
		case prev != nil && prev.X == l.X && prev.Y == l.Y:
			why = ""
		default:
			why, prev = "it is still moving", &l
		}
		if why == "" {
			break
		}
		if time.Now().After(deadline) {
			r, _ := p.Read()
			return fmt.Errorf("cannot click %s: %s (the page shows %s)", what, why, r)
		}
	}
	sc, err := p.screen()
	if err != nil {
		return err
	}
	pt, err := sc.point(prev.X, prev.Y)
	if err != nil {
		return fmt.Errorf("clicking %s: its middle %w", what, err)
	}
	ctx, cancel := context.WithTimeout(p.Ctx, 10*time.Second)
	defer cancel()
	for _, e := range []input.DispatchMouseEventParams{
		{Type: input.DispatchMouseEventTypeMouseMoved, X: pt.X, Y: pt.Y},
		{Type: input.DispatchMouseEventTypeMousePressed, X: pt.X, Y: pt.Y, Button: input.MouseButtonLeft, Buttons: 1, ClickCount: 1},
		{Type: input.DispatchMouseEventTypeMouseReleased, X: pt.X, Y: pt.Y, Button: input.MouseButtonLeft, ClickCount: 1},
	} {
		if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, e); err != nil {
			if errors.Is(err, context.DeadlineExceeded) {
				return fmt.Errorf("clicking %s: the page did not take the mouse %s within 10 s (its main thread is busy): %w", what, e.Type, err)
			}
			return fmt.Errorf("clicking %s: %w", what, err)
		}
	}
	return nil
}

// Type replaces the text of the input with the data-testid id as a user
// would: focus it, select its text, type text (or Backspace for ""), then
// press commit ("\t" for Tab, "\r" for Enter, "" for nothing). Each key
// fires an input event; Tab and Enter fire the change event.
func (p *Page) Type(id, text, commit string) error {
	if _, err := Eval[chromedp.Void](p, `(() => {
		const e = document.querySelector(`+strconv.Quote(Sel(id))+`);
		if (!e) throw new Error("no input `+id+`");
		e.focus(); e.select();
	})()`); err != nil {
		return err
	}
	keys := text
	if keys == "" {
		keys = "\b"
	}
	return p.Do(10*time.Second, chromedp.KeyEvent(keys+commit))
}

// Select picks an option of the <select> with the data-testid id, firing
// input and change as a user's choice does.
func (p *Page) Select(id, value string) error {
	_, err := Eval[chromedp.Void](p, `(() => {
		const e = document.querySelector(`+strconv.Quote(Sel(id))+`);
		if (!e) throw new Error("no select `+id+`");
		if (![...e.options].some(o => o.value === `+strconv.Quote(value)+`)) throw new Error("select `+id+` has no option `+value+`");
		e.value = `+strconv.Quote(value)+`;
		e.dispatchEvent(new Event("input", {bubbles: true}));
		e.dispatchEvent(new Event("change", {bubbles: true}));
	})()`)
	return err
}

// Rect is an element's box in CSS pixels, relative to the viewport.
type Rect struct {
	Left, Top, Width, Height float64
	// CanvasW and CanvasH are a canvas element's size in canvas pixels.
	CanvasW, CanvasH float64
}

// Rect returns the box of the element with the data-testid id.
func (p *Page) Rect(id string) (Rect, error) {
	return Eval[Rect](p, `(() => {
		const e = document.querySelector(`+strconv.Quote(Sel(id))+`);
		if (!e) throw new Error("no element `+id+`");
		const r = e.getBoundingClientRect();
		return {Left: r.left, Top: r.top, Width: r.width, Height: r.height, CanvasW: e.width || 0, CanvasH: e.height || 0};
	})()`)
}

// ScrollIntoView scrolls the element to the middle of the viewport.
func (p *Page) ScrollIntoView(id string) error {
	_, err := Eval[chromedp.Void](p, `document.querySelector(`+strconv.Quote(Sel(id))+`).scrollIntoView({block: "center", inline: "center"})`)
	if err != nil {
		return err
	}
	time.Sleep(100 * time.Millisecond)
	return nil
}

// screen maps layout-viewport coordinates (those of element boxes) to the
// coordinates of input events, which are relative to the visual viewport:
// the two differ when a phone's page is zoomed or wider than the screen. It
// fails for a point that is not on screen, where the browser would not
// deliver the event to the element.
type screen struct{ left, top, scale, w, h float64 }

func (p *Page) screen() (screen, error) {
	v, err := Eval[[]float64](p, `(() => {
		const v = window.visualViewport;
		return v ? [v.offsetLeft, v.offsetTop, v.scale, v.width, v.height] : [0, 0, 1, innerWidth, innerHeight];
	})()`)
	if err != nil {
		return screen{}, err
	}
	return screen{v[0], v[1], v[2], v[3], v[4]}, nil
}

func (s screen) point(x, y float64) (Point, error) {
	if x < s.left || y < s.top || x >= s.left+s.w || y >= s.top+s.h {
		return Point{}, fmt.Errorf("%.0f,%.0f is outside the visible %.0fx%.0f area at %.0f,%.0f", x, y, s.w, s.h, s.left, s.top)
	}
	return Point{X: (x - s.left) * s.scale, Y: (y - s.top) * s.scale}, nil
}

// canvasToViewport maps strokes in canvas pixels of the canvas with the
// data-testid id to the coordinates of input events.
func (p *Page) canvasToViewport(id string, strokes []Stroke) ([]Stroke, error) {
	r, err := p.Rect(id)
	if err != nil {
		return nil, err
	}
	if r.CanvasW == 0 || r.Width == 0 {
		return nil, fmt.Errorf("%s is not a visible canvas: %+v", id, r)
	}
	sc, err := p.screen()
	if err != nil {
		return nil, err
	}
	sx, sy := r.Width/r.CanvasW, r.Height/r.CanvasH
	out := make([]Stroke, len(strokes))
	for i, s := range strokes {
		for _, pt := range s {
			q, err := sc.point(r.Left+pt.X*sx, r.Top+pt.Y*sy)
			if err != nil {
				return nil, fmt.Errorf("point %v of %s: %w: scroll it into view first", pt, id, err)
			}
			out[i] = append(out[i], q)
		}
	}
	return out, nil
}

// DrawMouse draws strokes (in canvas pixels) on the canvas with the
// data-testid id with the mouse: for each stroke the left button goes down
// at its first point, the mouse moves through the others with the button
// held, and the button goes up at its last point. The browser turns these
// into pointerdown, pointermove and pointerup events.
func (p *Page) DrawMouse(id string, strokes []Stroke) error { return p.DrawPaced(id, strokes, 0) }

// DrawPaced is DrawMouse at a real mouse's pace: a button or move event
// every interval.
func (p *Page) DrawPaced(id string, strokes []Stroke, interval time.Duration) error {
	vs, err := p.canvasToViewport(id, strokes)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	next := time.Now()
	send := func(typ input.DispatchMouseEventType, pt Point, buttons int64, clicks int64) error {
		if d := time.Until(next); d > 0 {
			t := time.NewTimer(d)
			select {
			case <-t.C:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
		}
		next = time.Now().Add(interval)
		_, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
			Type: typ, X: pt.X, Y: pt.Y, Button: input.MouseButtonLeft, Buttons: buttons, ClickCount: clicks,
		})
		if err != nil {
			return fmt.Errorf("mouse %s: %w", typ, err)
		}
		return nil
	}
	for _, s := range vs {
		if len(s) == 0 {
			continue
		}
		// Hover to the start first, as a real mouse does.
		if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, input.DispatchMouseEventParams{
			Type: input.DispatchMouseEventTypeMouseMoved, X: s[0].X, Y: s[0].Y,
		}); err != nil {
			return err
		}
		if err := send(input.DispatchMouseEventTypeMousePressed, s[0], 1, 1); err != nil {
			return err
		}
		for _, pt := range s[1:] {
			if err := send(input.DispatchMouseEventTypeMouseMoved, pt, 1, 0); err != nil {
				return err
			}
		}
		if err := send(input.DispatchMouseEventTypeMouseReleased, s[len(s)-1], 0, 1); err != nil {
			return err
		}
	}
	return nil
}

// EnableTouch turns on touch emulation, without which the browser does not
// deliver dispatched touch events to the page.
func (p *Page) EnableTouch() error {
	ctx, cancel := context.WithTimeout(p.Ctx, 10*time.Second)
	defer cancel()
	_, err := chromedp.Call(ctx, emulation.SetTouchEmulationEnabled, emulation.SetTouchEmulationEnabledParams{Enabled: true, MaxTouchPoints: 1})
	return err
}

// DrawTouch draws strokes (in canvas pixels) on the canvas with the
// data-testid id with one finger: touchStart at the first point, touchMove
// through the others, touchEnd. Call EnableTouch first.
func (p *Page) DrawTouch(id string, strokes []Stroke) error {
	vs, err := p.canvasToViewport(id, strokes)
	if err != nil {
		return err
	}
	return p.DrawTouchViewport(vs)
}

// DrawTouchViewport is DrawTouch with the points in viewport coordinates.
func (p *Page) DrawTouchViewport(vs []Stroke) error {
	ctx, cancel := context.WithTimeout(p.Ctx, 60*time.Second)
	defer cancel()
	one := 1.0
	zero := 0.0
	for _, s := range vs {
		if len(s) == 0 {
			continue
		}
		for i, pt := range s {
			typ := input.DispatchTouchEventTypeTouchMove
			if i == 0 {
				typ = input.DispatchTouchEventTypeTouchStart
			}
			if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
				Type:        typ,
				TouchPoints: []*input.TouchPoint{{X: pt.X, Y: pt.Y, ID: &zero, RadiusX: &one, RadiusY: &one, Force: &one}},
			}); err != nil {
				return err
			}
		}
		if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, input.DispatchTouchEventParams{
			Type: input.DispatchTouchEventTypeTouchEnd, TouchPoints: []*input.TouchPoint{},
		}); err != nil {
			return err
		}
	}
	return nil
}

// Ink returns the sum of the red channel of the canvas with the data-testid
// id, divided by 255: 0 for a black (empty) canvas.
func (p *Page) Ink(id string) (float64, error) {
	red, err := p.RedChannel(id)
	if err != nil {
		return 0, err
	}
	s := 0
	for _, v := range red {
		s += int(v)
	}
	return float64(s) / 255, nil
}

// RedChannel returns the red channel of the canvas with the data-testid id,
// row by row.
func (p *Page) RedChannel(id string) ([]uint8, error) {
	// JSON decodes a []uint8 from base64 only: the page sends numbers.
	vs, err := Eval[[]int](p, `(() => {
		const c = document.querySelector(`+strconv.Quote(Sel(id))+`);
		if (!c || !c.getContext) throw new Error("no canvas `+id+`");
		// Read a copy, so that the page's own canvas is not read back.
		const o = document.createElement("canvas");
		o.width = c.width; o.height = c.height;
		const x = o.getContext("2d", {willReadFrequently: true});
		x.drawImage(c, 0, 0);
		const d = x.getImageData(0, 0, c.width, c.height).data;
		const r = new Array(d.length / 4);
		for (let i = 0; i < r.length; i++) r[i] = d[4 * i];
		return r;
	})()`)
	if err != nil {
		return nil, err
	}
	red := make([]uint8, len(vs))
	for i, v := range vs {
		red[i] = uint8(v)
	}
	return red, nil
}

// Prob is one entry of the probabilities list.
type Prob struct {
	Digit string
	Prob  string
}

// Probabilities returns the elements with data-digit inside
// [data-testid=probabilities], in page order.
func (p *Page) Probabilities() ([]Prob, error) {
	return Eval[[]Prob](p, `[...document.querySelectorAll('[data-testid="probabilities"] [data-digit]')].map(e => ({Digit: e.getAttribute("data-digit"), Prob: e.getAttribute("data-prob") ?? ""}))`)
}

// ParseProbs checks that probs has one entry for each digit 0-9 with a
// probability in [0, 1], and returns them indexed by digit.
func ParseProbs(probs []Prob) ([10]float64, error) {
	var out [10]float64
	if len(probs) != 10 {
		return out, fmt.Errorf("%d probability entries, want 10: %v", len(probs), probs)
	}
	seen := map[int]bool{}
	for _, pr := range probs {
		d, err := strconv.Atoi(pr.Digit)
		if err != nil || d < 0 || d > 9 || seen[d] {
			return out, fmt.Errorf("bad or repeated data-digit %q in %v", pr.Digit, probs)
		}
		seen[d] = true
		v, err := strconv.ParseFloat(strings.TrimSuffix(pr.Prob, "%"), 64)
		if err != nil || math.IsNaN(v) || v < 0 || v > 1 {
			return out, fmt.Errorf("digit %d: data-prob %q is not a probability", d, pr.Prob)
		}
		out[d] = v
	}
	return out, nil
}

// Screenshot writes a PNG of the viewport to path.
func (p *Page) Screenshot(path string) error {
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf, 0o644)
}

// Trained are the trainer's totals that the samples/s readout carries
// (data-trained-samples, data-trained-ms: the samples trained and their
// training time, see wire.Progress), with the status at the same moment.
type Trained struct {
	Samples int64
	Ms      float64
	Status  string
}

// Trained reads the trainer's totals and the status in one round trip. It
// fails if the totals are not counts.
func (p *Page) Trained() (Trained, error) {
	v, err := Eval[[]string](p, `(() => {
		const e = document.querySelector('[data-testid="samples-per-sec"]'), s = document.querySelector('[data-testid="status"]');
		return [e ? e.getAttribute("data-trained-samples") || "" : "", e ? e.getAttribute("data-trained-ms") || "" : "", s ? s.textContent.trim() : ""];
	})()`)
	if err != nil {
		return Trained{}, err
	}
	t := Trained{Status: v[2]}
	if t.Samples, err = strconv.ParseInt(v[0], 10, 64); err == nil {
		t.Ms, err = strconv.ParseFloat(v[1], 64)
	}
	if err != nil || t.Samples < 0 || t.Ms < 0 {
		return Trained{}, fmt.Errorf("the samples/s readout's totals %q and %q ms are not counts", v[0], v[1])
	}
	return t, nil
}
