//go:build e2e

package e2e

import (
	"context"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/backprop-lab/backprop-lab/wire"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// onEveryDocument runs script in every document the tab loads from now on,
// before the page's own scripts.
func (tb *tab) onEveryDocument(script string) {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script}); err != nil {
		tb.t.Fatal(err)
	}
}

// writeFile writes b into the test's temporary folder and returns its
// absolute path.
func writeFile(t *testing.T, name string, b []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// pretrained returns the bundled pretrained net.
func pretrained(t *testing.T) *checkpoint.Checkpoint {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "web", "pretrained.bplw"))
	if err != nil {
		t.Fatal(err)
	}
	ck, err := checkpoint.Decode(b)
	if err != nil {
		t.Fatal(err)
	}
	return ck
}

// A net of the largest hidden size the form allows survives a reload: the
// kept slot has room for a 13 MB weights file (localStorage had room for
// about 618 hidden units).
func TestKeptLargestNetSurvivesReload(t *testing.T) {
	start := time.Now()
	tb := newTab(t)
	tb.open("")
	tb.typeInto("hidden", fmt.Sprint(wire.MaxHidden), "\r")
	if e := tb.read("hidden-error")["hidden-error"]; e != "" {
		t.Fatalf("hidden %d refused: %s", wire.MaxHidden, e)
	}
	tb.waitFor("the largest net", 30*time.Second, func(kit.Readouts) bool {
		return strings.Contains(eval[string](tb, `location.hash`), fmt.Sprintf("hidden=%d", wire.MaxHidden))
	})
	for range 2 {
		tb.step()
	}
	tb.drawTestDigit(3)
	before := tb.probs()
	url := eval[string](tb, `location.href`)
	if r := tb.read(); r["error"] != "" {
		t.Fatalf("before the reload the page says %q", r["error"])
	}

	tb.reopen(url)
	tb.waitFor("the kept 784-2048-10 net after a reload", 60*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "2" })
	tb.drawTestDigit(3)
	tb.waitFor("the kept net's probabilities", 10*time.Second, func(kit.Readouts) bool { return tb.probs() == before })
	if r := tb.read(); r["error"] != "" {
		t.Errorf("after the reload the page says %q", r["error"])
	}
	tb.noConsoleErrors()
	t.Logf("the largest net survived a reload in %v", time.Since(start).Round(time.Millisecond))
}

// A net imported from a file that says 0 iterations is kept like any
// other: a reload brings it back, not a new random net.
func TestImportedZeroIterationNetSurvivesReload(t *testing.T) {
	ck := pretrained(t)
	ck.Meta.Iters, ck.Meta.Metrics, ck.History = 0, nil, nil // a 0-iteration net has no epochs
	b, err := ck.Encode()
	if err != nil {
		t.Fatal(err)
	}
	path := writeFile(t, "zero.bplw", b)

	tb := newTab(t)
	tb.open("")
	tb.drawTestDigit(3)
	fresh := tb.probs()
	tb.importWeights(path)
	tb.waitFor("the imported net", 20*time.Second, func(kit.Readouts) bool {
		return tb.read("notice")["notice"] != "" && tb.probs() != fresh
	})
	if it := tb.read("iteration").Int("iteration"); it != 0 {
		t.Fatalf("the imported net shows iteration %d, want the file's 0", it)
	}
	before := tb.probs()
	url := eval[string](tb, `location.href`)

	tb.reopen(url)
	tb.drawTestDigit(3)
	tb.waitFor("the imported net's probabilities after a reload", 20*time.Second, func(kit.Readouts) bool { return tb.probs() == before })
	if it := tb.read("iteration").Int("iteration"); it != 0 {
		t.Errorf("after the reload: iteration %d, want 0", it)
	}
	tb.noConsoleErrors()
}

// refuseWrites makes every IndexedDB write of the tab's documents fail as
// a full disk does.
const refuseWrites = `(() => {
	const refuse = () => { throw new DOMException("refused by the test", "QuotaExceededError"); };
	if (self.IDBObjectStore) { IDBObjectStore.prototype.put = refuse; IDBObjectStore.prototype.add = refuse; }
})();`

// alert returns the text of the page's alert if it is shown (an alert
// that has gone may leave its old text behind, hidden), else "".
func (tb *tab) alert() string {
	tb.t.Helper()
	return eval[string](tb, `(() => {
		const e = document.querySelector('[data-testid="error"]');
		const t = e && e.querySelector(".alert-text");
		return t && e.getBoundingClientRect().height > 0 ? t.textContent : "";
	})()`)
}

// A storage that refuses writes is said while the page is visible, in the
// page's language, and the net on screen stays as it was.
func TestKeepRefusedIsSaid(t *testing.T) {
	tb := newTab(t)
	tb.onEveryDocument(refuseWrites)
	tb.open("")
	tb.drawTestDigit(3)
	r := tb.train(20, 60*time.Second) // the net is kept when training stops
	var before string
	tb.waitFor("the trained net's probabilities", 10*time.Second, func(kit.Readouts) bool {
		p := tb.probs()
		time.Sleep(300 * time.Millisecond)
		before = tb.probs()
		return p == before
	})
	var said string
	tb.waitFor("a warning that the net was not kept", 10*time.Second, func(kit.Readouts) bool {
		said = tb.alert()
		return said != ""
	})
	if v := eval[string](tb, `document.visibilityState`); v != "visible" {
		t.Errorf("the warning came while the page was %s", v)
	}
	if !strings.Contains(said, "did not keep") {
		t.Errorf("the warning reads %q", said)
	}
	time.Sleep(500 * time.Millisecond)
	if now := tb.read(); now["iteration"] != r["iteration"] || now["status"] != "done" || tb.probs() != before {
		t.Errorf("the net changed after the refused write: before %s, after %s", r, now)
	}
	tb.selectOption("lang", "ko")
	hangul := regexp.MustCompile(`\p{Hangul}`)
	tb.waitFor("the warning in Korean", 10*time.Second, func(kit.Readouts) bool { return hangul.MatchString(tb.alert()) })
	tb.noConsoleErrors()
}

// A net kept by an older page (base64 in localStorage) is moved into
// IndexedDB once: it comes back after a reload, and again after the next
// one from IndexedDB, with the old slot gone.
func TestKeptNetMovesFromLocalStorage(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "web", "pretrained.bplw"))
	if err != nil {
		t.Fatal(err)
	}
	tb := newTab(t)
	tb.open("")
	eval[bool](tb, fmt.Sprintf(`(localStorage.setItem(%q, %q), true)`, model.KeptKey, base64.StdEncoding.EncodeToString(b)))
	// The address without settings: the pretrained net's own (augment=on)
	// differ from the defaults, and a link with other settings would only
	// offer the kept net.
	url, _, _ := strings.Cut(eval[string](tb, `location.href`), "#")
	for i := range 2 {
		// The pretrained net has used up the default budget: done.
		if err := tb.Open("about:blank"); err != nil {
			t.Fatal(err)
		}
		if err := tb.Open(url); err != nil {
			t.Fatal(err)
		}
		tb.waitFor(fmt.Sprintf("the kept net after reload %d", i+1), 30*time.Second, func(r kit.Readouts) bool {
			return r["iteration"] == "10000" && r["test-acc"] != ""
		})
		gone := fmt.Sprintf(`localStorage.getItem(%q) === null`, model.KeptKey)
		tb.waitFor("the old localStorage slot gone", 5*time.Second, func(kit.Readouts) bool { return eval[bool](tb, gone) })
	}
	tb.noConsoleErrors()
}

// A reload while the net trains keeps it: the page writes the net as it is
// left, and IndexedDB's write does not outlive the page it was made in, so
// the leaving page also writes the net where a write is done at once
// (localStorage), and the reload finds it there.
func TestReloadWhileTrainingKeepsNet(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("train-toggle")
	r := tb.waitFor("training", 30*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") > 200 })
	before := r.Int("iteration")
	// A reload that chromedp waits for: a read during the navigation
	// would fail with "target navigated".
	if err := tb.Do(30*time.Second, chromedp.Reload()); err != nil {
		t.Fatalf("reload: %v", err)
	}
	tb.waitFor("the page after the reload", 60*time.Second, func(r kit.Readouts) bool {
		return r["status"] == "ready" || r["status"] == "paused"
	})
	// The net comes back at the iteration it had when the page was left,
	// at least the one read before the reload.
	r = tb.waitFor("the kept net after the reload", 20*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") >= before })
	if r["status"] != "paused" {
		t.Errorf("after the reload: %s, want the kept net, paused", r)
	}
	if e := tb.read("error")["error"]; e != "" {
		t.Errorf("after the reload the page says %q", e)
	}
	t.Logf("read %d before the reload, kept %s", before, r["iteration"])
	tb.noConsoleErrors()
}
