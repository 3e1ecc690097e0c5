//go:build e2e

package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// fullRuns is how many pairs of full runs the fullrun row times.
const fullRuns = 3

// fullRun times the book's full run (the default settings: 10,000
// iterations of 100 with an evaluation of all 12,000 images per epoch) in
// the live page with every view open, from the click on train-toggle to
// status done, against cmd/train's run of the same settings on the same
// data (built once, wall clock of the process), in alternating pairs so
// that both see the same machine; the row is the median of the pairs'
// ratios. Goal ≤ 1.3.
func (br *browserRun) fullRun() {
	began := time.Now()
	m := newMeasurement("full_run", "the book's full run: page ÷ cmd/train", "×", "<=", 1.3)
	var pageSec, nativeSec []float64
	err := func() error {
		dir, err := os.MkdirTemp("", "bpl-bench-train-")
		if err != nil {
			return err
		}
		defer os.RemoveAll(dir)
		bin := filepath.Join(dir, "train")
		goCmd, err := goCommand()
		if err != nil {
			return err
		}
		if out, err := exec.CommandContext(br.ctx, goCmd, "build", "-o", bin, "./cmd/train").CombinedOutput(); err != nil {
			return fmt.Errorf("building cmd/train: %v: %s", err, out)
		}
		for range fullRuns {
			t0 := time.Now()
			if out, err := exec.CommandContext(br.ctx, bin).CombinedOutput(); err != nil {
				return fmt.Errorf("cmd/train: %v: %s", err, tail(string(out), 5))
			}
			native := time.Since(t0).Seconds()
			page, err := br.fullRunPage()
			if err != nil {
				return err
			}
			nativeSec, pageSec = append(nativeSec, native), append(pageSec, page)
			m.Runs = append(m.Runs, page/native)
		}
		return nil
	}()
	m.Extra = map[string]any{"page_seconds": pageSec, "cmd_train_seconds": nativeSec}
	m.finish(err, began)
	if err == nil {
		p, n := slices.Sorted(slices.Values(pageSec)), slices.Sorted(slices.Values(nativeSec))
		m.Notes = append(m.Notes, fmt.Sprintf("%d alternating pairs: cmd/train (default settings, the bundled subset, one process) and the page (/#iters=10000, every view open, a fresh tab, from the click on train-toggle to status done); medians %.1f s (page) and %.1f s (cmd/train)",
			fullRuns, median(p), median(n)))
	}
	br.add(m)
}

// fullRunPage times one full run in a fresh tab of the live page.
func (br *browserRun) fullRunPage() (float64, error) {
	p, err := br.openReadyAt(br.url + "#iters=10000")
	if err != nil {
		return 0, err
	}
	defer p.Close()
	t0 := time.Now()
	if err := p.Click("train-toggle"); err != nil {
		return 0, err
	}
	if _, err := p.WaitFor("the full run done", 10*time.Minute, func(r kit.Readouts) bool { return r["status"] == "done" }); err != nil {
		return 0, withProblems(p, err)
	}
	return time.Since(t0).Seconds(), nil
}
