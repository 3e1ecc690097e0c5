//go:build e2e

package e2e

import (
	"context"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/internal/offline"
	"github.com/backprop-lab/backprop-lab/server"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// served is one response of a countingServer.
type served struct {
	path   string
	status int
	bytes  int64 // of the body, as sent (compressed)
}

func (s served) String() string { return fmt.Sprintf("%s %d (%d B)", s.path, s.status, s.bytes) }

// countingServer serves an app folder, which it can swap for another (a
// new build on the same origin), and notes every response.
type countingServer struct {
	*httptest.Server
	mu   sync.Mutex
	h    http.Handler
	seen []served
}

func newCountingServer(t *testing.T, h http.Handler) *countingServer {
	t.Helper()
	s := &countingServer{h: h}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		h := s.h
		s.mu.Unlock()
		cw := &countingWriter{ResponseWriter: w, status: http.StatusOK}
		h.ServeHTTP(cw, r)
		s.mu.Lock()
		s.seen = append(s.seen, served{r.URL.Path, cw.status, cw.n})
		s.mu.Unlock()
	}))
	t.Cleanup(s.Close)
	return s
}

// swap serves h from now on.
func (s *countingServer) swap(h http.Handler) {
	s.mu.Lock()
	s.h = h
	s.mu.Unlock()
}

// take returns the responses since the last take.
func (s *countingServer) take() []served {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := s.seen
	s.seen = nil
	return out
}

type countingWriter struct {
	http.ResponseWriter
	status int
	n      int64
}

func (w *countingWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *countingWriter) Write(b []byte) (int, error) {
	n, err := w.ResponseWriter.Write(b)
	w.n += int64(n)
	return n, err
}

func appServer(t *testing.T, dir string) http.Handler {
	t.Helper()
	h, err := server.New(dir)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// awaitJS evaluates a JavaScript expression whose value is a promise and
// returns what it resolves to.
func awaitJS[T any](tb *tab, expr string, timeout time.Duration) T {
	tb.t.Helper()
	v, err := tryAwaitJS[T](tb, expr, timeout)
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

func tryAwaitJS[T any](tb *tab, expr string, timeout time.Duration) (T, error) {
	ctx, cancel := context.WithTimeout(tb.Ctx, timeout)
	defer cancel()
	return chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
}

// openAt loads url (again: a new visit, not a jump to its fragment) and
// waits for one of the statuses want (default ready).
func (tb *tab) openAt(url string, want ...string) {
	tb.t.Helper()
	if err := tb.Open("about:blank"); err != nil {
		tb.t.Fatal(err)
	}
	if err := tb.Open(url); err != nil {
		tb.t.Fatal(err)
	}
	if len(want) == 0 {
		want = []string{"ready"}
	}
	tb.waitStatus(60*time.Second, want...)
}

// waitOffline waits until the page's service worker is active with every
// file of build id in its cache, and returns the cache's names.
func (tb *tab) waitOffline(b offline.Build) []string {
	tb.t.Helper()
	eager := 0
	for _, f := range b.Files {
		if !f.Lazy {
			eager++
		}
	}
	return awaitJS[[]string](tb, fmt.Sprintf(`(async () => {
		const reg = await navigator.serviceWorker.ready;
		for (;;) {
			const keys = await caches.keys();
			if (reg.active && reg.active.state === "activated" && keys.includes("bpl-build-%s")) {
				const n = (await (await caches.open("bpl-build-%s")).keys()).length;
				if (n >= %d) return keys;
			}
			await new Promise((r) => setTimeout(r, 100));
		}
	})()`, b.ID, b.ID, eager), 90*time.Second)
}

// goOffline takes the network away from the tab and its service worker.
func (tb *tab) goOffline() {
	tb.t.Helper()
	ctx, cancel := context.WithTimeout(tb.Ctx, 10*time.Second)
	defer cancel()
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		tb.t.Fatal(err)
	}
	off := true
	if _, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
		EmulateOfflineServiceWorker: &off,
		MatchedNetworkConditions:    []*network.Conditions{{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}},
	}); err != nil {
		tb.t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, network.OverrideNetworkState, network.OverrideNetworkStateParams{Offline: true, DownloadThroughput: -1, UploadThroughput: -1}); err != nil {
		tb.t.Fatal(err)
	}
}

// smoke trains, draws, steps through a pass and runs the gradient check.
func (tb *tab) smoke() {
	tb.t.Helper()
	r := tb.train(30, 90*time.Second)
	if r["loss"] == "" {
		tb.t.Errorf("no loss after training: %s", r)
	}
	if p := tb.drawTestDigit(3); p == "" {
		tb.t.Error("no prediction of a drawn digit")
	}
	tb.accStage("input")
	tb.click("stepper-next")
	tb.accStage("affine1")
	tb.axeGradCheck("none")
}

// TestOffline: after one visit the app loads, trains, predicts, steps and
// checks its gradients with the network gone (the browser offline and the
// server stopped).
func TestOffline(t *testing.T) {
	b, err := offline.Hash(distDir)
	if err != nil {
		t.Fatal(err)
	}
	s := newCountingServer(t, appServer(t, distDir))
	tb := newTab(t)
	tb.openAt(s.URL + "/#hidden=10")
	keys := tb.waitOffline(b)
	if !slices.Equal(keys, []string{"bpl-build-" + b.ID}) {
		t.Errorf("caches %v, want only this build's", keys)
	}
	// The first visit, service worker included: each file is sent once
	// (the worker took the page's downloads from the HTTP cache), and the
	// bytes stay within make bench's goal.
	first := s.take()
	var total int64
	sent := map[string]int{}
	for _, x := range first {
		total += x.bytes
		if x.status == http.StatusOK {
			sent[x.path]++
		}
	}
	for p, n := range sent {
		if n > 1 {
			t.Errorf("the first visit fetched %s %d times", p, n)
		}
	}
	t.Logf("first visit: %d responses, %d body bytes", len(first), total)
	if total > 3_500_000 {
		t.Errorf("the first visit took %d bytes, want at most 3.5 MB", total)
	}

	tb.goOffline()
	s.Close()
	tb.openAt(s.URL + "/#hidden=10")
	if !eval[bool](tb, `!!navigator.serviceWorker.controller`) {
		t.Error("the page offline is not controlled by the service worker")
	}
	tb.smoke()
	time.Sleep(300 * time.Millisecond)
	tb.noConsoleErrors()
}

// TestRepeatVisitFetchesNothingUnchanged: a second visit with the network
// on gets every file from the service worker; the browser only asks
// whether sw.js changed, which it did not (304, no body).
func TestRepeatVisitFetchesNothingUnchanged(t *testing.T) {
	b, err := offline.Hash(distDir)
	if err != nil {
		t.Fatal(err)
	}
	s := newCountingServer(t, appServer(t, distDir))
	tb := newTab(t)
	tb.openAt(s.URL + "/")
	tb.waitOffline(b)
	first := s.take()
	tb.openAt(s.URL + "/")
	tb.step()
	time.Sleep(2 * time.Second) // the browser's update check of sw.js follows the navigation
	again := s.take()
	t.Logf("first visit %d responses, repeat visit %d: %v", len(first), len(again), again)
	for _, x := range again {
		if x.status != http.StatusNotModified || x.bytes != 0 {
			t.Errorf("the repeat visit fetched %v, whose content did not change", x)
		}
		if x.path != "/"+offline.Worker {
			t.Errorf("the repeat visit asked for %v; only the service worker's update check may ask", x)
		}
	}
	if len(again) > 2 {
		t.Errorf("the repeat visit made %d requests, want at most 2 (update checks of sw.js)", len(again))
	}
	tb.noConsoleErrors()
}

// copyDir copies the app folder src into a new temporary folder.
func copyDir(t *testing.T, src string) string {
	t.Helper()
	dst := t.TempDir()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		to := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(to, 0o755)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(to)
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestNewBuildAtNextVisit: a new build on the server is installed at the
// next visit, which still runs wholly on the old build and says, in the
// page's language, that an update is ready; its button switches to the new
// build. Only the changed files and sw.js are downloaded; the kept net
// stays.
func TestNewBuildAtNextVisit(t *testing.T) {
	old := copyDir(t, distDir)
	bOld, err := offline.Hash(old)
	if err != nil {
		t.Fatal(err)
	}
	s := newCountingServer(t, appServer(t, old))
	tb := newTab(t)
	tb.openAt(s.URL + "/#hidden=12")
	tb.step() // a net to keep
	tb.waitFor("the net kept", 10*time.Second, func(kit.Readouts) bool {
		return eval[bool](tb, `document.querySelector('[data-testid="discard-kept"]').disabled === false`)
	})
	tb.waitOffline(bOld)
	s.take()

	// The new build: style.css changed (without its stale precompressed
	// copies), sw.js stamped again.
	next := copyDir(t, old)
	const mark = "/* bpl-e2e new build */\n"
	css := filepath.Join(next, "style.css")
	body, err := os.ReadFile(css)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(css, append(body, mark...), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{".br", ".gz"} {
		os.Remove(css + ext)
		os.Remove(filepath.Join(next, offline.Worker+ext))
	}
	newID, err := offline.Stamp(next)
	if err != nil {
		t.Fatal(err)
	}
	if newID == bOld.ID {
		t.Fatal("the changed folder has the old build id")
	}
	s.swap(appServer(t, next))

	styleHasMark := `fetch("style.css").then((r) => r.text()).then((t) => t.includes("bpl-e2e new build"))`
	tb.openAt(s.URL+"/#hidden=12", "paused") // the kept net, one step trained
	tb.selectOption("lang", "ko")
	tb.accWaitLang("ko")
	notice := tb.waitIDs("the update notice", 60*time.Second, func(r kit.Readouts) bool { return r["update-ready"] != "" }, "update-ready")
	if !hangul.MatchString(notice["update-ready"]) {
		t.Errorf("the update notice on the Korean page says %q", notice["update-ready"])
	}
	// Still the old build, whole: its page and its files.
	if awaitJS[bool](tb, styleHasMark, 10*time.Second) {
		t.Error("the page of the old build got the new build's style.css")
	}
	got := s.take()
	var paths []string
	for _, x := range got {
		if x.status == http.StatusOK {
			paths = append(paths, x.path)
		}
	}
	slices.Sort(paths)
	if want := []string{"/style.css", "/sw.js"}; !slices.Equal(paths, want) {
		t.Errorf("installing the new build downloaded %v, want only the changed files %v (all: %v)", paths, want, got)
	}
	// English again, and the notice follows.
	tb.selectOption("lang", "en")
	tb.accWaitLang("en")
	tb.waitIDs("the notice in English", 5*time.Second, func(r kit.Readouts) bool {
		return strings.Contains(r["update-ready"], "new version")
	}, "update-ready")

	eval[bool](tb, `window.bplE2EOldPage = true`)
	tb.click("update-reload")
	tb.waitFor("a new page after the update button", 30*time.Second, func(kit.Readouts) bool {
		v, err := kit.Eval[bool](tb.Page, `!window.bplE2EOldPage && document.readyState === "complete"`)
		return err == nil && v
	})
	if !awaitJS[bool](tb, styleHasMark, 10*time.Second) {
		t.Error("the page after the update has the old build's style.css")
	}
	tb.waitStatus(60*time.Second, "paused")
	if n := tb.read("update-ready"); n["update-ready"] != "" {
		t.Errorf("the new build's page still shows the notice %q", n["update-ready"])
	}
	keys := awaitJS[[]string](tb, `caches.keys()`, 10*time.Second)
	if !slices.Equal(keys, []string{"bpl-build-" + newID}) {
		t.Errorf("caches after the update %v, want only bpl-build-%s", keys, newID)
	}
	// The kept net came back with the new build.
	if eval[bool](tb, `document.querySelector('[data-testid="discard-kept"]').disabled`) {
		t.Error("the kept net is gone after the update")
	}
	tb.noConsoleErrors()
}

// TestPlainFileServer: dist/ served by a server that sends no header of its
// own (no CSP, no cross-origin isolation, no precompressed files), as a
// static host that cannot set headers does: the page works, with the
// trainer's helpers on messages.
func TestPlainFileServer(t *testing.T) {
	s := httptest.NewServer(http.FileServer(http.Dir(distDir)))
	t.Cleanup(s.Close)
	tb := newTab(t)
	tb.openAt(s.URL + "/#hidden=10")
	if eval[bool](tb, `window.crossOriginIsolated`) {
		t.Error("crossOriginIsolated without COOP and COEP")
	}
	tb.smoke()
	time.Sleep(300 * time.Millisecond)
	tb.noConsoleErrors()
}

// TestInstallable: Chromium finds the web app manifest without errors and
// nothing that keeps the app from being installed, in English, and the
// Korean manifest once the page is in Korean.
func TestInstallable(t *testing.T) {
	b, err := offline.Hash(distDir)
	if err != nil {
		t.Fatal(err)
	}
	s := newCountingServer(t, appServer(t, distDir))
	tb := newTab(t)
	tb.openAt(s.URL + "/")
	tb.waitOffline(b) // installability asks for a service worker with a fetch handler
	manifest := func() page.GetAppManifestResult {
		ctx, cancel := context.WithTimeout(tb.Ctx, 20*time.Second)
		defer cancel()
		m, err := chromedp.Call(ctx, page.GetAppManifest, page.GetAppManifestParams{})
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	m := manifest()
	if !strings.HasSuffix(m.URL, "/app.webmanifest") {
		t.Errorf("the manifest is %s, want app.webmanifest", m.URL)
	}
	for _, e := range m.Errors {
		t.Errorf("manifest error: %s (line %d)", e.Message, e.Line)
	}
	if m.Manifest == nil || m.Manifest.Name != "Backprop Lab" || m.Manifest.ThemeColor == "" {
		t.Errorf("the parsed manifest is %+v", m.Manifest)
	}
	ctx, cancel := context.WithTimeout(tb.Ctx, 30*time.Second)
	defer cancel()
	ie, err := chromedp.Call(ctx, page.GetInstallabilityErrors, cdp.Empty{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ie.InstallabilityErrors {
		// Each test's tab is in a browser context of its own, which
		// Chromium treats as incognito, where nothing is installed.
		if e.ErrorID != "in-incognito" {
			t.Errorf("installability error: %s", e.ErrorID)
		}
	}
	tb.selectOption("lang", "ko")
	tb.accWaitLang("ko")
	m = manifest()
	if !strings.HasSuffix(m.URL, "/app.ko.webmanifest") || m.Manifest == nil || !hangul.MatchString(m.Manifest.Name) {
		t.Errorf("the Korean page's manifest is %s, name %+v", m.URL, m.Manifest)
	}
	tb.noConsoleErrors()
}
