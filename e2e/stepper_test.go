//go:build e2e

package e2e

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// cellShown is what cell-explain holds: the opened entry and its terms.
type cellShown struct {
	Tensor, Index string
	Value         float64
	Terms         []float64
	Masked        int
	Text          string
}

// cell reads cell-explain.
func (tb *tab) cell() cellShown {
	tb.t.Helper()
	type raw struct {
		Tensor, Index, Value, Text string
		Terms                      []string
		Masked                     int
	}
	r := eval[raw](tb, `(() => {
		const e = document.querySelector('[data-testid="cell-explain"]');
		const terms = [...e.querySelectorAll('[data-term]')];
		return {Tensor: e.dataset.tensor || "", Index: e.dataset.index || "", Value: e.dataset.value || "",
			Text: e.textContent, Terms: terms.map(t => t.dataset.value),
			Masked: terms.filter(t => t.dataset.masked === "1").length};
	})()`)
	c := cellShown{Tensor: r.Tensor, Index: r.Index, Masked: r.Masked, Text: r.Text}
	if r.Tensor == "" {
		return c
	}
	var err error
	if c.Value, err = strconv.ParseFloat(r.Value, 64); err != nil {
		tb.t.Fatalf("cell-explain of %s[%s]: data-value %q: %v\n%s", r.Tensor, r.Index, r.Value, err, eval[string](tb, `document.querySelector('[data-testid="cell-explain"]').outerHTML.slice(0, 600)`))
	}
	for _, s := range r.Terms {
		v, err := strconv.ParseFloat(s, 64)
		if err != nil {
			tb.t.Fatalf("cell-explain of %s[%s]: a term's data-value %q: %v", r.Tensor, r.Index, s, err)
		}
		c.Terms = append(c.Terms, v)
	}
	return c
}

// checkAddsUp fails the test unless c's terms add up to its value: the
// page's terms are the engine's numbers at full precision, so their sum in
// any order is the entry to the rounding of up to 785 additions.
func (tb *tab) checkAddsUp(where string, c cellShown) {
	tb.t.Helper()
	if len(c.Terms) == 0 {
		tb.t.Errorf("%s: %s[%s] = %v shows no terms", where, c.Tensor, c.Index, c.Value)
		return
	}
	var sum, scale float64
	for _, v := range c.Terms {
		sum += v
		scale += math.Abs(v)
	}
	if d := math.Abs(sum - c.Value); d > 1e-12*max(math.Abs(c.Value), scale) {
		tb.t.Errorf("%s: the %d terms of %s[%s] add up to %v, the entry is %v", where, len(c.Terms), c.Tensor, c.Index, sum, c.Value)
	}
}

// closeCell closes the opened entry, if any.
func (tb *tab) closeCell() {
	tb.t.Helper()
	if tb.cell().Tensor == "" {
		return
	}
	tb.click("cell-close")
	tb.waitFor("the entry closed", 5*time.Second, func(kit.Readouts) bool { return tb.cell().Tensor == "" })
}

// openTyped opens entry index of tensor by the form.
func (tb *tab) openTyped(tensor, index string) cellShown {
	tb.t.Helper()
	tb.closeCell()
	tb.selectOption("cell-tensor", tensor)
	time.Sleep(300 * time.Millisecond) // the render after the choice sets the field
	tb.typeInto("cell-index", index, "")
	tb.click("cell-open")
	var c cellShown
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		if c = tb.cell(); c.Tensor == tensor && c.Index == index {
			return c
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("entry %s[%s] not opened within 10 s: the page shows %s[%s], the fields %q, alerts %q", tensor, index, c.Tensor, c.Index,
				eval[string](tb, `document.querySelector('[data-testid="cell-tensor"]').value + " " + document.querySelector('[data-testid="cell-index"]').value`),
				eval[string](tb, `[...document.querySelectorAll('.open-cell [role="alert"]')].map(e => e.textContent).join("|")`))
		}
	}
}

// toStage walks the stepper to stage with its buttons.
func (tb *tab) toStage(stage string) {
	tb.t.Helper()
	want := -1
	for i, s := range stages {
		if s == stage {
			want = i
		}
	}
	for range len(stages) {
		now := tb.read("stepper-stage")["stepper-stage"]
		cur := -1
		for i, s := range stages {
			if s == now {
				cur = i
			}
		}
		switch {
		case cur == want:
			tb.accStage(stage)
			return
		case cur < want:
			tb.click("stepper-next")
		default:
			tb.click("stepper-prev")
		}
		time.Sleep(100 * time.Millisecond)
	}
	tb.accStage(stage)
}

// clickAt clicks the element sel with the mouse at the fractions fx, fy
// of its width and height.
func (tb *tab) clickAt(sel string, fx, fy float64) error {
	p := eval[[]float64](tb, `(() => {
		const e = document.querySelector(`+strconv.Quote(sel)+`);
		if (!e) return [];
		e.scrollIntoView({block: "center"});
		const r = e.getBoundingClientRect();
		return [r.left + r.width * `+strconv.FormatFloat(fx, 'f', -1, 64)+`, r.top + r.height * `+strconv.FormatFloat(fy, 'f', -1, 64)+`];
	})()`)
	if len(p) != 2 {
		return fmt.Errorf("%s is not in the page", sel)
	}
	return tb.Do(5*time.Second, chromedp.MouseClickXY(p[0], p[1]))
}

// dataValue is the data-value of the element id, waiting up to 5 s for the
// element (a view is written in a pause after the render that made its
// host).
func (tb *tab) dataValue(id string) float64 {
	tb.t.Helper()
	var s string
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		s = eval[string](tb, `(() => { const e = document.querySelector('[data-testid="`+id+`"]'); return e ? e.dataset.value || "" : ""; })()`)
		if v, err := strconv.ParseFloat(s, 64); err == nil {
			return v
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: data-value %q, not a number within 5 s", id, s)
		}
	}
}

// TestBackpropYouCanSee follows the stepper's path of a learner, in English
// and Korean: the pretrained net and a drawing give a quiet pass, one click
// on "what if the label were …" wakes it (|Δloss| > 1e-3); an entry of every
// stage opens by a click on it and its terms add up; every tensor opens by
// name; a pass on a batch of 5 sums dW and db over its 5 images and divides
// dout by 5; and the nudge of a weight agrees with backprop.
func TestBackpropYouCanSee(t *testing.T) {
	for _, lang := range []string{"en", "ko"} {
		t.Run(lang, func(t *testing.T) {
			tb := newTab(t)
			tb.open("")
			if lang == "ko" {
				tb.selectOption("lang", "ko")
				tb.accWaitLang("ko")
			}
			tb.click("load-pretrained")
			tb.waitFor("the pretrained net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })
			pred := tb.drawTestDigit(3)
			tb.click("stepper-run")
			tb.waitFor("the pass", 10*time.Second, func(kit.Readouts) bool {
				return tb.read("stepper-loss")["stepper-loss"] != ""
			})

			// The default path: a digit the net gets right, a quiet pass.
			tb.waitFor("the offer to wake a quiet pass", 10*time.Second, func(kit.Readouts) bool {
				return eval[bool](tb, `!!document.querySelector('[data-testid="stepper-what-if"]')`)
			})
			tb.toStage("update")
			quiet := tb.dataValue("stepper-delta")
			offer := eval[string](tb, `document.querySelector('[data-testid="stepper-what-if"]').textContent`)
			if lang == "ko" && !hangul.MatchString(offer) {
				t.Errorf("the what-if button in Korean reads %q", offer)
			}
			tb.click("stepper-what-if")
			var alive float64
			tb.waitFor("the woken pass", 10*time.Second, func(kit.Readouts) bool {
				tb.toStage("update")
				alive = tb.dataValue("stepper-delta")
				return alive != quiet
			})
			if math.Abs(alive) <= 1e-3 {
				t.Errorf("after one click on %q the loss changes by %v in the update, want |Δloss| > 1e-3 (before: %v)", offer, alive, quiet)
			}
			t.Logf("drawn 3 read as %s: Δloss %.3g; after %q: Δloss %.4g", pred, quiet, offer, alive)

			// An entry of every stage opens by a click on it.
			opened := map[string]bool{}
			for _, s := range stages {
				tb.toStage(s)
				time.Sleep(200 * time.Millisecond)
				type target struct{ Sel, What string }
				targets := eval[[]target](tb, `(() => {
					const out = [], best = {}, area = {};
					// The largest entry of each tensor the stage shows.
					for (const e of document.querySelectorAll('.stage-body [data-tensor][data-index]')) {
						const r = e.getBoundingClientRect(), t = e.dataset.tensor;
						if (!(t in area) || r.width * r.height > area[t]) { best[t] = e; area[t] = r.width * r.height; }
					}
					for (const t in best) out.push({Sel: '.stage-body [data-tensor="' + t + '"][data-index="' + best[t].dataset.index + '"]', What: t});
					document.querySelectorAll('.stage-body canvas[data-testid]').forEach(c => out.push({Sel: "", What: "canvas " + c.dataset.testid}));
					return out;
				})()`)
				n := 0
				for _, tg := range targets {
					sel := tg.Sel
					if strings.HasPrefix(tg.What, "canvas ") {
						sel = `.stage-body [data-testid="` + strings.TrimPrefix(tg.What, "canvas ") + `"]`
					}
					tb.closeCell()
					var err error
					if strings.HasPrefix(tg.What, "canvas ") {
						// Inside the first tile or cell, where a tiles
						// picture has no gap.
						err = tb.clickAt(sel, 0.04, 0.08)
					} else {
						err = tb.ClickSel(sel, tg.What)
					}
					if err != nil {
						t.Fatalf("stage %s: clicking %s: %v", s, tg.What, err)
					}
					var c cellShown
					for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
						if c = tb.cell(); c.Tensor != "" {
							break
						}
					}
					if c.Tensor == "" {
						continue // a picture with nothing to open (a template)
					}
					n++
					opened[c.Tensor] = true
					t.Logf("stage %s: a click on %s opened %s[%s] = %v, %d terms", s, tg.What, c.Tensor, c.Index, c.Value, len(c.Terms))
					tb.checkAddsUp("stage "+s+", a click on "+tg.What, c)
					if lang == "ko" && !hangul.MatchString(c.Text) {
						t.Errorf("stage %s: the opened %s[%s] has no Korean: %q", s, c.Tensor, c.Index, c.Text)
					}
				}
				if n == 0 {
					t.Errorf("stage %s: nothing in it opens by a click (%d targets)", s, len(targets))
				}
			}
			for _, want := range []string{"x", "z", "a", "s", "y", "dout", "dW2", "da", "dz", "dW1"} {
				if !opened[want] {
					t.Errorf("no click in any stage opened an entry of %s (opened %v)", want, opened)
				}
			}

			// Every tensor opens by name; ReLU's mask zeroes terms of dz.
			tensors := eval[[]string](tb, `[...document.querySelector('[data-testid="cell-tensor"]').options].map(o => o.value)`)
			if len(tensors) != 13 {
				t.Errorf("cell-tensor offers %v, want the 13 of the issue", tensors)
			}
			masked := 0
			for _, tn := range tensors {
				index := "0,3"
				if tn == "db1" || tn == "db2" {
					index = "3"
				}
				c := tb.openTyped(tn, index)
				tb.checkAddsUp("typed "+tn, c)
				masked += c.Masked
			}
			if masked == 0 {
				t.Errorf("no opened entry shows a term the ReLU mask zeroes")
			}

			// A batch of 5: dW and db are sums over the 5 images, dout is ÷5.
			tb.typeInto("stepper-batch", "5", "\t")
			if v := eval[string](tb, `document.querySelector('[data-testid="stepper-batch"]').value`); v != "5" {
				t.Fatalf("the batch field holds %q after typing 5", v)
			}
			tb.openTyped("x", "4,300")
			for _, e := range []struct{ tensor, index string }{{"dW1", "300,7"}, {"db1", "7"}, {"dW2", "7,3"}, {"db2", "3"}} {
				c := tb.openTyped(e.tensor, e.index)
				if len(c.Terms) != 5 {
					t.Errorf("batch of 5: %s[%s] has %d terms, want one per image", e.tensor, e.index, len(c.Terms))
				}
				tb.checkAddsUp("batch of 5", c)
			}
			if c := tb.openTyped("dout", "2,3"); !strings.Contains(c.Text, "5") || len(c.Terms) != 2 {
				t.Errorf("batch of 5: dout[2,3] shows %d terms and %q, want y/5 and −t/5", len(c.Terms), c.Text)
			}
			tb.closeCell()
			tb.selectOption("cell-tensor", "x")
			time.Sleep(300 * time.Millisecond)
			tb.typeInto("cell-index", "5,300", "")
			tb.click("cell-open")
			tb.waitFor("a message for row 5 of a batch of 5", 5*time.Second, func(kit.Readouts) bool {
				return eval[string](tb, `[...document.querySelectorAll('.open-cell [role="alert"]')].map(e => e.textContent).join("")`) != ""
			})

			// The nudge of b2[t] and W2[j,t]: the central difference agrees
			// with backprop.
			label := eval[string](tb, `document.querySelector('[data-testid="stepper-label"]').value`)
			for _, n := range []struct{ param, index string }{{"b2", label}, {"W2", "7," + label}} {
				tb.selectOption("nudge-param", n.param)
				time.Sleep(300 * time.Millisecond)
				tb.typeInto("nudge-index", n.index, "\t")
				tb.selectOption("nudge-h", "0.0001")
				tb.click("nudge-run")
				tb.waitFor("the nudge of "+n.param, 10*time.Second, func(kit.Readouts) bool {
					return eval[bool](tb, `!!document.querySelector('[data-testid="nudge-central"]')`)
				})
				time.Sleep(300 * time.Millisecond)
				central, grad := tb.dataValue("nudge-central"), tb.dataValue("nudge-grad")
				dloss, linear := tb.dataValue("nudge-dloss"), tb.dataValue("nudge-linear")
				if grad == 0 || math.Abs(central-grad) > 1e-6*math.Abs(grad) {
					t.Errorf("nudge %s[%s], h 1e-4: central %v, backprop %v", n.param, n.index, central, grad)
				}
				if math.Abs(dloss-linear) > 1e-3*math.Abs(linear)+1e-12 {
					t.Errorf("nudge %s[%s], h 1e-4: L(w+h) − L(w) = %v, h·∂L/∂w = %v", n.param, n.index, dloss, linear)
				}
				t.Logf("nudge %s[%s]: central %.10g, backprop %.10g, ΔL %.4g, h·g %.4g", n.param, n.index, central, grad, dloss, linear)
			}
			if lang == "ko" {
				if s := eval[string](tb, `document.querySelector('.nudge').textContent`); !hangul.MatchString(s) {
					t.Errorf("the nudge in Korean reads %q", s)
				}
			}
			tb.noConsoleErrors()
		})
	}
}
