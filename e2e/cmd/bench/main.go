//go:build e2e

// Command bench measures Backprop Lab against the goals of its performance
// issue and prints a table (and writes the same as JSON). It is what
// `make bench` runs, from the repository root, after `make dist`:
//
//	go run -tags e2e ./e2e/cmd/bench -out bench/results.json
//
// It measures, one after the other (the machine is shared, so every number
// is the median of several runs, with their minimum and maximum):
//
//  1. native: the training step of package nn on the bundled MNIST subset
//     (BenchmarkTrainStepMNIST, a batch of 100 on the 784-50-10 net), `go
//     test -bench -count 5`: samples/s and allocs/op. Goals ≥ 35,000
//     samples/s and 0 allocs/op.
//  2. node: the same benchmark compiled to js/wasm and run under Node
//     (go_js_wasm_exec), -benchtime 100x -count 3. No goal: for comparison.
//  3. chromium: the app's bench page (/?bench=train&iters=1000&workers=W)
//     in headless Chromium, 3 fresh tabs per W, for W = 1 and for
//     W = 2..runtime.NumCPU() (at least 2) data-parallel workers; the page
//     reports its speed in [data-testid=bench-result]. 1000 iterations (3-5
//     s): over 300, the first second's compiling of the hot code by V8 on
//     the same 2 cores weighed on the result, most with 2 workers. Goals: 1 worker
//     ≥ 15,000 samples/s (1.2× TensorFlow.js WASM SIMD's 12,400 measured on
//     this machine), N workers ≥ 1.8 × 12,400 = 22,320 samples/s.
//  4. ready: from navigation to status "ready", 5 fresh tabs (each a new
//     browser context, so an empty cache), timed in the page by a script
//     injected before the page's own (Page.addScriptToEvaluateOnNewDocument)
//     whose MutationObserver (and a 5 ms poll as a safety net) notes
//     performance.now() when the status text becomes "ready". Goal ≤ 1.5 s.
//  5. bytes: the response bytes (status and header lines as the handler
//     set them, and the compressed bodies) that the program's own server
//     sent to the page and its workers in the same 5 first visits, from
//     navigation to ready: the page fetches main.wasm and the test set, the
//     trainer worker the training set, so the page's resource entries
//     (whose transferSize sum is reported too, and must be non-zero, which
//     proves an empty cache) miss part of it. Goal ≤ 3.5 MB (1e6 bytes);
//     MiB is reported too.
//  6. heartbeat: the worst gap between the ticks of an injected 10 ms
//     setInterval over 5 s of the page's time from just before the click on
//     train-toggle (all views open), 5 fresh tabs; the idle page's worst
//     gap over 2 s, the ticks counted and the long tasks are noted for
//     comparison. Goal ≤ 50 ms.
//  7. live: "training with the views open", goal ≥ 90% of the 1-worker
//     bench page's speed. Two warm tabs take turns 24 times: the bench page
//     (/?bench=train&iters=200&workers=1, whose "Run again" button times
//     200 more steps without a page load) while the live app is paused,
//     then the live app (/#iters=100000, a budget the turns cannot reach)
//     training with every view open, timed over 1.2 s or more of training
//     from the trainer's totals of samples and training time, which the
//     page shows on its samples/s readout (data-trained-samples,
//     data-trained-ms): their change between the first message after the
//     resume and a later one. Each reading ÷ the geometric mean of the
//     bench runs just before and just after it (25 bench runs for 24
//     readings; turns seconds apart fit between the machine's changes of
//     speed, which fresh tabs minutes apart did not); median of the 24
//     ratios.
//  8. draw: with the pretrained net loaded, MNIST test digits are drawn on
//     the drawing canvas with real input events (Input.dispatchMouseEvent,
//     one pointer event every 8 ms, as a 125 Hz mouse); injected
//     capture-phase listeners note the timeStamps of the pointer's moves
//     (pointerrawupdate, which Chromium dispatches at once and the page
//     draws on, and pointermove with its coalesced events, dispatched at
//     the next frame) and a MutationObserver on the probabilities' data-prob
//     attributes notes when they change; the latency of a change is its
//     time minus the earliest timeStamp of a move since the previous change
//     (a new stroke forgets a move that changed nothing). About 100 changes; the 95th percentile is
//     compared with the goal ≤ 16 ms, the median is reported too.
//  9. fullrun: the book's full run (10,000 iterations, an evaluation of all
//     12,000 images per epoch) in the live page with every view open, from
//     the click to status done, ÷ cmd/train's run of the same settings
//     (one process, wall clock), 3 alternating pairs, median of the ratios.
//     Goal ≤ 1.3.
//
// The JSON has, for each measurement, its goal, value (the statistic that is
// compared with the goal), unit, median, min, max, runs, pass (null without
// a goal), error, notes and extra details. -only runs some groups (native,
// node, chromium, ready (with bytes), heartbeat, live, draw), for a quick look.
//
// A measurement that cannot run records its error and the others go on. The
// exit status is 1 when a measurement could not run (a harness failure) or
// the results cannot be written, and 0 otherwise, goals missed or not.
// BPL_CHROMIUM names the browser binary, as for the end-to-end tests.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// Measurement is one row of the table.
type Measurement struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Unit string `json:"unit"`
	// Goal and GoalOp (">=" or "<="): nil and "" when there is none.
	Goal   *float64 `json:"goal"`
	GoalOp string   `json:"goal_op,omitempty"`
	// Value is what is compared with the goal: the median of the runs, or
	// the statistic that Stat names.
	Value  *float64  `json:"value"`
	Stat   string    `json:"stat"`
	Median *float64  `json:"median"`
	Min    *float64  `json:"min"`
	Max    *float64  `json:"max"`
	Runs   []float64 `json:"runs"`
	// Pass is nil when there is no goal or the measurement did not run.
	Pass    *bool          `json:"pass"`
	Error   string         `json:"error,omitempty"`
	Notes   []string       `json:"notes,omitempty"`
	Extra   map[string]any `json:"extra,omitempty"`
	Seconds float64        `json:"seconds"`
}

// Results is the JSON file.
type Results struct {
	Started      time.Time      `json:"started"`
	Seconds      float64        `json:"seconds"`
	Host         map[string]any `json:"host"`
	Measurements []*Measurement `json:"measurements"`
}

func main() {
	out := flag.String("out", filepath.Join("bench", "results.json"), "the JSON file to write")
	dist := flag.String("dist", "dist", "the built app (make dist)")
	assets := flag.String("assets", filepath.Join("assets", "mnist-subset"), "the bundled MNIST subset, for the digits to draw")
	only := flag.String("only", "", "comma-separated groups to run (native,node,chromium,ready,heartbeat,live,draw,fullrun); all when empty")
	timeout := flag.Duration("timeout", 16*time.Minute, "give up on whatever is still running after this long")
	flag.Parse()

	start := time.Now()
	ctx, cancel := context.WithTimeout(context.Background(), *timeout)
	defer cancel()

	b := &bench{ctx: ctx, dist: *dist, assets: *assets, res: &Results{Started: start.UTC(), Host: hostInfo()}}
	want := func(group string) bool {
		return *only == "" || slices.Contains(strings.Split(*only, ","), group)
	}
	if want("native") {
		b.native()
	}
	if want("node") {
		b.node()
	}
	if want("chromium") || want("ready") || want("heartbeat") || want("live") || want("draw") || want("fullrun") {
		b.browser(want)
	}
	b.res.Seconds = time.Since(start).Seconds()

	printTable(os.Stdout, b.res)
	fmt.Printf("\ntotal %.0f s\n", b.res.Seconds)

	failed := false
	for _, m := range b.res.Measurements {
		if m.Error != "" {
			failed = true
		}
	}
	if err := writeJSON(*out, b.res); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
	fmt.Println("wrote", *out)
	if failed {
		fmt.Fprintln(os.Stderr, "bench: some measurements could not run (see their errors)")
		os.Exit(1)
	}
}

type bench struct {
	ctx          context.Context
	dist, assets string
	res          *Results
}

// add records a measurement and prints it as it comes, so that a long run
// shows progress.
func (b *bench) add(m *Measurement) {
	b.res.Measurements = append(b.res.Measurements, m)
	if m.Error != "" {
		fmt.Fprintf(os.Stderr, "bench: %s: ERROR %s\n", m.Name, m.Error)
		return
	}
	fmt.Fprintf(os.Stderr, "bench: %s: %s %s (%s of %d runs), %s\n", m.Name, format(*m.Value, m.Unit), m.Unit, m.Stat, len(m.Runs), verdict(m))
}

// newMeasurement returns a measurement with its goal.
func newMeasurement(id, name, unit, op string, goal float64) *Measurement {
	m := &Measurement{ID: id, Name: name, Unit: unit, Stat: "median", Runs: []float64{}}
	if op != "" {
		m.Goal, m.GoalOp = &goal, op
	}
	return m
}

// finish fills the statistics from m.Runs (value = median), or records err.
func (m *Measurement) finish(err error, began time.Time) *Measurement {
	m.Seconds = math.Round(time.Since(began).Seconds()*10) / 10
	if err != nil {
		m.Error = err.Error()
	}
	if len(m.Runs) == 0 {
		if m.Error == "" {
			m.Error = "no runs"
		}
		return m
	}
	if m.Error != "" {
		// Some runs but not all: keep them, but mark the measurement as not
		// run, for it is not the number of runs asked for.
		m.Notes = append(m.Notes, fmt.Sprintf("%d runs before the error", len(m.Runs)))
		return m
	}
	s := slices.Sorted(slices.Values(m.Runs))
	med, lo, hi := median(s), s[0], s[len(s)-1]
	m.Median, m.Min, m.Max = &med, &lo, &hi
	if m.Value == nil {
		m.Value = &med
	}
	if m.Goal != nil {
		pass := *m.Value >= *m.Goal
		if m.GoalOp == "<=" {
			pass = *m.Value <= *m.Goal
		}
		m.Pass = &pass
	}
	return m
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

func verdict(m *Measurement) string {
	switch {
	case m.Error != "":
		return "ERROR"
	case m.Pass == nil:
		return "-"
	case *m.Pass:
		return "pass"
	default:
		return "FAIL"
	}
}

// format prints a number for its unit.
func format(v float64, unit string) string {
	switch unit {
	case "samples/s", "allocs/op", "bytes":
		return thousands(int64(math.Round(v)))
	case "MB", "MiB":
		return fmt.Sprintf("%.2f", v)
	case "ms":
		return fmt.Sprintf("%.1f", v)
	case "s":
		return fmt.Sprintf("%.2f", v)
	}
	return fmt.Sprintf("%.3g", v)
}

func thousands(n int64) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return "-" + thousands(-n)
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

func printTable(f *os.File, res *Results) {
	fmt.Fprintf(f, "\nBackprop Lab bench, %s, %v/%v, %d CPUs, %v\n\n", res.Started.Format(time.RFC3339), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), res.Host["chromium"])
	w := tabwriter.NewWriter(f, 0, 0, 2, ' ', 0)
	fmt.Fprintln(w, "measurement\tgoal\tvalue\tmedian\tmin\tmax\truns\tresult\t")
	for _, m := range res.Measurements {
		goal := "-"
		if m.Goal != nil {
			goal = strings.Replace(m.GoalOp, ">=", "≥ ", 1)
			goal = strings.Replace(goal, "<=", "≤ ", 1) + format(*m.Goal, m.Unit) + " " + m.Unit
		}
		if m.Error != "" {
			fmt.Fprintf(w, "%s\t%s\t\t\t\t\t%d\tERROR\t\n", m.Name, goal, len(m.Runs))
			continue
		}
		val := format(*m.Value, m.Unit) + " " + m.Unit
		if m.Stat != "median" {
			val += " (" + m.Stat + ")"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\t%d\t%s\t\n", m.Name, goal, val,
			format(*m.Median, m.Unit), format(*m.Min, m.Unit), format(*m.Max, m.Unit), len(m.Runs), verdict(m))
	}
	w.Flush()

	var notes []string
	for _, m := range res.Measurements {
		if m.Error != "" {
			notes = append(notes, fmt.Sprintf("%s: ERROR: %s", m.Name, m.Error))
		}
		for _, n := range m.Notes {
			notes = append(notes, m.Name+": "+n)
		}
	}
	if len(notes) > 0 {
		fmt.Fprintln(f)
		for _, n := range notes {
			fmt.Fprintln(f, "  "+n)
		}
	}
}

func writeJSON(path string, res *Results) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
	}
	buf, err := json.MarshalIndent(res, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(buf, '\n'), 0o644)
}

func hostInfo() map[string]any {
	h := map[string]any{"goos": runtime.GOOS, "goarch": runtime.GOARCH, "num_cpu": runtime.NumCPU()}
	if goBin, err := goCommand(); err == nil {
		if out, err := exec.Command(goBin, "version").Output(); err == nil {
			h["go"] = strings.TrimSpace(string(out))
		}
	}
	if out, err := exec.Command("node", "--version").Output(); err == nil {
		h["node"] = strings.TrimSpace(string(out))
	}
	if buf, err := os.ReadFile("/proc/loadavg"); err == nil {
		h["loadavg_at_start"] = strings.TrimSpace(string(buf))
	}
	return h
}

// goCommand returns the go command on PATH.
func goCommand() (string, error) {
	p, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("the Go benchmarks need the go command on PATH: %w", err)
	}
	return p, nil
}
