//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/chromedp/chromedp"
)

// One browser and one server for the whole package; each test opens its own
// tab (in its own browser context, so no storage is shared).
var (
	browserCtx context.Context
	srv        *httptest.Server
	assetsDir  = filepath.Join("..", "assets", "mnist-subset")
	distDir    string // the app's folder that srv serves
)

// Window size: wide and tall enough for the whole page, so that synthetic
// pointer events reach every element without scrolling.
const winW, winH = 1280, 1400

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	fail := func(format string, args ...any) int {
		fmt.Fprintf(os.Stderr, "FAIL: end-to-end tests cannot run: "+format+"\n", args...)
		return 1
	}
	dist := os.Getenv("BPL_DIST")
	if dist == "" {
		dist = filepath.Join("..", "dist")
	}
	distDir = dist
	var err error
	if srv, err = kit.Serve(dist); err != nil {
		return fail("%v", err)
	}
	defer srv.Close()

	exe, err := kit.FindChromium()
	if err != nil {
		return fail("%v", err)
	}
	profile, err := os.MkdirTemp("", "bpl-e2e-profile-")
	if err != nil {
		return fail("%v", err)
	}
	defer kit.RemoveAll(profile)

	ctx, cancel, err := kit.Launch(context.Background(), kit.BrowserOptions{
		ExecPath: exe, UserDataDir: profile, Width: winW, Height: winH,
	})
	if err != nil {
		return fail("%v", err)
	}
	defer cancel()
	browserCtx = ctx
	return m.Run()
}

// tab is a test's browser tab.
type tab struct {
	*kit.Page
	t *testing.T
}

// newTab opens a tab for the test; it closes when the test ends. When the
// test fails, the log gets the page's readouts and console, and a
// screenshot of the tab goes to os.TempDir (t.TempDir would delete it).
func newTab(t *testing.T) *tab {
	t.Helper()
	p, err := kit.NewPage(browserCtx)
	if err != nil {
		t.Fatal(err)
	}
	tb := &tab{Page: p, t: t}
	t.Cleanup(func() {
		defer p.Close()
		if !t.Failed() {
			return
		}
		// Diagnostics, for at most 20 s: a page whose main thread hangs
		// answers none of them.
		var logs []string
		var mu sync.Mutex
		logf := func(format string, args ...any) {
			mu.Lock()
			logs = append(logs, fmt.Sprintf(format, args...))
			mu.Unlock()
		}
		done := make(chan struct{})
		go func() {
			defer close(done)
			if r, err := p.Read(); err == nil {
				logf("page at the end: %s", r)
			}
			_ = p.Flush()
			for _, m := range p.Console() {
				logf("console: %s", kit.FormatMessage(m))
			}
			shot := filepath.Join(os.TempDir(), "bpl-e2e-"+strings.ReplaceAll(t.Name(), "/", "_")+".png")
			if err := p.Screenshot(shot); err == nil {
				logf("screenshot of the failure: %s", shot)
			}
		}()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			logf("the page did not answer the diagnostics within 20 s")
			for _, m := range p.Console() {
				logf("console: %s", kit.FormatMessage(m))
			}
		}
		mu.Lock()
		defer mu.Unlock()
		for _, l := range logs {
			t.Log(l)
		}
	})
	return tb
}

// with returns the tab for a subtest.
func (tb *tab) with(t *testing.T) *tab { return &tab{Page: tb.Page, t: t} }

// open loads the app (with an optional query such as "?bench=train") and,
// unless it is the bench page, waits for status ready.
func (tb *tab) open(query string) kit.Readouts {
	tb.t.Helper()
	if err := tb.Open(srv.URL + "/" + query); err != nil {
		tb.t.Fatal(err)
	}
	if strings.Contains(query, "bench=") {
		return nil
	}
	r, err := tb.WaitStatus(60*time.Second, "ready")
	if err != nil {
		tb.t.Fatal(err)
	}
	return r
}

// noConsoleErrors fails the test if the page wrote an error to its console:
// console.error, an uncaught exception, a CSP violation, a failed request, a
// Go panic, or the same in the trainer worker.
func (tb *tab) noConsoleErrors() {
	tb.t.Helper()
	if err := tb.Flush(); err != nil {
		tb.t.Error(err)
	}
	for _, p := range tb.Problems() {
		tb.t.Errorf("console error: %s", p)
	}
}

func (tb *tab) read(ids ...string) kit.Readouts {
	tb.t.Helper()
	r, err := tb.Read(ids...)
	if err != nil {
		tb.t.Fatal(err)
	}
	return r
}

func (tb *tab) waitFor(what string, timeout time.Duration, cond func(kit.Readouts) bool) kit.Readouts {
	tb.t.Helper()
	r, err := tb.WaitFor(what, timeout, cond)
	if err != nil {
		tb.t.Fatal(err)
	}
	return r
}

func (tb *tab) waitStatus(timeout time.Duration, want ...string) kit.Readouts {
	tb.t.Helper()
	r, err := tb.WaitStatus(timeout, want...)
	if err != nil {
		tb.t.Fatal(err)
	}
	return r
}

func (tb *tab) click(id string) {
	tb.t.Helper()
	if err := tb.Click(id); err != nil {
		tb.t.Fatal(err)
	}
}

// typeInto replaces an input's text and presses commit ("\t", "\r" or "").
func (tb *tab) typeInto(id, text, commit string) {
	tb.t.Helper()
	if err := tb.Type(id, text, commit); err != nil {
		tb.t.Fatal(err)
	}
}

// press types keys into the focused element.
func (tb *tab) press(keys string) {
	tb.t.Helper()
	if err := tb.Do(10*time.Second, chromedp.KeyEvent(keys)); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) selectOption(id, value string) {
	tb.t.Helper()
	if err := tb.Select(id, value); err != nil {
		tb.t.Fatal(err)
	}
}

func eval[T any](tb *tab, expr string) T {
	tb.t.Helper()
	v, err := kit.Eval[T](tb.Page, expr)
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// step presses Step and waits until the iteration has gone up by one.
func (tb *tab) step() kit.Readouts {
	tb.t.Helper()
	before := tb.read("iteration", "status").Int("iteration")
	if before < 0 {
		tb.t.Fatalf("iteration readout is not a number: %s", tb.read())
	}
	tb.click("train-step")
	return tb.waitFor(fmt.Sprintf("iteration %d after Step", before+1), 10*time.Second, func(r kit.Readouts) bool {
		return r.Int("iteration") == before+1 && r["loss"] != ""
	})
}

// waitFresh waits until the page shows a new, untrained net after action
// (Reset, New seed, a new init): iteration 0 and no loss. Its status should
// then be ready; when it is not, the test fails but goes on.
func (tb *tab) waitFresh(action string) {
	tb.t.Helper()
	tb.waitFor("iteration 0 and no loss after "+action, 10*time.Second, func(r kit.Readouts) bool {
		return r["iteration"] == "0" && r["loss"] == ""
	})
	if r, err := tb.WaitStatus(3*time.Second, "ready"); err != nil {
		tb.t.Errorf("after %s the net is fresh (iteration 0), but the status is %q, want ready", action, r["status"])
	}
}

// train sets the iteration budget (typed, then Enter), presses play and
// waits for status done.
func (tb *tab) train(iters int, timeout time.Duration) kit.Readouts {
	tb.t.Helper()
	tb.typeInto("iters", fmt.Sprint(iters), "\r")
	if e := tb.read("iters-error")["iters-error"]; e != "" {
		tb.t.Fatalf("iters %d refused: %s", iters, e)
	}
	tb.click("train-toggle")
	return tb.waitFor(fmt.Sprintf("training to %d iterations", iters), timeout, func(r kit.Readouts) bool {
		return r["status"] == "done"
	})
}
