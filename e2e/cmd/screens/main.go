//go:build e2e

// Command screens writes the screenshots of the documentation: Backprop Lab
// on a desktop (1280×800) and on a phone (390×844 CSS pixels, device scale
// 2, touch), once while the net trains and once with a drawn digit and its
// prediction. It serves dist/ and drives headless Chromium like the
// end-to-end tests. Run it from the repository root after `make dist`
// (this is what `make screenshots` runs):
//
//	go run -tags e2e ./e2e/cmd/screens -out docs/screenshots
//
// It writes desktop-training.png, desktop-prediction.png,
// phone-training.png and phone-prediction.png into -out, and a picture of
// each view that looks inside the net (view-*.png). BPL_CHROMIUM
// names the browser binary, as for the tests.
package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

func main() {
	dist := flag.String("dist", "dist", "the built app (make dist)")
	out := flag.String("out", filepath.Join("docs", "screenshots"), "folder for the PNG files")
	assets := flag.String("assets", filepath.Join("assets", "mnist-subset"), "the bundled MNIST subset, for the digit to draw")
	flag.Parse()
	if err := run(*dist, *out, *assets); err != nil {
		fmt.Fprintln(os.Stderr, "screens:", err)
		os.Exit(1)
	}
}

type device struct {
	name  string
	w, h  int64
	scale float64
	phone bool
}

func run(dist, out, assets string) error {
	im, labels, err := kit.LoadMNISTTest(assets)
	if err != nil {
		return err
	}
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	srv, err := kit.Serve(dist)
	if err != nil {
		return err
	}
	defer srv.Close()
	exe, err := kit.FindChromium()
	if err != nil {
		return err
	}
	profile, err := os.MkdirTemp("", "bpl-screens-profile-")
	if err != nil {
		return err
	}
	defer kit.RemoveAll(profile)
	bctx, cancel, err := kit.Launch(context.Background(), kit.BrowserOptions{ExecPath: exe, UserDataDir: profile, Width: 1280, Height: 900})
	if err != nil {
		return err
	}
	defer cancel()

	// The digit to draw: the first "2" of the test set, one stroke.
	i := 0
	for labels[i] != 2 {
		i++
	}
	strokes, err := kit.Place(kit.Simplify(kit.Trace(im.Image(i), 28, 28), 0.7), 7, 140, 140, 30, 14, 280)
	if err != nil {
		return err
	}

	for _, d := range []device{
		{name: "desktop", w: 1280, h: 800, scale: 1},
		{name: "phone", w: 390, h: 844, scale: 2, phone: true},
	} {
		if err := shoot(bctx, srv.URL+"/", d, strokes, out); err != nil {
			return fmt.Errorf("%s: %w", d.name, err)
		}
	}
	return race(bctx, srv.URL+"/", out)
}

func shoot(bctx context.Context, url string, d device, strokes []kit.Stroke, out string) error {
	p, err := kit.NewPage(bctx)
	if err != nil {
		return err
	}
	defer p.Close()
	opts := []chromedp.EmulateViewportOption{chromedp.EmulateScale(d.scale)}
	if d.phone {
		opts = append(opts, chromedp.EmulateMobile, chromedp.EmulateTouch)
	}
	if err := p.Do(10*time.Second, chromedp.EmulateViewport(d.w, d.h, opts...)); err != nil {
		return err
	}
	if d.phone {
		if err := p.EnableTouch(); err != nil {
			return err
		}
	}
	if err := p.Open(url); err != nil {
		return err
	}
	if _, err := p.WaitStatus(60*time.Second, "ready"); err != nil {
		return err
	}

	// Training in progress, a few epochs in.
	if err := p.Click("train-toggle"); err != nil {
		return err
	}
	if _, err := p.WaitFor("training past iteration 700", 60*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "training" && r.Int("iteration") >= 700 && r["test-acc"] != ""
	}); err != nil {
		return err
	}
	if _, err := kit.Eval[chromedp.Void](p, `window.scrollTo(0, 0)`); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond)
	if err := save(p, out, d.name+"-training.png"); err != nil {
		return err
	}

	// A drawn digit and its prediction, with the net trained a bit more.
	if _, err := p.WaitFor("iteration 1200", 60*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") >= 1200 }); err != nil {
		return err
	}
	if err := p.Click("train-toggle"); err != nil {
		return err
	}
	if _, err := p.WaitStatus(10*time.Second, "paused"); err != nil {
		return err
	}
	if err := p.ScrollIntoView("draw-canvas"); err != nil {
		return err
	}
	if d.phone {
		err = p.DrawTouch("draw-canvas", strokes)
	} else {
		err = p.DrawMouse("draw-canvas", strokes)
	}
	if err != nil {
		return err
	}
	if _, err := p.WaitFor("a prediction", 10*time.Second, func(r kit.Readouts) bool { return r["prediction"] != "" }); err != nil {
		return err
	}
	// Show the drawing with the prediction and the probabilities under it:
	// scroll so that the probabilities end at the bottom of the screen, but
	// not past the top of the drawing.
	if _, err := kit.Eval[chromedp.Void](p, `(() => {
		const c = document.querySelector('[data-testid="draw-canvas"]');
		const pr = document.querySelector('[data-testid="probabilities"]');
		const top = c.closest("section").getBoundingClientRect().top + scrollY - 8;
		const bottom = pr.getBoundingClientRect().bottom + scrollY + 16;
		window.scrollTo(0, Math.max(0, Math.min(bottom - innerHeight, top)));
	})()`); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond)
	if err := save(p, out, d.name+"-prediction.png"); err != nil {
		return err
	}
	if !d.phone {
		if err := views(p, out); err != nil {
			return err
		}
	}
	if problems := p.Problems(); len(problems) > 0 {
		return fmt.Errorf("console errors: %q", problems)
	}
	return nil
}

// views writes a picture of each of the views that look inside the net,
// with the drawn digit as input: view-inside.png (weights, ReLU mask,
// gradients), view-stepper.png (the affine1 stage), view-gradcheck.png
// (a run with softmax's ÷batch broken) and view-confusion.png (with the
// images of one cell).
func views(p *kit.Page, out string) error {
	element := func(sel, name string) error {
		if _, err := kit.Eval[chromedp.Void](p, `document.querySelector(`+fmt.Sprintf("%q", sel)+`).scrollIntoView({block: "start"})`); err != nil {
			return err
		}
		time.Sleep(400 * time.Millisecond)
		ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
		defer cancel()
		buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS(sel)))
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		path := filepath.Join(out, name)
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			return err
		}
		fmt.Println("wrote", path)
		return nil
	}
	if err := element("section.inside", "view-inside.png"); err != nil {
		return err
	}
	if err := p.Click("stepper-run"); err != nil {
		return err
	}
	if err := p.Click("stepper-next"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	if err := element("section.stepper", "view-stepper.png"); err != nil {
		return err
	}
	if err := backprop(p, element); err != nil {
		return err
	}
	if err := p.Select("gradcheck-break", "softmax-batch"); err != nil {
		return err
	}
	if err := p.Click("gradcheck-run"); err != nil {
		return err
	}
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		r, err := p.Read("gradcheck-b2")
		if err != nil {
			return err
		}
		busy, err := kit.Eval[bool](p, `document.querySelector('[data-testid="gradcheck-run"]').disabled`)
		if err != nil {
			return err
		}
		if r["gradcheck-b2"] != "" && !busy {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the gradient check did not end within 5 minutes")
		}
	}
	if err := element("section.gradcheck", "view-gradcheck.png"); err != nil {
		return err
	}
	if err := hunt(p, element); err != nil {
		return err
	}
	// The most frequent mistake's images.
	if _, err := kit.Eval[chromedp.Void](p, `(() => {
		let best = null;
		for (const c of document.querySelectorAll('[data-testid="confusion"] [data-true][data-pred]')) {
			if (c.dataset.true !== c.dataset.pred && (!best || +c.textContent > +best.textContent)) best = c;
		}
		if (best) best.click();
	})()`); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	if err := element("section.confusion-panel", "view-confusion.png"); err != nil {
		return err
	}
	if err := mine(p, element); err != nil {
		return err
	}
	return timeline(p, element)
}

// timeline writes view-timeline.png: the charts panel with the timeline at
// its fourth snapshot, and the W1 tiles of then.
func timeline(p *kit.Page, element func(sel, name string) error) error {
	if _, err := kit.Eval[chromedp.Void](p, `(() => { const t = document.querySelector('[data-testid="timeline"]'); t.value = "3"; t.dispatchEvent(new Event("input", {bubbles: true})); })()`); err != nil {
		return err
	}
	time.Sleep(800 * time.Millisecond)
	// The fixed bar that says so would cover the panel's crop.
	if _, err := kit.Eval[chromedp.Void](p, `document.querySelector('[data-testid="viewing-bar"]').style.visibility = "hidden"`); err != nil {
		return err
	}
	if err := element("section.charts", "view-timeline.png"); err != nil {
		return err
	}
	if err := element("section.inside", "view-timeline-inside.png"); err != nil {
		return err
	}
	return p.Click("timeline-live")
}

// race writes view-race.png: ReLU against Sigmoid, 1,000 iterations each,
// opened from a link.
func race(bctx context.Context, url, out string) error {
	p, err := kit.NewPage(bctx)
	if err != nil {
		return err
	}
	defer p.Close()
	if err := p.Open(url + "#iters=1000&race=activation%3Asigmoid"); err != nil {
		return err
	}
	for deadline := time.Now().Add(3 * time.Minute); ; time.Sleep(200 * time.Millisecond) {
		done, err := kit.Eval[bool](p, `["race-a", "race-b"].every(id => { const e = document.querySelector('[data-testid="' + id + '"]'); return e && e.dataset.iteration === "1000"; })`)
		if err != nil {
			return err
		}
		if done {
			break
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the race did not reach iteration 1000 within 3 minutes")
		}
	}
	time.Sleep(800 * time.Millisecond)
	if _, err := kit.Eval[chromedp.Void](p, `document.querySelector("section.race").scrollIntoView({block: "start"})`); err != nil {
		return err
	}
	time.Sleep(400 * time.Millisecond)
	ctx, cancel := context.WithTimeout(p.Ctx, 30*time.Second)
	defer cancel()
	buf, err := chromedp.Run(ctx, chromedp.Screenshot(chromedp.CSS("section.race")))
	if err != nil {
		return err
	}
	path := filepath.Join(out, "view-race.png")
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	return nil
}

// mine writes view-mine.png: the drawing labelled as a digit the net does
// not predict and taught four steps of the first learning rate offered.
func mine(p *kit.Page, element func(sel, name string) error) error {
	r, err := p.Read("prediction")
	if err != nil {
		return err
	}
	pred, err := strconv.Atoi(r["prediction"])
	if err != nil {
		return fmt.Errorf("no prediction to teach against: %q", r["prediction"])
	}
	label := strconv.Itoa((pred + 3) % 10)
	if err := p.ClickSel(`[data-testid="my-label"] [data-digit="`+label+`"]`, "label "+label); err != nil {
		return err
	}
	for i := 1; i <= 4; i++ {
		if err := p.Click("my-step"); err != nil {
			return err
		}
		want := strconv.Itoa(i)
		for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(50 * time.Millisecond) {
			steps, err := kit.Eval[string](p, `document.querySelector('[data-testid="mine"]').dataset.steps`)
			if err != nil {
				return err
			}
			if steps == want {
				break
			}
			if time.Now().After(deadline) {
				return fmt.Errorf("step %d on the drawing did not come within 10 s", i)
			}
		}
	}
	time.Sleep(500 * time.Millisecond)
	return element("section.mine", "view-mine.png")
}

// backprop writes view-graph.png (the computational graph at ReLU
// backward), view-cell.png (an entry of dW1 opened on a batch of 5, with
// the terms the mask zeroes) and view-nudge.png (that weight nudged). The
// label is set to a digit the net does not predict, so that the gradient
// is alive.
func backprop(p *kit.Page, element func(sel, name string) error) error {
	r, err := p.Read("prediction")
	if err != nil {
		return err
	}
	label := "3"
	if r["prediction"] == "3" {
		label = "5"
	}
	if err := p.Select("stepper-label", label); err != nil {
		return err
	}
	if err := p.Type("stepper-batch", "5", "\t"); err != nil {
		return err
	}
	time.Sleep(500 * time.Millisecond)
	for range 8 {
		if err := p.Click("stepper-next"); err != nil {
			return err
		}
		time.Sleep(150 * time.Millisecond)
		st, err := p.Read("stepper-stage")
		if err != nil {
			return err
		}
		if st["stepper-stage"] == "relu-back" {
			break
		}
	}
	time.Sleep(400 * time.Millisecond)
	if err := element(".graph-host", "view-graph.png"); err != nil {
		return err
	}
	// The dW1 entry of the drawing's darkest pixel and the unit of the
	// largest |dz|: its terms are the batch's images, some zeroed by the
	// mask.
	j, err := kit.Eval[int](p, `(() => {
		let best = 0, big = -1;
		for (const e of document.querySelectorAll('.stage-body [data-tensor="dz"][data-index]')) {
			const m = (e.textContent || "").match(/(-?[0-9.]+(e[-+]?[0-9]+)?)\s*$/);
			const v = m ? Math.abs(parseFloat(m[1])) : 0;
			if (v > big) { big = v; best = +e.dataset.index.split(",")[1]; }
		}
		return best;
	})()`)
	if err != nil {
		return err
	}
	red, err := p.RedChannel("draw-preview")
	if err != nil {
		return err
	}
	px := 0
	for i, v := range red {
		if d, b := int(v)-int(red[0]), int(red[px])-int(red[0]); d*d > b*b {
			px = i
		}
	}
	if n := len(red); n != 784 {
		px = px * 784 / n // a preview drawn larger than 28×28
	}
	if err := p.Select("cell-tensor", "dW1"); err != nil {
		return err
	}
	time.Sleep(300 * time.Millisecond)
	if err := p.Type("cell-index", fmt.Sprintf("%d,%d", px, j), ""); err != nil {
		return err
	}
	if err := p.Click("cell-open"); err != nil {
		return err
	}
	time.Sleep(600 * time.Millisecond)
	if err := element(".open-cell", "view-cell.png"); err != nil {
		return err
	}
	if err := p.Select("nudge-h", "0.0001"); err != nil {
		return err
	}
	if err := p.Click("nudge-run"); err != nil {
		return err
	}
	time.Sleep(800 * time.Millisecond)
	return element(".nudge", "view-nudge.png")
}

// hunt plays a bug hunt to its reveal and writes view-bughunt.png.
func hunt(p *kit.Page, element func(sel, name string) error) error {
	if err := p.Click("bughunt-start"); err != nil {
		return err
	}
	for deadline := time.Now().Add(5 * time.Minute); ; time.Sleep(300 * time.Millisecond) {
		ok, err := kit.Eval[bool](p, `document.querySelector('[data-testid="gradcheck-map-W1"]').dataset.state === "shown" &&
			!document.querySelector('[data-testid="bughunt-submit"]').disabled`)
		if err != nil {
			return err
		}
		if ok {
			break
		}
		if ok, _ := kit.Eval[bool](p, `!!document.querySelector('[data-testid="bughunt-guess"] option[value="relu-mask"]')`); ok {
			// the guess must be chosen before submit is enabled
			if err := p.Select("bughunt-guess", "relu-mask"); err != nil {
				return err
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the bug hunt's check did not end within 5 minutes")
		}
	}
	if err := p.Click("bughunt-submit"); err != nil {
		return err
	}
	time.Sleep(800 * time.Millisecond)
	return element("section.gradcheck", "view-bughunt.png")
}

func save(p *kit.Page, dir, name string) error {
	path := filepath.Join(dir, name)
	if err := p.Screenshot(path); err != nil {
		return err
	}
	fmt.Println("wrote", path)
	return nil
}
