//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// The accessibility audit: axe-core, run in the page, finds no violation of
// WCAG 2.0 and 2.1 at levels A and AA, in English and in Korean, on a
// desktop and on a phone, on first load and with every part of the page
// filled in.

// axeDir holds the npm project that pins axe-core (package.json and
// package-lock.json, committed); `make axe` installs it there.
const axeDir = "axe"

// axeTags are the rule sets of the audit.
var axeTags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// axeSource returns axe.min.js, and the version that the lock pins. It
// fails the test (never skips it) when axe-core is not installed, or not
// the pinned version.
func axeSource(t *testing.T) (src, version string) {
	t.Helper()
	min := filepath.Join(axeDir, "node_modules", "axe-core", "axe.min.js")
	abs, _ := filepath.Abs(min)
	lockFile := filepath.Join(axeDir, "package-lock.json")
	lockJSON, err := os.ReadFile(lockFile)
	if err != nil {
		t.Fatalf("reading the pin of axe-core: %v", err)
	}
	var lock struct {
		Packages map[string]struct{ Version string } `json:"packages"`
	}
	if err := json.Unmarshal(lockJSON, &lock); err != nil {
		t.Fatalf("%s: %v", lockFile, err)
	}
	version = lock.Packages["node_modules/axe-core"].Version
	if version == "" {
		t.Fatalf("%s pins no version of axe-core", lockFile)
	}
	b, err := os.ReadFile(min)
	if errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("axe-core is not installed (%s is missing): run `make axe` in the repository root "+
			"(it runs `npm ci --prefix e2e/axe`; Debian: apt-get install -y npm first if npm is missing); "+
			"`make test` and .ci/run do it for you", abs)
	}
	if err != nil {
		t.Fatalf("reading axe-core: %v", err)
	}
	return string(b), version
}

// axeViolation is one rule that failed, with the first few of its elements.
type axeViolation struct {
	ID, Impact, Help, HelpURL string
	Tags                      []string // the WCAG tags (wcag2aa, wcag143, …)
	Count                     int      // elements that fail it
	Nodes                     []axeNode
}

type axeNode struct {
	Target, HTML, Summary string
}

type axeResult struct {
	Version    string
	Violations []axeViolation
	Passes     int
	Incomplete []string // the rules that axe could not decide, with their counts and first elements
}

// axeRunJS runs axe on the document and returns an axeResult. Only
// violations get their elements listed (resultTypes), which keeps the run
// short.
var axeRunJS = `axe.run(document, {runOnly: {type: "tag", values: ` + mustJSON(axeTags) + `}, resultTypes: ["violations"]}).then(r => ({
	Version: axe.version,
	Violations: r.violations.map(v => ({
		ID: v.id, Impact: v.impact || "", Help: v.help, HelpURL: v.helpUrl,
		Tags: v.tags.filter(t => /^wcag\d/.test(t)), Count: v.nodes.length,
		Nodes: v.nodes.slice(0, 5).map(n => ({
			Target: n.target.map(s => Array.isArray(s) ? s.join(" >>> ") : s).join(" "),
			HTML: n.html.length > 300 ? n.html.slice(0, 300) + "…" : n.html,
			Summary: (n.failureSummary || "").replace(/\s+/g, " ").trim(),
		})),
	})),
	Passes: r.passes.length,
	Incomplete: r.incomplete.map(v => v.id + " (" + v.nodes.length + (v.nodes.length ? ", " + v.nodes[0].target.join(" ") : "") + ")"),
}))`

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}

// axeAudit is one tab's audits: it injects axe into each new document and
// keeps the violations of every state it audits.
type axeAudit struct {
	tb           *tab
	src, version string
	states       []string
	// found is keyed by rule and element: one element that fails in several
	// states is reported once, with the states.
	found map[string]*axeFound
	keys  []string
	start time.Time
}

type axeFound struct {
	v      axeViolation
	n      axeNode
	states []string
}

// run injects axe into the page if it is not there yet and runs it.
func (a *axeAudit) run(state string) axeResult {
	a.tb.t.Helper()
	// The page's Content-Security-Policy does not apply to the DevTools
	// protocol's Runtime.evaluate: axe's source goes in as one expression.
	if !eval[bool](a.tb, `typeof window.axe === "object" && typeof window.axe.run === "function"`) {
		if _, err := kit.Eval[chromedp.Void](a.tb.Page, a.src+"\n;void 0"); err != nil {
			a.tb.t.Fatalf("injecting axe-core into the page: %v", err)
		}
	}
	ctx, cancel := context.WithTimeout(a.tb.Ctx, 60*time.Second)
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.Evaluate[axeResult](axeRunJS, chromedp.EvalAwaitPromise))
	if err != nil {
		a.tb.t.Fatalf("%s: running axe-core: %v", state, err)
	}
	if r.Version != a.version {
		a.tb.t.Fatalf("the page ran axe-core %s, but e2e/axe/package-lock.json pins %s: run `make axe` to install the pinned one", r.Version, a.version)
	}
	if r.Passes == 0 {
		a.tb.t.Fatalf("%s: axe-core passed no rule at all: the audit did not see the page", state)
	}
	return r
}

// control checks the audit itself: a button without a name, planted
// outside the app's part of the page for one run, comes out as a violation.
func (a *axeAudit) control() {
	a.tb.t.Helper()
	eval[bool](a.tb, `(() => { const b = document.createElement("button"); b.id = "axe-control"; document.body.append(b); return true; })()`)
	r := a.run("the control")
	eval[bool](a.tb, `(document.getElementById("axe-control").remove(), true)`)
	for _, v := range r.Violations {
		for _, n := range v.Nodes {
			if v.ID == "button-name" && n.Target == "#axe-control" {
				return
			}
		}
	}
	a.tb.t.Fatalf("the audit is broken: a button without a name, planted in the page, is not a violation of button-name (violations: %+v)", r.Violations)
}

// audit runs axe on the page as it is now, as state, and keeps its
// violations.
func (a *axeAudit) audit(state string) {
	a.tb.t.Helper()
	t0 := time.Now()
	r := a.run(state)
	a.states = append(a.states, state)
	n := 0
	for _, v := range r.Violations {
		for i, node := range v.Nodes {
			k := v.ID + "\x00" + node.Target
			if i == len(v.Nodes)-1 && v.Count > len(v.Nodes) {
				// The elements past the first few are only counted.
				node.Target += fmt.Sprintf(" (and %d more elements)", v.Count-len(v.Nodes))
			}
			f := a.found[k]
			if f == nil {
				f = &axeFound{v: v, n: node}
				a.found[k] = f
				a.keys = append(a.keys, k)
			}
			f.states = append(f.states, state)
		}
		n += v.Count
	}
	a.tb.t.Logf("%s: %d violations, %d rules passed, %d undecided %v (%.1f s)", state, n, r.Passes, len(r.Incomplete), r.Incomplete, time.Since(t0).Seconds())
}

// report fails the test with every violation found, grouped by rule.
func (a *axeAudit) report() {
	a.tb.t.Helper()
	if len(a.keys) == 0 {
		a.tb.t.Logf("%d states audited with axe-core %s in %.0f s, no violation: %s", len(a.states), a.version, time.Since(a.start).Seconds(), strings.Join(a.states, "; "))
		return
	}
	var b strings.Builder
	rules := []string{}
	byRule := map[string][]*axeFound{}
	for _, k := range a.keys {
		f := a.found[k]
		if _, ok := byRule[f.v.ID]; !ok {
			rules = append(rules, f.v.ID)
		}
		byRule[f.v.ID] = append(byRule[f.v.ID], f)
	}
	fmt.Fprintf(&b, "axe-core %s finds %d rules of WCAG 2.1 A/AA violated:", a.version, len(rules))
	for _, id := range rules {
		list := byRule[id]
		v := list[0].v
		fmt.Fprintf(&b, "\n\n%s (%s; %s): %s\n    %s", v.ID, v.Impact, strings.Join(v.Tags, " "), v.Help, v.HelpURL)
		for _, f := range list {
			states := "in every state audited"
			if len(f.states) < len(a.states) {
				states = "in " + strings.Join(f.states, "; ")
			}
			fmt.Fprintf(&b, "\n  - %s\n      %s\n      %s\n      %s", f.n.Target, f.n.HTML, f.n.Summary, states)
		}
	}
	fmt.Fprintf(&b, "\n\nstates audited: %s", strings.Join(a.states, "; "))
	a.tb.t.Error(b.String())
}

// TestAxe audits the page with axe-core (WCAG 2.0 and 2.1, A and AA) and
// wants no violation: on a desktop (1280×900) and a phone (390×844), in
// English and Korean, on first load and with the pretrained net loaded, a
// digit drawn, the stepper run through its stages, a confusion cell opened
// and the gradient check run with a broken layer. The desktop opens the
// page in English, the phone in Korean (a browser in Korean); each then
// switches to the other language with the page's select.
func TestAxe(t *testing.T) {
	src, version := axeSource(t)
	type language struct{ code, name string }
	en, ko := language{"en", "English"}, language{"ko", "Korean"}
	for _, d := range []struct {
		name  string
		w, h  int64
		phone bool
		langs []language // the first is the browser's
	}{
		{"desktop 1280×900", 1280, 900, false, []language{en, ko}},
		{"phone 390×844", 390, 844, true, []language{ko, en}},
	} {
		t.Run(strings.Fields(d.name)[0], func(t *testing.T) {
			tb := newTab(t)
			opts := []chromedp.EmulateViewportOption{}
			if d.phone {
				opts = append(opts, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)
			}
			if err := tb.Do(10*time.Second, chromedp.EmulateViewport(d.w, d.h, opts...)); err != nil {
				t.Fatal(err)
			}
			if d.phone {
				if err := tb.EnableTouch(); err != nil {
					t.Fatal(err)
				}
			}
			if d.langs[0] == ko {
				tb.accBrowserLanguage("ko-KR,ko;q=0.9,en;q=0.5")
			}
			a := &axeAudit{tb: tb, src: src, version: version, found: map[string]*axeFound{}, start: time.Now()}
			defer a.report()

			tb.open("")
			tb.accWaitLang(d.langs[0].code)
			a.control()
			a.audit(d.name + ", " + d.langs[0].name + ", first load")
			tb.selectOption("lang", d.langs[1].code)
			tb.accWaitLang(d.langs[1].code)
			a.audit(d.name + ", " + d.langs[1].name + ", first load")

			// Everything filled in: the pretrained net, a drawing, the
			// stepper's pass, a confusion cell's images, a gradient check
			// with a broken layer.
			t0 := time.Now()
			tb.click("load-pretrained")
			tb.waitFor("the pretrained net", 60*time.Second, func(r kit.Readouts) bool {
				return r["iteration"] == "10000" && r["test-acc"] != ""
			})
			tb.axeDraw(d.phone)
			tb.click("stepper-run")
			tb.accStage(stages[0])
			tb.accClickWorstCell()
			tb.axeGradCheck("softmax-batch")
			tb.axeTeach()
			t.Logf("%s: filled in in %.1f s", d.name, time.Since(t0).Seconds())

			// In each language, each stage of the stepper (one stage's
			// body shows at a time).
			for i, lang := range []language{d.langs[1], d.langs[0]} {
				if i > 0 {
					tb.selectOption("lang", lang.code)
					tb.accWaitLang(lang.code)
				}
				tb.axeStage(stages[0])
				a.audit(fmt.Sprintf("%s, %s, loaded, stage %s", d.name, lang.name, stages[0]))
				for _, s := range stages[1:] {
					tb.click("stepper-next")
					tb.accStage(s)
					time.Sleep(200 * time.Millisecond)
					a.audit(fmt.Sprintf("%s, %s, loaded, stage %s", d.name, lang.name, s))
				}
			}
			// Looking back on the timeline: the bar that says so.
			tb.seekTimeline(0, 10000)
			tb.waitIDs("the viewing bar", 5*time.Second, func(r kit.Readouts) bool { return r["viewing-bar"] != "" }, "viewing-bar")
			a.audit(fmt.Sprintf("%s, %s, loaded, looking back", d.name, d.langs[0].name))
			tb.click("timeline-live")
			// A race under way: its readouts, curves and pictures.
			tb.click("race-start")
			deadline := time.Now().Add(60 * time.Second)
			for it, _, _ := tb.raceRun("race-b"); it < 100; it, _, _ = tb.raceRun("race-b") {
				if time.Now().After(deadline) {
					t.Fatalf("the race's run B is at iteration %d after a minute", it)
				}
				time.Sleep(100 * time.Millisecond)
			}
			a.audit(fmt.Sprintf("%s, %s, loaded, a race", d.name, d.langs[0].name))
			tb.click("race-close")
			tb.noConsoleErrors()
		})
	}
}

// axeTeach labels the drawing and takes a step on it: the box of the
// learner's digits then shows its result, its gradient and its matrix.
func (tb *tab) axeTeach() {
	tb.t.Helper()
	if err := tb.ClickSel(`[data-testid="my-label"] [data-digit="3"]`, "label 3"); err != nil {
		tb.t.Fatal(err)
	}
	tb.waitMine("the labelled drawing", 1)
	tb.click("my-step")
	tb.waitIDs("a step on the drawing", 10*time.Second, func(r kit.Readouts) bool { return r["my-result"] != "" }, "my-result")
	// The step's snapshot and accuracies follow its result, and the
	// stepper's pass runs again: the page settles before the next clicks.
	time.Sleep(time.Second)
}

// axeStage takes the stepper back to stage.
func (tb *tab) axeStage(stage string) {
	tb.t.Helper()
	for i := 0; i < len(stages) && tb.read("stepper-stage")["stepper-stage"] != stage; i++ {
		tb.click("stepper-prev")
		time.Sleep(100 * time.Millisecond)
	}
	tb.accStage(stage)
}

// axeDraw draws test image 3 on the pad, with a finger on a phone, and
// waits for the prediction.
func (tb *tab) axeDraw(touch bool) {
	tb.t.Helper()
	im, _, err := kit.LoadMNISTTest(assetsDir)
	if err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.ScrollIntoView("draw-canvas"); err != nil {
		tb.t.Fatal(err)
	}
	strokes := digitStrokes(tb.t, im.Image(3), 3)
	if touch {
		err = tb.DrawTouch("draw-canvas", strokes)
	} else {
		err = tb.DrawMouse("draw-canvas", strokes)
	}
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.waitPrediction()
}

// axeGradCheck runs the gradient check with the broken layer kind and waits
// for its results.
func (tb *tab) axeGradCheck(kind string) {
	tb.t.Helper()
	for deadline := time.Now().Add(10 * time.Second); eval[string](tb, `document.querySelector('[data-testid="gradcheck-break-note"]').dataset.break`) != kind; time.Sleep(200 * time.Millisecond) {
		if time.Now().After(deadline) {
			tb.t.Fatalf("the page did not take break %q", kind)
		}
		tb.selectOption("gradcheck-break", kind)
	}
	tb.click("gradcheck-run")
	running := func() bool { return eval[bool](tb, `document.querySelector('[data-testid="gradcheck-run"]').disabled`) }
	resultsOf := func() string {
		return eval[string](tb, `document.querySelector('[data-testid="gradcheck-results"]').dataset.break || ""`)
	}
	tb.waitIDs("the gradient check with "+kind, 120*time.Second, func(r kit.Readouts) bool {
		return !running() && r["gradcheck-b2"] != "" && resultsOf() == kind
	}, "gradcheck-b2")
}
