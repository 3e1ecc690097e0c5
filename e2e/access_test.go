//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Access to the page: in Korean it is all Korean (and back in English all
// English), and a keyboard alone reaches and works every control.

// accKoAllowed are the words in Latin letters that the Korean page may
// show: the names and formulas that the book's Korean edition writes the
// same way. A word is checked with its trailing digits cut off (W1, dW2,
// Affine1, SHA-256), and a single letter always passes (the variables x, a,
// z, s, y, t, W, b, i, j, k, the step h = 1e-4 and its e, N(0,1), the key C).
var accKoAllowed = map[string]bool{
	// Layers and methods, as the book names them.
	"Affine": true, "ReLU": true, "Sigmoid": true, "SoftmaxWithLoss": true, "SGD": true, "He": true, "Xavier": true,
	"Relu": true, // the book's class name, in the layer names Relu1 of the broken-layer notes
	// The book's gradients: dW1, dW2, db1, db2, and dout, da, dz of the backward pass.
	"dW": true, "db": true, "dout": true, "da": true, "dz": true,
	// Functions in the formulas.
	"softmax": true, "exp": true, "log": true, "ln": true, "max": true, "onehot": true,
	// The learning rate of the update, W ← W − lr·∂L/∂W.
	"lr": true,
	// Names: the data set, the value NaN, the tools and the colour palette
	// the page names, the checksum (SHA-256).
	"MNIST": true, "NaN": true, "Go": true, "WebAssembly": true, "ColorBrewer": true, "RdBu": true, "SHA": true,
	// MNIST's file format and the archive the learner's digits are exported in.
	"IDX": true, "zip": true,
	// The unit of the timeline's memory.
	"MB": true,
	// Key caps in the keyboard help.
	"Tab": true, "Shift": true, "Enter": true, "Home": true, "End": true,
	// The language selector's option for English.
	"English": true,
}

// accBrand is the app's name, the same in both languages.
const accBrand = "Backprop Lab"

var (
	accLatinWord = regexp.MustCompile(`[A-Za-z][A-Za-z0-9]*`)
	accHangul    = regexp.MustCompile(`\p{Hangul}+`)
)

// accEnglishWords returns the words of s that the Korean page may not show.
func accEnglishWords(s string) []string {
	var out []string
	for _, w := range accLatinWord.FindAllString(strings.ReplaceAll(s, accBrand, " "), -1) {
		stem := strings.TrimRight(w, "0123456789")
		if len(stem) <= 1 || accKoAllowed[stem] {
			continue
		}
		out = append(out, w)
	}
	return out
}

// accKoreanWords returns the Hangul of s that the English page may not
// show: all of it but the language selector's 한국어.
func accKoreanWords(s string) []string {
	if strings.TrimSpace(s) == "한국어" {
		return nil
	}
	return accHangul.FindAllString(s, -1)
}

// accDescJS defines desc(e), a short description of an element for the
// failure messages: its data-testid, or its tag and classes and where it is.
const accDescJS = `
	const desc = (e) => {
		if (!e || e === document.body || e === document.documentElement) return "body";
		const name = (x) => {
			let s = x.tagName.toLowerCase();
			if (x.dataset && x.dataset.testid) return s + '[data-testid="' + x.dataset.testid + '"]';
			if (x.id) s += "#" + x.id;
			const c = typeof x.className === "string" ? x.className : "";
			if (c.trim()) s += "." + c.trim().split(/\s+/).join(".");
			for (const k of ["unit", "true", "pred", "digit"]) if (x.dataset && x.dataset[k] !== undefined) s += "[data-" + k + "=" + x.dataset[k] + "]";
			return s;
		};
		let s = name(e);
		if (e.dataset && e.dataset.testid) return s;
		const a = e.parentElement && e.parentElement.closest("[data-testid], section, header, footer");
		if (a) s += " in " + name(a);
		return s;
	};`

// accTextsJS collects the text that the page shows or says: the text of
// every rendered element (sr-only text too: screen readers say it; SVG
// <text> and the <title> tooltips of a rendered SVG; the options of a
// rendered select), the attributes that are shown or said (title,
// aria-label, placeholder, alt, …) and the document's title. It leaves out
// elements that are hidden (the hidden attribute, display: none,
// visibility: hidden) and the .machine elements, which hold machine words
// by contract (data-testid=status: loading, ready, training…).
const accTextsJS = `(() => {` + accDescJS + `
	const out = [];
	// Text marked as in another language than the page's (lang="en").
	const mark = (e) => {
		const l = e.closest("[lang]");
		return l && l.lang !== document.documentElement.lang ? ' marked lang="' + l.lang + '"' : "";
	};
	const rendered = (e) => e.checkVisibility({visibilityProperty: true});
	const shown = (e) => {
		if (e.closest("[hidden], .machine, script, style, noscript, template")) return false;
		const opt = e.closest("option, optgroup");
		if (opt) { const s = opt.closest("select"); return !!s && rendered(s); }
		const tip = e.closest("svg title, svg desc");
		if (tip) return !!tip.parentElement && rendered(tip.parentElement);
		return rendered(e);
	};
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n; (n = walk.nextNode()); ) {
		const t = n.nodeValue.replace(/\s+/g, " ").trim();
		const p = n.parentElement;
		if (t && p && shown(p)) out.push({Where: desc(p) + mark(p), Kind: p.closest("svg title") ? "svg title" : "text", Text: t});
	}
	const attrs = ["title", "aria-label", "aria-description", "aria-roledescription", "aria-valuetext", "placeholder", "aria-placeholder", "alt"];
	for (const e of document.body.querySelectorAll("*")) {
		if (!shown(e)) continue;
		for (const a of attrs) {
			const v = (e.getAttribute(a) || "").trim();
			if (v) out.push({Where: desc(e) + mark(e), Kind: a, Text: v});
		}
		if (e.tagName === "INPUT" && ["button", "submit", "reset"].includes(e.type) && e.value) out.push({Where: desc(e), Kind: "value", Text: e.value});
	}
	out.push({Where: "the document", Kind: "title", Text: document.title});
	return out;
})()`

// accText is a text that the page shows or says, and where.
type accText struct{ Where, Kind, Text string }

func (tb *tab) accTexts() []accText {
	tb.t.Helper()
	return eval[[]accText](tb, accTextsJS)
}

// accFindWords lists the words that bad finds in texts, one line per
// element and kind of text (the stepper's stage name, say, is one element
// with ten texts).
func accFindWords(texts []accText, bad func(string) []string) []string {
	type found struct {
		words, texts []string
	}
	var keys []string
	byKey := map[string]*found{}
	for _, x := range texts {
		ws := bad(x.Text)
		if len(ws) == 0 {
			continue
		}
		k := x.Where + " (" + x.Kind + ")"
		f := byKey[k]
		if f == nil {
			f = &found{}
			byKey[k] = f
			keys = append(keys, k)
		}
		for _, w := range ws {
			if !slices.Contains(f.words, w) {
				f.words = append(f.words, w)
			}
		}
		t := x.Text
		if r := []rune(t); len(r) > 160 {
			t = string(r[:160]) + "…"
		}
		if t = strconv.Quote(t); !slices.Contains(f.texts, t) {
			f.texts = append(f.texts, t)
		}
	}
	var out []string
	for _, k := range keys {
		f := byKey[k]
		ts := f.texts
		if len(ts) > 12 {
			ts = append(ts[:12:12], fmt.Sprintf("and %d more", len(f.texts)-12))
		}
		out = append(out, fmt.Sprintf("%s: %s in %s", k, strings.Join(f.words, ", "), strings.Join(ts, ", ")))
	}
	return out
}

// accWaitLang waits until the page is in lang: <html lang>, the language
// select and the train panel's heading (Hangul or not) agree, and then for
// the views drawn outside Vugu's render (charts, legends, the mask, the
// confusion table), which follow within a few hundred ms.
func (tb *tab) accWaitLang(lang string) {
	tb.t.Helper()
	js := `(() => {
		const h = document.querySelector("#train-h");
		return document.documentElement.lang + " " + document.querySelector('[data-testid="lang"]').value + " " +
			(h && /\p{Script=Hangul}/u.test(h.textContent) ? "ko" : "en");
	})()`
	want := lang + " " + lang + " " + lang
	got := ""
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if got = eval[string](tb, js); got == want {
			break
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("the page is not in %s within 10 s: <html lang>, the select's value and the heading's script are %q", lang, got)
		}
	}
	time.Sleep(time.Second)
}

// accCheck fails the test with every word of the page that bad finds, in
// texts collected before plus the page as it is now. A page with leftovers
// is read again 2 s later, so that a view that is still being redrawn is
// not blamed.
func (tb *tab) accCheck(what string, before []accText, bad func(string) []string) {
	tb.t.Helper()
	now := tb.accTexts()
	// The collector itself: it reads the live region that screen readers
	// say the status with (.sr-only), and not the machine word.
	has := func(id string) bool {
		return slices.ContainsFunc(now, func(x accText) bool { return strings.HasPrefix(x.Where, `span[data-testid="`+id+`"]`) })
	}
	if !has("status-say") || has("status") {
		tb.t.Errorf("the text collector is broken: it should read data-testid=status-say (screen-reader text) and skip data-testid=status (machine word)")
	}
	found := accFindWords(append(slices.Clone(before), now...), bad)
	if len(found) > 0 {
		time.Sleep(2 * time.Second)
		found = accFindWords(append(slices.Clone(before), tb.accTexts()...), bad)
	}
	if len(found) > 0 {
		tb.t.Errorf("%s, the page shows the other language in %d places:\n\t%s", what, len(found), strings.Join(found, "\n\t"))
	}
}

// accStage waits until the stepper shows stage.
func (tb *tab) accStage(stage string) {
	tb.t.Helper()
	tb.waitIDs("stepper stage "+stage, 5*time.Second, func(r kit.Readouts) bool { return r["stepper-stage"] == stage }, "stepper-stage")
}

// accAllStages walks the stepper from its first stage to its last with the
// buttons and returns the page's texts at each stage (one stage's body
// shows at a time).
func (tb *tab) accAllStages() []accText {
	tb.t.Helper()
	for i := 0; i < len(stages) && tb.read("stepper-stage")["stepper-stage"] != stages[0]; i++ {
		tb.click("stepper-prev")
		time.Sleep(100 * time.Millisecond)
	}
	tb.accStage(stages[0])
	texts := tb.accTexts()
	for _, s := range stages[1:] {
		tb.click("stepper-next")
		tb.accStage(s)
		time.Sleep(200 * time.Millisecond)
		texts = append(texts, tb.accTexts()...)
	}
	return texts
}

// accAllBreaks picks each broken layer of the gradient check in turn and
// returns the page's texts with each one's note, then picks none again.
func (tb *tab) accAllBreaks() []accText {
	tb.t.Helper()
	var texts []accText
	kinds := eval[[]string](tb, `[...document.querySelector('[data-testid="gradcheck-break"]').options].map(o => o.value)`)
	for _, k := range append(kinds[1:], kinds[0]) {
		for deadline := time.Now().Add(10 * time.Second); eval[string](tb, `document.querySelector('[data-testid="gradcheck-break-note"]').dataset.break`) != k; time.Sleep(200 * time.Millisecond) {
			if time.Now().After(deadline) {
				tb.t.Fatalf("the page did not take break %q", k)
			}
			tb.selectOption("gradcheck-break", k)
		}
		texts = append(texts, tb.accTexts()...)
	}
	return texts
}

// accBrowserLanguage makes the tab's browser say it speaks lang
// (navigator.languages and Accept-Language), before the page is opened.
func (tb *tab) accBrowserLanguage(lang string) {
	tb.t.Helper()
	ua := eval[string](tb, `navigator.userAgent`)
	ctx, cancel := context.WithTimeout(tb.Ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{UserAgent: ua, AcceptLanguage: lang}); err != nil {
		tb.t.Fatalf("emulating a browser in %s: %v", lang, err)
	}
}

// accClickWorstCell clicks the confusion matrix's largest off-diagonal
// cell, so that the gallery shows its images.
func (tb *tab) accClickWorstCell() {
	tb.t.Helper()
	cell := eval[[]int](tb, `(() => {
		let best = null, n = -1;
		for (const c of document.querySelectorAll('[data-testid="confusion"] td[data-true][data-pred]')) {
			const v = +c.textContent;
			if (c.dataset.true !== c.dataset.pred && v > n) { best = c; n = v; }
		}
		return best ? [+best.dataset.true, +best.dataset.pred] : [];
	})()`)
	if len(cell) != 2 {
		tb.t.Fatal("the confusion matrix has no cells to click")
	}
	before := tb.read("gallery-text")["gallery-text"]
	tb.clickConfusionCell(cell[0], cell[1])
	tb.waitIDs("the gallery of a confusion cell", 5*time.Second, func(r kit.Readouts) bool {
		return r["gallery-text"] != before
	}, "gallery-text")
}

// TestKoreanHasNoEnglish: a browser in Korean opens the page in Korean; in
// Korean the page shows no English word but the book's names and formulas
// (accKoAllowed), whatever it shows; back in English, no Korean.
func TestKoreanHasNoEnglish(t *testing.T) {
	t.Run("browser in Korean", func(t *testing.T) {
		tb := newTab(t)
		tb.accBrowserLanguage("ko-KR,ko;q=0.9,en;q=0.5")
		tb.open("")
		if l := eval[string](tb, `navigator.languages[0] || navigator.language`); !strings.HasPrefix(l, "ko") {
			t.Fatalf("the emulation failed: the browser's first language is %q, not Korean", l)
		}
		tb.accWaitLang("ko")
		// Sigmoid, whose texts differ (the stepper, the mask, dead
		// units, the broken layers); then something in every readout,
		// chart, view and in the prediction.
		tb.selectOption("activation", "sigmoid")
		tb.waitIDs("a Sigmoid net", 10*time.Second, func(kit.Readouts) bool {
			return eval[bool](tb, `(document.querySelector('[data-testid="graph"] [data-node="relu"]') || {}).textContent === "Sigmoid"`)
		}, "status")
		tb.waitStatus(10*time.Second, "ready")
		tb.trainShort()
		tb.drawTestDigit(2)
		tb.click("stepper-run")
		texts := append(tb.accAllStages(), tb.accAllBreaks()...)
		tb.accCheck("opened by a browser in Korean, with a Sigmoid net trained for 150 iterations and a drawing", texts, accEnglishWords)
		tb.noConsoleErrors()
	})

	t.Run("language select", func(t *testing.T) {
		tb := newTab(t)
		tb.open("")
		// The control for the subtest above: an English browser gets English.
		tb.accWaitLang("en")

		// Fill the page in English: 150 iterations (the confusion matrix and
		// the accuracy chart come after the first epoch of 100), a drawing,
		// the stepper's pass, the images of a confusion cell.
		tb.trainShort()
		tb.drawTestDigit(5)
		tb.click("stepper-run")
		tb.accStage(stages[0])
		tb.accClickWorstCell()

		// Korean: every text made in English is made again.
		tb.selectOption("lang", "ko")
		tb.accWaitLang("ko")
		texts := append(tb.accAllStages(), tb.accAllBreaks()...)
		// The question before a new net, and a field's error.
		tb.typeInto("hidden", "30", "\t")
		tb.waitIDs("the question before a new net, focused", 5*time.Second, func(kit.Readouts) bool {
			// The question takes the focus after its render: typing
			// elsewhere before that would type into the question.
			return eval[bool](tb, `(() => { const q = document.querySelector('[role="alertdialog"]'); return !!q && q.contains(document.activeElement); })()`)
		})
		tb.typeInto("lr", "0.1x", "\t")
		tb.waitFor("the learning rate's error", 5*time.Second, func(r kit.Readouts) bool { return r["lr-error"] != "" })
		tb.accCheck("in Korean (chosen with the select, on a page filled in English)", texts, accEnglishWords)

		// English again: no Korean left.
		tb.selectOption("lang", "en")
		tb.accWaitLang("en")
		tb.accCheck("back in English", tb.accAllStages(), accKoreanWords)
		tb.noConsoleErrors()
	})
}

// accFocus is the focused element.
type accFocus struct {
	Tag, ID, Desc string
	// Indicator is what shows the focus ("outline 3px solid …"), "" for
	// nothing visible.
	Indicator string
	Seen      bool // the element was focused before (see accFocusJS)
}

// accFocusJS describes document.activeElement and marks it as reached (a
// JavaScript property, not an attribute: the page does not see it). An
// element shows its focus with its own outline or box-shadow, unless it is
// invisible itself (the file input, opacity 0), when its label must show it.
const accFocusJS = `(() => {` + accDescJS + `
	const e = document.activeElement;
	if (!e || e === document.body || e === document.documentElement) return {Tag: "BODY", Desc: "body"};
	const ring = (x) => {
		const s = getComputedStyle(x);
		const clear = (c) => /^transparent$|rgba\(.*,\s*0\)$/.test(c);
		if (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 1 && !clear(s.outlineColor))
			return "outline " + s.outlineWidth + " " + s.outlineStyle + " " + s.outlineColor;
		if (s.boxShadow && s.boxShadow !== "none") return "box-shadow " + s.boxShadow;
		return "";
	};
	const r = e.getBoundingClientRect();
	const invisible = parseFloat(getComputedStyle(e).opacity) === 0 || r.width < 4 || r.height < 4;
	let ind = invisible ? "" : ring(e);
	if (!ind) { const l = e.closest("label"); if (l && ring(l)) ind = ring(l) + " on its label"; }
	const seen = !!e.__accReached;
	e.__accReached = true;
	return {Tag: e.tagName, ID: (e.dataset && e.dataset.testid) || "", Desc: desc(e), Indicator: ind, Seen: seen};
})()`

func (tb *tab) accFocus() accFocus {
	tb.t.Helper()
	return eval[accFocus](tb, accFocusJS)
}

// accKey presses one key (kb's names) with modifiers, as a keyboard does:
// keydown, char for a printable key, keyup.
func (tb *tab) accKey(key string, mods ...kb.Modifier) {
	tb.t.Helper()
	if err := tb.Do(10*time.Second, chromedp.KeyEvent(key, chromedp.KeyModifiers(mods...))); err != nil {
		tb.t.Fatal(err)
	}
}

// accTabTo presses Tab until the element with data-testid id has the focus,
// at most limit times, and returns the focus.
func (tb *tab) accTabTo(id string, limit int) accFocus {
	tb.t.Helper()
	var path []string
	for range limit {
		tb.accKey(kb.Tab)
		f := tb.accFocus()
		path = append(path, f.Desc)
		if f.ID == id {
			return f
		}
	}
	tb.t.Fatalf("%d Tabs do not reach %s; they go through %s", limit, id, strings.Join(path, ", "))
	return accFocus{}
}

// accTabToBody presses Shift+Tab until the focus leaves the controls for
// the page itself (Shift+Tab on the first control), at most limit times.
func (tb *tab) accTabToBody(limit int) {
	tb.t.Helper()
	if tb.accFocus().Tag == "BODY" {
		return
	}
	for range limit {
		tb.accKey(kb.Tab, kb.ModifierShift)
		if tb.accFocus().Tag == "BODY" {
			return
		}
	}
	tb.t.Fatalf("%d Shift+Tabs do not take the focus off the controls; it is on %s", limit, tb.accFocus().Desc)
}

// accStaysPaused checks that the page stays paused at r's iteration.
func (tb *tab) accStaysPaused(r kit.Readouts, what string) {
	tb.t.Helper()
	time.Sleep(700 * time.Millisecond)
	if r2 := tb.read(); r2["status"] != "paused" || r2["iteration"] != r["iteration"] {
		tb.t.Errorf("%s: paused at iteration %s, but 0.7 s later the page shows %s", what, r["iteration"], r2)
	}
}

// accRequired are the controls that Tab must reach.
var accRequired = []string{"lang", "train-toggle", "train-step", "train-reset", "weights-export", "load-pretrained",
	"lr", "batch", "iters", "hidden", "activation", "seed", "draw-clear"}

// accUnreachedJS lists the controls that are enabled and rendered but were
// never focused: native controls (even with tabindex=-1, except in a grid
// whose tab stop was reached) and elements with a tabindex of 0 or more.
const accUnreachedJS = `(() => {` + accDescJS + `
	return [...document.querySelectorAll("button, input, select, textarea, a[href], [tabindex]")].filter(e => {
		if (e.closest("[hidden], [inert]") || e.disabled || e.type === "hidden") return false;
		// A grid's other elements (tabindex -1) are reached with the
		// arrows from its one tab stop.
		const grid = e.closest('[data-testid="relu-mask"], [data-testid="confusion"]');
		if (grid && e.getAttribute("tabindex") === "-1") {
			const stop = grid.querySelector('[tabindex="0"]');
			return !stop || !stop.__accReached;
		}
		const native = /^(BUTTON|INPUT|SELECT|TEXTAREA|A)$/.test(e.tagName);
		if (!native && !(e.tabIndex >= 0)) return false;
		return e.checkVisibility({visibilityProperty: true}) && !e.__accReached;
	}).map(e => desc(e) + (e.getAttribute("tabindex") !== null ? " (tabindex " + e.getAttribute("tabindex") + ")" : ""));
})()`

// TestKeyboardOnly works the page with the keyboard alone: Tab to play,
// Enter and space to train and pause, the arrows through the stepper, c to
// clear a drawing, and Tab reaches every control, each showing its focus.
func TestKeyboardOnly(t *testing.T) {
	tb := newTab(t)
	tb.open("")

	// From the start of the page to play, within a few Tabs, with a
	// visible focus.
	if f := tb.accFocus(); f.Tag != "BODY" {
		t.Fatalf("the page starts with the focus on %s, not on the page itself", f.Desc)
	}
	play := tb.accTabTo("train-toggle", 5)
	if play.Indicator == "" {
		t.Errorf("the focused play button shows no focus: no outline, no box-shadow")
	}

	// Enter on play trains.
	tb.accKey(kb.Enter)
	r := tb.waitFor("training after Enter on play", 10*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "training" && r.Int("iteration") > 0
	})
	// On past the first epoch (100 iterations), for the confusion matrix.
	tb.waitFor("the iteration to rise past the first epoch", 60*time.Second, func(r2 kit.Readouts) bool {
		return r2.Int("iteration") > r.Int("iteration") && r2.Int("iteration") > 100 && r2["test-acc"] != ""
	})

	// Space on the focused button presses it, once: the page's own space
	// shortcut leaves a focused button alone (if it did not, the two
	// presses would undo each other).
	tb.accKey(" ")
	r = tb.waitStatus(5*time.Second, "paused")
	tb.accStaysPaused(r, "space on the focused pause button")

	// Space on the page (no control focused) plays and pauses. The focus
	// goes to the page's body by a blur, where a mouse user's click on
	// empty space puts it: Shift+Tab past the first control may leave the
	// document, depending on the browser, and keys would not reach it.
	eval[bool](tb, `(document.activeElement && document.activeElement.blur(), true)`)
	if f := tb.accFocus(); f.Tag != "BODY" || !eval[bool](tb, `document.hasFocus()`) {
		t.Fatalf("the focus is not on the page's body (%s, document focused: %v)", f.Desc, eval[bool](tb, `document.hasFocus()`))
	}
	tb.accKey(" ")
	tb.waitFor("training after space on the page", 10*time.Second, func(r2 kit.Readouts) bool {
		return r2["status"] == "training" && r2.Int("iteration") > r.Int("iteration")
	})
	tb.accKey(" ")
	r = tb.waitStatus(5*time.Second, "paused")
	tb.accStaysPaused(r, "space on the page")

	// → and ← step through the stepper.
	at := tb.read("stepper-stage")["stepper-stage"]
	if at != stages[0] {
		t.Fatalf("the stepper starts at stage %q, want %q", at, stages[0])
	}
	tb.accKey(kb.ArrowRight)
	tb.accStage(stages[1])
	tb.accKey(kb.ArrowRight)
	tb.accStage(stages[2])
	tb.accKey(kb.ArrowLeft)
	tb.accStage(stages[1])
	// In a field the arrows are the field's.
	tb.accTabTo("lr", 20)
	tb.accKey(kb.ArrowRight)
	time.Sleep(500 * time.Millisecond)
	if got := tb.read("stepper-stage")["stepper-stage"]; got != stages[1] {
		t.Errorf("→ in the learning rate field moved the stepper to %q", got)
	}
	tb.accTabToBody(30)

	// c clears a drawing (drawn with the mouse: a keyboard cannot draw).
	if pred := tb.drawTestDigit(7); pred == "" {
		t.Fatal("no prediction for the drawing")
	}
	tb.accTabToBody(30) // the keyboard's way back to the page, should the drawing have moved the focus
	tb.accKey("c")
	tb.waitFor("an empty prediction after c", 5*time.Second, func(r kit.Readouts) bool { return r["prediction"] == "" })
	if ink, err := tb.Ink("draw-preview"); err != nil || ink != 0 {
		t.Errorf("the net's view of the drawing still has ink %.1f after c (%v)", ink, err)
	}

	// Tab round the whole page, until the focus comes back to an element it
	// has been on: every control on the way, each showing its focus.
	eval[bool](tb, `(() => { for (const e of document.querySelectorAll("*")) delete e.__accReached; return true; })()`)
	var stops []accFocus
	for outside := 0; ; {
		tb.accKey(kb.Tab)
		f := tb.accFocus()
		if f.Tag == "BODY" { // past the last control, before the first
			if outside++; outside > 2 {
				t.Fatalf("Tab leaves the page again and again without coming back to a control it reached")
			}
			continue
		}
		if f.Seen {
			break
		}
		stops = append(stops, f)
		if len(stops) > 600 {
			t.Fatalf("600 Tabs and the focus has not come round (a focus trap?); last on %s", f.Desc)
		}
	}
	reached := map[string]bool{}
	var noRing []string
	for _, f := range stops {
		reached[f.ID] = true
		if f.Indicator == "" {
			noRing = append(noRing, f.Desc)
		}
	}
	for _, id := range accRequired {
		if !reached[id] {
			state := eval[string](tb, `(() => { const e = document.querySelector('[data-testid="`+id+`"]'); return !e ? "not in the page" : e.disabled ? "disabled" : "enabled"; })()`)
			t.Errorf("Tab never reaches %s (it is %s)", id, state)
		}
	}
	if len(noRing) > 0 {
		t.Errorf("%d of %d focused elements show no focus (no outline, no box-shadow): %s", len(noRing), len(stops), strings.Join(noRing, ", "))
	}
	if un := eval[[]string](tb, accUnreachedJS); len(un) > 0 {
		t.Errorf("Tab never reaches these %d enabled controls: %s", len(un), strings.Join(un, ", "))
	}
	t.Logf("%d Tab stops round the page", len(stops))
	// Each grid (the mask's units, the matrix's cells) is one stop, entered
	// with Tab and walked with the arrows: a keyboard user does not press
	// Tab 150 times to get past them.
	if len(stops) > 70 {
		t.Errorf("%d Tab stops round the page with a trained net and the confusion matrix shown, want at most 70", len(stops))
	}
	for _, grid := range []string{"relu-mask", "confusion"} {
		if n := eval[int](tb, `document.querySelectorAll('[data-testid="`+grid+`"] [tabindex="0"]').length`); n != 1 {
			t.Errorf("%s has %d elements with tabindex 0, want 1 (a roving tab stop)", grid, n)
		}
	}
	if eval[bool](tb, `document.querySelector('[data-testid="draw-canvas"]').tabIndex >= 0`) {
		t.Logf("the drawing pad is focusable")
	} else {
		t.Logf("the drawing pad is not focusable (drawing needs a pointer; the stepper takes a test image by its number)")
	}

	// Tab enters the ReLU mask on one unit; the arrows move within it
	// (not the stepper, whose keys they are elsewhere); Enter picks the
	// unit and the focus stays on it. Likewise the confusion matrix's
	// cells, with space.
	tb.accTabToBody(300)
	tb.accTabToDesc(`[data-unit=0]`, 200)
	stage := tb.read("stepper-stage")["stepper-stage"]
	for _, k := range []string{kb.ArrowRight, kb.ArrowRight, kb.ArrowRight, kb.ArrowDown, kb.ArrowUp} {
		tb.accKey(k)
	}
	tb.waitIDs("the arrows on the mask", 5*time.Second, func(kit.Readouts) bool {
		return strings.Contains(tb.accFocus().Desc, "[data-unit=3]")
	}, "status")
	if got := tb.read("stepper-stage")["stepper-stage"]; got != stage {
		t.Errorf("the arrows on the mask moved the stepper from %q to %q", stage, got)
	}
	tb.accKey(kb.Enter)
	tb.waitIDs("unit 3 picked with Enter", 5*time.Second, func(kit.Readouts) bool {
		return eval[bool](tb, `!!document.querySelector('[data-testid="relu-mask"] [data-unit="3"][aria-pressed="true"]')`)
	}, "status")
	time.Sleep(500 * time.Millisecond)
	if f := tb.accFocus(); !strings.Contains(f.Desc, "[data-unit=3]") {
		t.Errorf("Enter on unit 3 of the ReLU mask picks it but the focus moves to %s (the next Tab starts over)", f.Desc)
	}
	// Tab leaves the mask at once: its units are one stop.
	tb.accKey(kb.Tab)
	if f := tb.accFocus(); strings.Contains(f.Desc, "[data-unit=") {
		t.Errorf("Tab from unit 3 goes on to another unit (%s), not out of the mask", f.Desc)
	}
	tb.accTabToBody(300)
	tb.accTabToDesc(`[data-true=0][data-pred=0]`, 300)
	tb.accKey(kb.ArrowRight)
	tb.waitIDs("→ on the matrix", 5*time.Second, func(kit.Readouts) bool {
		return strings.Contains(tb.accFocus().Desc, "[data-true=0][data-pred=1]")
	}, "status")
	cell := tb.accFocus()
	gallery := tb.read("gallery-text")["gallery-text"]
	r = tb.read()
	tb.accKey(" ")
	tb.waitIDs("the cell's images after space", 5*time.Second, func(r2 kit.Readouts) bool { return r2["gallery-text"] != gallery }, "gallery-text")
	tb.accStaysPaused(r, "space on a confusion cell")
	if f := tb.accFocus(); !strings.Contains(f.Desc, "[data-true=0][data-pred=1]") {
		t.Errorf("space on confusion cell (0, 1) (%s) picks it but the focus moves to %s (the next Tab starts over)", cell.Desc, f.Desc)
	}
	tb.noConsoleErrors()
}

// accTabToDesc presses Tab until the focused element's description
// contains part, at most limit times, and returns the focus.
func (tb *tab) accTabToDesc(part string, limit int) accFocus {
	tb.t.Helper()
	for range limit {
		tb.accKey(kb.Tab)
		if f := tb.accFocus(); strings.Contains(f.Desc, part) {
			return f
		}
	}
	tb.t.Fatalf("%d Tabs do not reach an element %s; the focus is on %s", limit, part, tb.accFocus().Desc)
	return accFocus{}
}
