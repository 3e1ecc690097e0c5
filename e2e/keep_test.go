//go:build e2e

package e2e

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// exportWeights presses Save weights and returns the file the page offered.
func (tb *tab) exportWeights() []byte {
	tb.t.Helper()
	return tb.download("weights-export")
}

// download presses the button id and returns the file the page offered
// (the Blob handed to URL.createObjectURL, read back as bytes).
func (tb *tab) download(id string) []byte {
	tb.t.Helper()
	eval[bool](tb, `(() => {
		if (!window.__bplBlobs) {
			window.__bplBlobs = [];
			const orig = URL.createObjectURL;
			URL.createObjectURL = (b) => { window.__bplBlobs.push(b); return orig.call(URL, b); };
		}
		window.__bplBlobs.length = 0;
		return true;
	})()`)
	tb.click(id)
	var b64 string
	deadline := time.Now().Add(10 * time.Second)
	for b64 == "" {
		b64 = eval[string](tb, `window.__bplBlobs.length ? "pending" : ""`)
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s offered no file within 10 s", id)
		}
		time.Sleep(50 * time.Millisecond)
	}
	v, err := chromedp.Run(tb.Ctx, chromedp.Evaluate[string](`window.__bplBlobs[0].arrayBuffer().then(b => {
		let s = ""; const u = new Uint8Array(b);
		for (let i = 0; i < u.length; i += 0x8000) s += String.fromCharCode.apply(null, u.subarray(i, i + 0x8000));
		return btoa(s);
	})`, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatal(err)
	}
	b, err := base64.StdEncoding.DecodeString(v)
	if err != nil {
		tb.t.Fatal(err)
	}
	return b
}

// importWeights gives the page's file input the file at path (absolute:
// Chromium cannot read a relative one).
func (tb *tab) importWeights(path string) {
	tb.t.Helper()
	if !filepath.IsAbs(path) {
		tb.t.Fatalf("importWeights needs an absolute path, not %s", path)
	}
	if err := tb.Do(10*time.Second, chromedp.SetUploadFiles(chromedp.CSS(kit.Sel("weights-import")), []string{path}, chromedp.NodeReady)); err != nil {
		tb.t.Fatal(err)
	}
}

// probs returns the drawing's probabilities as the page shows them.
func (tb *tab) probs() string {
	tb.t.Helper()
	return eval[string](tb, `Array.from(document.querySelectorAll('[data-testid="probabilities"] [data-prob]')).map(e => e.dataset.prob).join(" ")`)
}

func TestWeightsFiles(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	for range 5 {
		tb.step()
	}
	tb.drawTestDigit(3)
	before := tb.probs()

	file := tb.exportWeights()
	ck, err := checkpoint.Decode(file)
	if err != nil {
		t.Fatalf("the exported file does not read back natively: %v", err)
	}
	if ck.Meta.Iters != 5 || ck.Meta.Hidden != 50 || ck.Meta.Activation != "relu" || ck.Meta.Seed != 1 || ck.Meta.LearningRate != 0.1 {
		t.Errorf("exported meta %+v", ck.Meta)
	}
	path := filepath.Join(t.TempDir(), "net.bplw")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}

	// A new seed: other weights, another prediction.
	tb.click("train-new-seed")
	tb.waitFor("a new net", 10*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "0" })
	tb.waitFor("new probabilities", 10*time.Second, func(kit.Readouts) bool { return tb.probs() != before })

	// Import: the same predictions as before the export.
	tb.importWeights(path)
	tb.waitFor("the imported net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "5" })
	tb.waitFor("the exported net's probabilities", 10*time.Second, func(kit.Readouts) bool { return tb.probs() == before })

	// Invalid files are refused and the net stays.
	dir := t.TempDir()
	for name, b := range map[string][]byte{
		"not-ours.bplw":  []byte("PK\x03\x04 this is a zip file, not weights"),
		"truncated.bplw": file[:len(file)/2],
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		tb.importWeights(p)
		r := tb.waitFor("a refusal of "+name, 20*time.Second, func(r kit.Readouts) bool { return r["error"] != "" })
		if !strings.Contains(r["error"], "unchanged") {
			t.Errorf("%s: the message %q does not say the net is unchanged", name, r["error"])
		}
		if r["iteration"] != "5" || tb.probs() != before {
			t.Errorf("%s: the net changed (iteration %s)", name, r["iteration"])
		}
	}

	// A file from cmd/train (the bundled pretrained net is one) works in the page.
	pretrained, err := filepath.Abs(filepath.Join("..", "web", "pretrained.bplw"))
	if err != nil {
		t.Fatal(err)
	}
	tb.importWeights(pretrained)
	r := tb.waitFor("the pretrained net", 30*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })
	// The page measures it on the bundled test subset, as
	// internal/cmd/drawn does (cmd/train -full prints the full test set's).
	if r["test-acc"] != "0.9670" {
		t.Errorf("the pretrained net's test accuracy in the page is %s; go run ./internal/cmd/drawn gives 0.9670 on the bundled test subset", r["test-acc"])
	}
	tb.noConsoleErrors()
}

// TestDivergenceMessageFollowsLanguage: a message on screen before a
// switch of language is said again in the new language (the old page kept
// the English one, matched by its prefix).
func TestDivergenceMessageFollowsLanguage(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.typeInto("lr", "50", "\r")
	tb.click("train-toggle")
	r := tb.waitStatus(60*time.Second, "paused")
	if !strings.Contains(r["error"], "diverged") {
		t.Fatalf("paused without saying why: error area %q", r["error"])
	}
	tb.selectOption("lang", "ko")
	hangul := regexp.MustCompile(`\p{Hangul}`)
	r = tb.waitFor("the message in Korean", 10*time.Second, func(r kit.Readouts) bool { return hangul.MatchString(r["error"]) })
	msg := r["error"]
	// Only numbers and the net's names may stay Latin; the engine's own
	// words are in the technical details, apart.
	text := eval[string](tb, `document.querySelector('[data-testid="error"] .alert-text').textContent`)
	allowed := regexp.MustCompile(`[0-9.,e+\-()%·×→≈]|ReLU|Sigmoid|NaN|Inf|\s`)
	if rest := allowed.ReplaceAllString(text, ""); regexp.MustCompile(`[A-Za-z]`).MatchString(rest) || !hangul.MatchString(text) {
		t.Errorf("after the switch to Korean the message reads %q (whole alert %q)", text, msg)
	}
	tb.noConsoleErrors()
}

func TestRateFiftyPauses(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.typeInto("lr", "50", "\r")
	if e := tb.read("lr-error")["lr-error"]; e != "" {
		t.Fatalf("rate 50 refused: %s", e)
	}
	tb.click("train-toggle")
	r := tb.waitStatus(60*time.Second, "paused")
	if !strings.Contains(r["error"], "diverged") {
		t.Errorf("paused without saying why: error area %q", r["error"])
	}
	// The weights are finite: the page's own file of them reads back (the
	// reader refuses NaN and infinities).
	if _, err := checkpoint.Decode(tb.exportWeights()); err != nil {
		t.Errorf("the weights after the blow-up: %v", err)
	}
	// Lower the rate and go on.
	tb.typeInto("lr", "0.1", "\r")
	it := tb.read().Int("iteration")
	tb.click("train-step")
	tb.waitFor("a step at rate 0.1", 10*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") == it+1 })
}

func TestURLRestoresRun(t *testing.T) {
	const frag = "#act=relu&batch=50&hidden=30&init=he&iters=500&lr=0.05&sampling=shuffle&seed=7"
	run := func() (kit.Readouts, string) {
		tb := newTab(t)
		tb.open(frag)
		fields := eval[string](tb, `['lr','batch','hidden','seed','iters'].map(k => document.querySelector('[data-testid="'+k+'"]').value).join(" ")`)
		var r kit.Readouts
		for range 5 {
			r = tb.step()
		}
		return r, fields
	}
	a, fa := run()
	b, fb := run()
	if fa != "0.05 50 30 7 500" {
		t.Errorf("the URL's settings are not in the fields: %q", fa)
	}
	if fa != fb || a["loss"] == "" || a["loss"] != b["loss"] {
		t.Errorf("the same URL gave loss %q after 5 steps, then %q", a["loss"], b["loss"])
	}
}

// The augmentation switch (hook augment) is off in the book's run; on, the
// page's address says so and a reload of it comes back with it on; its
// runs are seeded: the same address gives the same loss after 5 steps, and
// not the loss of the same steps without it.
func TestAugmentSetting(t *testing.T) {
	checked := func(tb *tab) bool {
		return eval[bool](tb, `document.querySelector('[data-testid="augment"]').checked`)
	}
	tb := newTab(t)
	tb.open("")
	if checked(tb) || strings.Contains(eval[string](tb, `location.hash`), "augment") {
		t.Fatalf("augmentation is on by default, or the address names it: %q", eval[string](tb, `location.hash`))
	}
	var plain kit.Readouts
	for range 5 {
		plain = tb.step()
	}
	tb.click("train-reset")
	tb.waitFor("a reset net", 10*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "0" })
	tb.click("augment")
	tb.waitFor("augment=on in the address", 5*time.Second, func(kit.Readouts) bool {
		return strings.Contains(eval[string](tb, `location.hash`), "augment=on")
	})
	url := eval[string](tb, `location.href`)
	run := func(tb *tab) string {
		var r kit.Readouts
		for range 5 {
			r = tb.step()
		}
		return r["loss"]
	}
	a := run(tb)
	tb2 := newTab(t)
	tb2.open("")
	tb2.reopen(url)
	if !checked(tb2) {
		t.Errorf("the address %s reopened with augmentation off", url)
	}
	b := run(tb2)
	if a == "" || a != b {
		t.Errorf("the same augmented address gave loss %q after 5 steps, then %q", a, b)
	}
	if a == plain["loss"] {
		t.Errorf("with augmentation the loss after 5 steps is %s, as without it", a)
	}
	tb.noConsoleErrors()
	tb2.noConsoleErrors()
}

// reopen loads url again as a new document (a reload), not as a jump
// within the page, which a change of the fragment alone would be.
func (tb *tab) reopen(url string) {
	tb.t.Helper()
	if err := tb.Open("about:blank"); err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.Open(url); err != nil {
		tb.t.Fatal(err)
	}
	if _, err := tb.WaitStatus(60*time.Second, "ready", "paused"); err != nil {
		tb.t.Fatal(err)
	}
}

// The last trained net survives a reload (the browser keeps it); an
// address with other settings offers it instead of loading it; the page can
// forget it.
func TestKeptNetSurvivesReload(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	for range 5 {
		tb.step()
	}
	tb.drawTestDigit(3)
	before := tb.probs()
	url := eval[string](tb, `location.href`)

	tb.reopen(url)
	r := tb.waitFor("the kept net after a reload", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "5" })
	if n := tb.read("notice")["notice"]; n == "" {
		t.Errorf("the page restored the kept net without saying so (%s)", r)
	}
	tb.drawTestDigit(3)
	tb.waitFor("the kept net's probabilities", 10*time.Second, func(kit.Readouts) bool { return tb.probs() == before })

	// A shared link with other settings: the page starts that run and
	// offers the kept net.
	base, _, _ := strings.Cut(url, "#")
	tb.reopen(base + "#seed=42")
	tb.waitFor("the kept net on offer", 20*time.Second, func(kit.Readouts) bool {
		return eval[bool](tb, `!!document.querySelector('[data-testid="restore-kept"]')`)
	})
	if it := tb.read("iteration").Int("iteration"); it != 0 {
		t.Errorf("the address asked for seed 42, but the page shows a net after %d iterations", it)
	}
	tb.click("restore-kept")
	tb.waitFor("the restored kept net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "5" })

	// Forget it: a new net starts, and a reload brings nothing back.
	tb.click("discard-kept")
	tb.waitFor("a new net after forgetting the kept one", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "0" })
	tb.reopen(eval[string](tb, `location.href`))
	time.Sleep(2 * time.Second) // a restore would have arrived by now
	if r := tb.read(); r["iteration"] != "0" || eval[bool](tb, `!document.querySelector('[data-testid="discard-kept"]').disabled`) {
		t.Errorf("after forgetting the kept net and reloading: %s, forget button enabled: %v", r, eval[bool](tb, `!document.querySelector('[data-testid="discard-kept"]').disabled`))
	}
	tb.noConsoleErrors()
}
