package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain lets TestSignal run this test binary as the command itself.
func TestMain(m *testing.M) {
	if os.Getenv("BACKPROP_LAB_SERVE_MAIN") == "1" {
		main()
		return
	}
	os.Exit(m.Run())
}

func TestDefaultAddrIsLoopback(t *testing.T) {
	c, err := parseFlags(nil, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	host, _, err := net.SplitHostPort(c.addr)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("default -addr %q does not bind loopback", c.addr)
	}
	if c.dir != "dist" || c.addrExplicit {
		t.Errorf("defaults: -dir %q, addr explicit %v; want dist, false", c.dir, c.addrExplicit)
	}
	if c, _ := parseFlags([]string{"-addr", "127.0.0.1:8080"}, io.Discard); !c.addrExplicit {
		t.Errorf("-addr given explicitly (even equal to the default) is not marked explicit")
	}
}

// dist returns a folder holding an index.html.
func dist(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "index.html"), []byte("<!doctype html><title>Backprop Lab</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

func TestRunErrors(t *testing.T) {
	noIndex := t.TempDir()
	for _, c := range []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string
	}{
		{"missing dir", []string{"-dir", filepath.Join(noIndex, "dist")}, 2, "run make dist first"},
		{"dir without index.html", []string{"-dir", noIndex}, 2, "run make dist first"},
		{"unknown flag", []string{"-port", "80"}, 2, "-port"},
		{"extra argument", []string{"-dir", noIndex, "now"}, 2, `unexpected argument "now"`},
		{"addr without port", []string{"-dir", dist(t), "-addr", "localhost"}, 2, "missing port"},
	} {
		t.Run(c.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			code := run(context.Background(), c.args, &stdout, &stderr)
			if code != c.wantCode {
				t.Errorf("exit status %d, want %d", code, c.wantCode)
			}
			if stdout.Len() != 0 {
				t.Errorf("printed %q on stdout, want nothing", stdout.String())
			}
			msg := stderr.String()
			if strings.Count(msg, "\n") != 1 || !strings.HasSuffix(msg, "\n") || !strings.HasPrefix(msg, "serve: ") {
				t.Errorf("stderr %q, want one line starting with \"serve: \"", msg)
			}
			if !strings.Contains(msg, c.wantErr) {
				t.Errorf("stderr %q does not contain %q", msg, c.wantErr)
			}
		})
	}
}

func TestRunHelp(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if code := run(context.Background(), []string{"-h"}, &stdout, &stderr); code != 0 {
		t.Errorf("-h: exit status %d, want 0", code)
	}
	if !strings.Contains(stdout.String(), "-addr") || !strings.Contains(stdout.String(), "-dir") {
		t.Errorf("-h printed %q, want the flags", stdout.String())
	}
}

var listening = regexp.MustCompile(`^Backprop Lab: serving (.+) at (http://127\.0\.0\.1:\d+/)\n$`)

// TestRunServes runs the command on a random loopback port, fetches the
// page, and stops it as a signal would, by cancelling its context.
func TestRunServes(t *testing.T) {
	dir := dist(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, w := io.Pipe()
	var stderr bytes.Buffer
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"-dir", dir, "-addr", "127.0.0.1:0"}, w, &stderr)
		w.Close()
	}()
	r := bufio.NewReader(out)
	line, err := r.ReadString('\n')
	if err != nil {
		t.Fatalf("reading the first line: %v", err)
	}
	m := listening.FindStringSubmatch(line)
	if m == nil || m[1] != dir {
		t.Fatalf("printed %q, want \"Backprop Lab: serving %s at http://127.0.0.1:PORT/\"", line, dir)
	}
	resp, err := http.Get(m[2])
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(b), "Backprop Lab") || resp.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("GET %s: status %d, body %q, CSP %q", m[2], resp.StatusCode, b, resp.Header.Get("Content-Security-Policy"))
	}

	cancel()
	rest, _ := io.ReadAll(r)
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit status %d after shutdown, want 0 (stderr %q)", code, stderr.String())
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
	if len(rest) != 0 {
		t.Errorf("printed more after the first line: %q", rest)
	}
}

// TestRunExplicitAddrBusy checks that a port given with -addr is not
// swapped for another: the user asked for that one.
func TestRunExplicitAddrBusy(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"-dir", dist(t), "-addr", busy.Addr().String()}, &stdout, &stderr)
	if code != 1 || stdout.Len() != 0 || strings.Count(stderr.String(), "\n") != 1 {
		t.Errorf("exit status %d, stdout %q, stderr %q; want 1, nothing, one line", code, stdout.String(), stderr.String())
	}
}

// TestSignal runs the command as a process and interrupts it: it must
// shut down and exit with status 0.
func TestSignal(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skipf("no SIGINT to send on %s", runtime.GOOS)
	}
	for _, sig := range []os.Signal{os.Interrupt, syscall.SIGTERM} {
		t.Run(sig.String(), func(t *testing.T) {
			cmd := exec.Command(os.Args[0], "-dir", dist(t), "-addr", "127.0.0.1:0")
			cmd.Env = append(os.Environ(), "BACKPROP_LAB_SERVE_MAIN=1")
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			var stderr bytes.Buffer
			cmd.Stderr = &stderr
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if err != nil || !listening.MatchString(line) {
				cmd.Process.Kill()
				cmd.Wait()
				t.Fatalf("first line %q (%v), stderr %q", line, err, stderr.String())
			}
			if err := cmd.Process.Signal(sig); err != nil {
				t.Fatal(err)
			}
			waited := make(chan error, 1)
			go func() { waited <- cmd.Wait() }()
			select {
			case err := <-waited:
				if err != nil {
					t.Errorf("after %v: %v (stderr %q), want exit status 0", sig, err, stderr.String())
				}
			case <-time.After(10 * time.Second):
				cmd.Process.Kill()
				t.Fatalf("still running 10 s after %v", sig)
			}
		})
	}
}

// TestSignalStalledClient interrupts the command while a client is
// stalled in the middle of a request. Shutdown waits out its grace period
// (server.ShutdownTimeout), closes the connection and exits with status 0
// and nothing on stderr: a client that never finishes is no failure of
// the server.
func TestSignalStalledClient(t *testing.T) {
	if runtime.GOOS == "windows" || runtime.GOOS == "js" || runtime.GOOS == "wasip1" {
		t.Skipf("no SIGTERM to send on %s", runtime.GOOS)
	}
	cmd := exec.Command(os.Args[0], "-dir", dist(t), "-addr", "127.0.0.1:0")
	cmd.Env = append(os.Environ(), "BACKPROP_LAB_SERVE_MAIN=1")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	line, err := bufio.NewReader(stdout).ReadString('\n')
	m := listening.FindStringSubmatch(line)
	if err != nil || m == nil {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("first line %q (%v), stderr %q", line, err, stderr.String())
	}
	conn, err := net.Dial("tcp", strings.TrimSuffix(strings.TrimPrefix(m[2], "http://"), "/"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// The headers of a request with a body, and none of the body.
	if _, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(200 * time.Millisecond) // the request reaches its handler
	start := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	waited := make(chan error, 1)
	go func() { waited <- cmd.Wait() }()
	select {
	case err := <-waited:
		if err != nil || stderr.Len() != 0 {
			t.Errorf("after SIGTERM with a stalled client: %v, stderr %q; want exit status 0 and nothing", err, stderr.String())
		}
		t.Logf("exited %v after SIGTERM", time.Since(start).Round(time.Millisecond))
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		t.Fatal("still running 15 s after SIGTERM")
	}
}

// TestRunBeyondLoopback runs the command on all interfaces: it must print
// a URL a browser here can open, say that the network reaches it too,
// and warn on stderr; on loopback it warns of nothing.
func TestRunBeyondLoopback(t *testing.T) {
	for _, c := range []struct {
		addr, wantURL string
		wantWarning   bool
	}{
		{"127.0.0.1:0", `http://127\.0\.0\.1:\d+/`, false},
		{"0.0.0.0:0", `http://127\.0\.0\.1:\d+/ and on every network interface`, true},
		{"[::]:0", `http://127\.0\.0\.1:\d+/ and on every network interface`, true},
	} {
		t.Run(c.addr, func(t *testing.T) {
			if strings.HasPrefix(c.addr, "[") {
				ln, err := net.Listen("tcp6", "[::1]:0")
				if err != nil {
					t.Skipf("no IPv6 loopback: %v", err)
				}
				ln.Close()
			}
			dir := dist(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out, w := io.Pipe()
			var stderr bytes.Buffer
			done := make(chan int, 1)
			go func() {
				done <- run(ctx, []string{"-dir", dir, "-addr", c.addr}, w, &stderr)
				w.Close()
			}()
			line, err := bufio.NewReader(out).ReadString('\n')
			if err != nil {
				t.Fatalf("reading the first line: %v", err)
			}
			want := regexp.MustCompile(`^Backprop Lab: serving ` + regexp.QuoteMeta(dir) + ` at (` + c.wantURL + `)\n$`)
			m := want.FindStringSubmatch(line)
			if m == nil {
				t.Errorf("printed %q, want it to match %s", line, want)
			} else {
				url, _, _ := strings.Cut(m[1], " ")
				resp, err := http.Get(url)
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					t.Errorf("GET %s: status %d, want 200", url, resp.StatusCode)
				}
			}
			cancel()
			go io.Copy(io.Discard, out)
			if code := <-done; code != 0 {
				t.Errorf("exit status %d, want 0", code)
			}
			msg := stderr.String()
			if !c.wantWarning {
				if msg != "" {
					t.Errorf("stderr %q, want nothing", msg)
				}
				return
			}
			if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "serve: warning: ") || !strings.Contains(msg, "network") {
				t.Errorf("stderr %q, want one line \"serve: warning: ...\" about the network", msg)
			}
		})
	}
}
