package ui

import (
	"bytes"
	"fmt"
	"html"
	"strconv"
	"strings"
	"unsafe"

	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// An island is a part of the page whose markup Go writes itself. Vugu sets
// the innerHTML of every vg-content element on every render, and re-applies
// every attribute of elements made by vg-for; for the charts (hundreds of
// SVG elements), the bars, the ReLU mask and the confusion matrix, that
// made each render cost tens of milliseconds. An island is an empty element
// in the template (Vugu leaves children it did not make alone); after each
// render, syncIslands writes its markup, and only when it changed.
type island struct {
	host js.Value
	// written is the markup written last; next is where the markup of the
	// next sync is made. Their memory is kept from sync to sync: the
	// islands' markup was most of what the page allocated while training
	// (16 of 19 MB in 20 s, measured with an allocation profile), and with
	// it the garbage collector's work.
	written, next *bytes.Buffer
	key           islandKey // what written was made from, for islands that have one
}

// islandKey names the state an island's markup is made from, for islands
// whose markup changes far less often than the page syncs (the confusion
// table changes once an epoch): an island whose key did not change is not
// made again. The zero key means "make it".
type islandKey struct {
	data any // a pointer to the data shown
	a, b int
	l    *labels
}

// islandKeyOf is the key of the island called name, or the zero key.
func (a *App) islandKeyOf(name string) islandKey {
	if name == "confusion" && a.Conf != nil {
		return islandKey{a.Conf, a.ConfT, a.ConfP, a.L}
	}
	return islandKey{}
}

// Island mounts the island called name at host (a vg-js-create callback,
// which Vugu calls on every render).
func (a *App) Island(name string, host js.Value) {
	if a.islands == nil {
		a.islands = map[string]*island{}
	}
	is := a.islands[name]
	if is == nil {
		is = &island{written: new(bytes.Buffer), next: new(bytes.Buffer)}
		a.islands[name] = is
	}
	if is.host.Truthy() && host.Call("isSameNode", is.host).Bool() {
		return
	}
	is.host, is.key = host, islandKey{}
	is.written.Reset()
}

// writeIsland writes the markup of the island called name for the current
// state to b.
func (a *App) writeIsland(b *bytes.Buffer, name string) {
	switch name {
	case "loss":
		writeLossChart(b, &a.charts, a.Losses, a.L)
	case "acc":
		writeAccChart(b, &a.charts, a.Epochs, a.L)
	case "gradnorm":
		writeGradNorm(b, &a.charts, &a.Norms, a.L)
	case "legend-W1", "legend-W2", "legend-dW1", "legend-dW2":
		i := map[string]int{"legend-W1": 0, "legend-W2": 1, "legend-dW1": 2, "legend-dW2": 3}[name]
		writeLegend(b, a.L, a.inside.scales[i], strings.TrimPrefix(name, "legend-"))
	case "bars-b1":
		writeBars(b, a.L, a.SnapB1(), "b1", a.Unit)
	case "bars-b2":
		writeBars(b, a.L, a.SnapB2(), "b2", -1)
	case "bars-db1":
		writeBars(b, a.L, a.SnapDB1(), "db1", a.Unit)
	case "bars-db2":
		writeBars(b, a.L, a.SnapDB2(), "db2", -1)
	case "mask":
		a.writeMask(b)
	case "confusion":
		a.writeConfusion(b)
	}
}

// syncIslands writes every mounted island whose markup changed. The render
// loop calls it after each render, without the event lock: it takes the
// lock for each island and calls pause between two writes, so that the
// browser can run timers and input (and lay the page out) in between
// instead of after one long task.
//
// A status that the page does not show yet (the trainer became ready,
// training stopped) ends the sync early: the render that shows it comes
// first, and the islands not yet written follow with the next sync. At
// start-up the trainer's ready message arrives just before the first
// render's islands are written, which took 230-340 ms, and the page showed
// ready only after them.
func (a *App) syncIslands(pause func()) {
	a.env.Lock()
	names := make([]string, 0, len(a.islands))
	for name := range a.islands {
		names = append(names, name)
	}
	a.env.UnlockOnly()
	for _, name := range names {
		a.env.Lock()
		if a.Status != a.shownStatus {
			a.env.UnlockOnly()
			return
		}
		is := a.islands[name]
		wrote := false
		if is != nil && is.host.Truthy() && is.host.Get("isConnected").Bool() {
			key := a.islandKeyOf(name)
			if key == (islandKey{}) || key != is.key {
				is.next.Reset()
				a.writeIsland(is.next, name)
				if h := is.next.Bytes(); !bytes.Equal(h, is.written.Bytes()) {
					focused := focusedIn(is.host)
					// The browser copies the string before Set returns, so
					// it may share next's memory.
					is.host.Set("innerHTML", unsafe.String(unsafe.SliceData(h), len(h)))
					is.written, is.next = is.next, is.written
					wrote = true
					if focused != "" {
						// The keyboard user's place: the same unit or cell
						// in the new markup.
						if el := is.host.Call("querySelector", focused); el.Truthy() {
							el.Call("focus", map[string]interface{}{"preventScroll": true})
						}
					}
				}
				is.key = key
			}
		}
		a.env.UnlockOnly()
		if wrote && pause != nil {
			pause()
		}
	}
}

// focusedIn returns a selector for the focused element if it is inside
// host and is a mask unit (data-unit) or a confusion cell (data-true and
// data-pred), else "". Rewriting host's markup destroys that element; the
// selector finds its successor.
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
	if j, ok := attr("data-unit"); ok {
		return fmt.Sprintf(`[data-unit="%d"]`, j)
	}
	t, ok1 := attr("data-true")
	p, ok2 := attr("data-pred")
	if ok1 && ok2 {
		return fmt.Sprintf(`[data-true="%d"][data-pred="%d"]`, t, p)
	}
	return ""
}

// writeMask writes the ReLU mask to b: one button per hidden unit with
// data-unit and data-active (the test hooks), coloured by the unit's output.
func (a *App) writeMask(b *bytes.Buffer) {
	for j := range a.HiddenN() {
		title := html.EscapeString(a.UnitTitle(j))
		fmt.Fprintf(b, `<button type="button" class="%s" data-unit="%d" data-active="%s" style="%s" title="%s" aria-label="%s" aria-pressed="%s">%d</button>`,
			a.UnitClass(j), j, a.UnitActiveAttr(j), a.UnitStyle(j), title, title, a.UnitPressed(j), j)
	}
}

// MaskClick selects the unit whose button was clicked (one listener for
// all the buttons).
func (a *App) MaskClick(e vugu.DOMEvent) {
	if u := e.JSEventTarget().Call("closest", "[data-unit]"); u.Truthy() {
		if j, err := strconv.Atoi(u.Call("getAttribute", "data-unit").String()); err == nil {
			a.SelectUnit(j)
		}
	}
}

// writeConfusion writes the confusion table to b: cells with data-true,
// data-pred and the count as text (the test hooks), and each row's
// accuracy.
func (a *App) writeConfusion(b *bytes.Buffer) {
	c := a.Conf
	if c == nil {
		return
	}
	l := a.L
	fmt.Fprintf(b, `<caption class="sr-only">%s</caption><thead><tr><th scope="col" class="corner">%s</th>`, html.EscapeString(l.ConfCaption), html.EscapeString(l.ConfCorner))
	for p := range 10 {
		fmt.Fprintf(b, `<th scope="col">%d</th>`, p)
	}
	fmt.Fprintf(b, `<th scope="col" class="rowacc-h"><span class="long">%s</span><span class="short">%s</span></th></tr></thead><tbody>`,
		html.EscapeString(l.ConfAcc), html.EscapeString(l.ConfAccShort))
	for t := range 10 {
		fmt.Fprintf(b, `<tr><th scope="row">%d</th>`, t)
		for p := range 10 {
			cls := "cell"
			if t == p {
				cls += " diag"
			}
			sel := t == a.ConfT && p == a.ConfP
			if sel {
				cls += " selected"
			}
			fmt.Fprintf(b, `<td data-true="%d" data-pred="%d" style="%s" class="%s" tabindex="0" role="button" aria-label="%s" aria-pressed="%s">%d</td>`,
				t, p, c.CellStyle(t, p), cls, html.EscapeString(fmt.Sprintf(l.CellLabel, c.Counts[t][p], t, p)), AriaBool(sel), c.Counts[t][p])
		}
		fmt.Fprintf(b, `<td class="rowacc">%s</td></tr>`, Num(c.RowAcc(t), 3))
	}
	b.WriteString(`</tbody>`)
}

// confusionCell returns the cell an event happened in.
func confusionCell(e vugu.DOMEvent) (t, p int, ok bool) {
	c := e.JSEventTarget().Call("closest", "[data-true]")
	if !c.Truthy() {
		return 0, 0, false
	}
	t, err1 := strconv.Atoi(c.Call("getAttribute", "data-true").String())
	p, err2 := strconv.Atoi(c.Call("getAttribute", "data-pred").String())
	return t, p, err1 == nil && err2 == nil
}

// ConfusionClick selects the clicked cell.
func (a *App) ConfusionClick(e vugu.DOMEvent) {
	if t, p, ok := confusionCell(e); ok {
		a.PickCell(t, p)
	}
}

// ConfusionKey selects a cell with Enter or space; the key stops there, so
// that the page's space shortcut (play/pause) does not fire as well.
func (a *App) ConfusionKey(e vugu.DOMEvent) {
	switch e.PropString("key") {
	case "Enter", " ":
		if t, p, ok := confusionCell(e); ok {
			e.PreventDefault()
			e.StopPropagation()
			a.PickCell(t, p)
		}
	}
}
