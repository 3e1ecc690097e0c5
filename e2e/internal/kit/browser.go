//go:build e2e

// Package kit is the harness of Backprop Lab's end-to-end tests and of the
// screenshot program: it serves dist/ with the project's own static server,
// starts headless Chromium, and drives the page through its data-testid
// hooks (see the page contract in the package e2e tests). Every helper
// returns an error instead of failing a test, so that e2e/cmd/screens can
// use it too.
package kit

import (
	"context"
	"errors"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/backprop-lab/backprop-lab/server"
	"github.com/chromedp/chromedp"
)

// FindChromium returns the browser binary: $BPL_CHROMIUM if set, else
// Debian's /usr/bin/chromium, else the first of chromium, chromium-browser,
// google-chrome-stable and google-chrome on PATH.
func FindChromium() (string, error) {
	if p := os.Getenv("BPL_CHROMIUM"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("BPL_CHROMIUM=%s: %w", p, err)
		}
		return p, nil
	}
	if _, err := os.Stat("/usr/bin/chromium"); err == nil {
		return "/usr/bin/chromium", nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome-stable", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: the end-to-end tests need a Chromium browser " +
		"(Debian: apt-get install chromium), or set BPL_CHROMIUM to the binary of a Chromium-based browser")
}

// CheckDist reports whether dir holds a built app: the files that the page
// cannot start without.
func CheckDist(dir string) error {
	for _, f := range []string{"index.html", "main.wasm", "wasm_exec.js", "app.js", "worker.js", "manifest.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			abs, _ := filepath.Abs(dir)
			return fmt.Errorf("the built app is missing (%s: %v): run `make dist` first, or `make test-e2e`, which does", filepath.Join(abs, f), err)
		}
	}
	return nil
}

// Serve serves the built app in dir on 127.0.0.1 on a random port, through
// package server, so that the pages get its real headers (the
// Content-Security-Policy and cross-origin isolation included).
func Serve(dir string) (*httptest.Server, error) {
	if err := CheckDist(dir); err != nil {
		return nil, err
	}
	h, err := server.New(dir)
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(h), nil // httptest listens on 127.0.0.1:0
}

// BrowserOptions set up Launch.
type BrowserOptions struct {
	ExecPath    string // the browser binary (FindChromium)
	UserDataDir string // a fresh, empty profile folder
	Width       int    // window size in CSS pixels
	Height      int
}

// Launch starts one headless browser and returns its context: each
// NewPage(ctx) is a new tab of it. Cancel the context to stop the browser.
func Launch(parent context.Context, o BrowserOptions) (context.Context, context.CancelFunc, error) {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(o.ExecPath),
		chromedp.Headless,
		chromedp.NoSandbox, // the tests run as root in CI containers
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-background-timer-throttling", true),
		chromedp.Flag("disable-renderer-backgrounding", true),
		// The page picks its language from the browser's; the tests read
		// English, whatever the machine's locale.
		chromedp.Flag("lang", "en-US"),
		chromedp.Flag("accept-lang", "en-US"),
		chromedp.Env("LANGUAGE=en_US", "LANG=en_US.UTF-8"),
		chromedp.UserDataDir(o.UserDataDir),
		chromedp.WindowSize(o.Width, o.Height),
	)
	actx, acancel := chromedp.NewExecAllocator(parent, opts...)
	bctx, bcancel := chromedp.NewContext(actx)
	cancel := func() { bcancel(); acancel() }
	// Start the browser with a context that has no deadline (chromedp ties
	// the browser's life to the context of the first Run), but do not wait
	// for ever.
	done := make(chan error, 1)
	go func() { done <- chromedp.Do(bctx) }()
	select {
	case err := <-done:
		if err != nil {
			cancel()
			return nil, nil, fmt.Errorf("starting %s: %w", o.ExecPath, err)
		}
	case <-time.After(60 * time.Second):
		cancel()
		return nil, nil, fmt.Errorf("starting %s: no answer within 60 s", o.ExecPath)
	}
	return bctx, cancel, nil
}

// RemoveAll removes a profile folder; the browser's helper processes can
// still write to it for a moment after the browser stops.
func RemoveAll(dir string) error {
	var err error
	for range 50 {
		if err = os.RemoveAll(dir); err == nil {
			return nil
		}
		time.Sleep(100 * time.Millisecond)
	}
	return err
}
