//go:build e2e

package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// benchLine is one result line of `go test -bench`.
type benchLine struct {
	name    string
	n       int
	metrics map[string]float64 // by unit: "ns/op", "samples/s", "allocs/op", ...
}

var benchRE = regexp.MustCompile(`^(Benchmark\S+?)(-\d+)?\s+(\d+)\s+(.+)$`)

// parseBench returns the lines of benchmark name in the output of go test.
func parseBench(out, name string) []benchLine {
	var lines []benchLine
	for _, l := range strings.Split(out, "\n") {
		m := benchRE.FindStringSubmatch(strings.TrimSpace(l))
		if m == nil || m[1] != name {
			continue
		}
		n, _ := strconv.Atoi(m[3])
		bl := benchLine{name: m[1], n: n, metrics: map[string]float64{}}
		f := strings.Fields(m[4])
		for i := 0; i+1 < len(f); i += 2 {
			if v, err := strconv.ParseFloat(f[i], 64); err == nil {
				bl.metrics[f[i+1]] = v
			}
		}
		lines = append(lines, bl)
	}
	return lines
}

// goTest runs go with args (and extra environment) with a time limit and
// returns its combined output.
func goTest(ctx context.Context, timeout time.Duration, env []string, args ...string) (string, error) {
	goBin, err := goCommand()
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join("nn", "bench_test.go")); err != nil {
		return "", fmt.Errorf("run the bench from the repository root (no nn/bench_test.go here): %w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, goBin, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.WaitDelay = 5 * time.Second
	var buf bytes.Buffer
	cmd.Stdout, cmd.Stderr = &buf, &buf
	err = cmd.Run()
	out := buf.String()
	if ctx.Err() != nil {
		return out, fmt.Errorf("go %s: not done within %v: %s", strings.Join(args, " "), timeout, tail(out, 5))
	}
	if err != nil {
		return out, fmt.Errorf("go %s: %v: %s", strings.Join(args, " "), err, tail(out, 10))
	}
	return out, nil
}

func tail(s string, n int) string {
	l := strings.Split(strings.TrimSpace(s), "\n")
	if len(l) > n {
		l = l[len(l)-n:]
	}
	return strings.Join(l, " | ")
}

// stepBench is the benchmark of a training step that the bench runs: the
// demo's step on the bundled MNIST subset, whose images' zeros the js/wasm
// kernels skip (random dense inputs, BenchmarkTrainStep, would not show
// that).
const stepBench = "BenchmarkTrainStepMNIST"

// trainStep runs stepBench with go test and records samples/s and
// allocs/op.
func (b *bench) trainStep(prefix, label string, goal, allocGoal bool, timeout time.Duration, env []string, args ...string) {
	began := time.Now()
	sps := newMeasurement(prefix+"_train_step", label+" training step (batch 100)", "samples/s", "", 0)
	allocs := newMeasurement(prefix+"_allocs", label+" allocations per step", "allocs/op", "", 0)
	if goal {
		sps = newMeasurement(prefix+"_train_step", label+" training step (batch 100)", "samples/s", ">=", 35000)
	}
	if allocGoal {
		allocs = newMeasurement(prefix+"_allocs", label+" allocations per step", "allocs/op", "<=", 0)
	}
	cmdline := "go " + strings.Join(args, " ")
	if len(env) > 0 {
		cmdline = strings.Join(env, " ") + " " + cmdline
	}
	sps.Extra = map[string]any{"command": cmdline}
	out, err := goTest(b.ctx, timeout, env, args...)
	if err == nil {
		lines := parseBench(out, stepBench)
		var nsop []float64
		for _, l := range lines {
			v, ok := l.metrics["samples/s"]
			if !ok {
				err = fmt.Errorf("a %s line has no samples/s metric: %v", stepBench, l.metrics)
				break
			}
			sps.Runs = append(sps.Runs, v)
			if a, ok := l.metrics["allocs/op"]; ok {
				allocs.Runs = append(allocs.Runs, a)
			}
			nsop = append(nsop, l.metrics["ns/op"])
		}
		if err == nil && len(lines) == 0 {
			err = fmt.Errorf("no %s result in the output of %s: %s", stepBench, cmdline, tail(out, 10))
		}
		if err == nil && len(allocs.Runs) == 0 {
			err = errors.New("no allocs/op in the output (the benchmark should call b.ReportAllocs)")
		}
		sps.Extra["ns_per_op"] = nsop
	}
	b.add(sps.finish(err, began))
	b.add(allocs.finish(err, began))
}

func (b *bench) native() {
	b.trainStep("native", "native", true, true, 3*time.Minute, nil,
		"test", "-run", "^$", "-bench", "^"+stepBench+"$", "-benchmem", "-count", "5", "./nn")
}

func (b *bench) node() {
	goBin, err := goCommand()
	var goroot string
	if err == nil {
		var out []byte
		out, err = exec.CommandContext(b.ctx, goBin, "env", "GOROOT").Output()
		goroot = strings.TrimSpace(string(out))
	}
	if err == nil {
		if _, err = exec.LookPath("node"); err != nil {
			err = fmt.Errorf("the js/wasm benchmark needs Node.js on PATH: %w", err)
		}
	}
	if err != nil {
		began := time.Now()
		m := newMeasurement("node_train_step", "Node (js/wasm) training step (batch 100)", "samples/s", "", 0)
		b.add(m.finish(err, began))
		return
	}
	exe := filepath.Join(goroot, "lib", "wasm", "go_js_wasm_exec")
	b.trainStep("node", "Node (js/wasm)", false, false, 4*time.Minute, []string{"GOOS=js", "GOARCH=wasm"},
		"test", "-exec="+exe, "-run", "^$", "-bench", "^"+stepBench+"$", "-benchtime", "100x", "-count", "3", "./nn")
}
