//go:build unix

package server

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// childDirEnv names the folder a child server serves, when this test
// binary runs as one (see TestSlowBodyAttack).
const childDirEnv = "BACKPROP_LAB_SERVER_CHILD_DIR"

// childNoFile is the descriptor limit of the child server: the usual
// soft limit, which the starvation of issue 23 ran into.
const childNoFile = 1024

func TestMain(m *testing.M) {
	if dir := os.Getenv(childDirEnv); dir != "" {
		os.Exit(serveChild(dir))
	}
	os.Exit(m.Run())
}

// serveChild serves dir as a server process would, with childNoFile
// descriptors (hard limit too, since the Go runtime raises the soft one
// to it) and timeouts scaled down from the defaults so that a test lasts
// seconds. It prints the address, then serves until SIGTERM.
func serveChild(dir string) int {
	lim := syscall.Rlimit{Cur: childNoFile, Max: childNoFile}
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	h, err := New(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	ln, err := Listen("")
	if err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	fmt.Println(ln.Addr())
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM)
	defer stop()
	c := Config{ReadTimeout: time.Second, WriteTimeout: 2 * time.Second, ShutdownTimeout: 100 * time.Millisecond}
	if err := c.Serve(ctx, ln, h); err != nil {
		fmt.Fprintln(os.Stderr, "child:", err)
		return 1
	}
	return 0
}

// startChild runs this test binary as a server of dir and returns its
// address and process ID.
func startChild(t *testing.T, dir string) (addr string, pid int) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childDirEnv+"="+dir)
	var stderr bytes.Buffer // its log, shown if the test fails
	cmd.Stderr = &stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan struct{})
		go func() { cmd.Wait(); close(done) }()
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			cmd.Process.Kill()
			<-done
		}
		if t.Failed() && stderr.Len() > 0 {
			lines := strings.SplitAfter(stderr.String(), "\n")
			t.Logf("the server's log (%d lines), its start:\n%s", len(lines), strings.Join(lines[:min(len(lines), 10)], ""))
		}
	})
	line, err := bufio.NewReader(stdout).ReadString('\n')
	if err != nil {
		t.Fatalf("the child server printed no address: %v", err)
	}
	return strings.TrimSpace(line), cmd.Process.Pid
}

// TestSlowBodyAttack is issue 23's starvation: attackers send a request's
// headers announcing a 1,000-byte body, then trickle it, and reconnect
// whenever the server closes them, against a server with the usual 1,024
// descriptors. Meanwhile a probe client, as a browser would, asks for the
// page 50 times: every request must be answered with 200. 300 attackers
// are issue 23's, which starved the server when a connection held four
// descriptors; 600 are what it takes to starve it now that a connection
// holds two, without the connection limit.
//
// The child's read timeout is a tenth of the default, so the seconds the
// probe takes span several read timeouts, and the attackers are cut and
// reconnect again and again meanwhile.
func TestSlowBodyAttack(t *testing.T) {
	for _, attackers := range []int{300, 600} {
		t.Run(fmt.Sprint(attackers), func(t *testing.T) { slowBodyAttack(t, attackers) })
	}
}

func slowBodyAttack(t *testing.T, attackers int) {
	const (
		probes      = 50
		probeEvery  = 60 * time.Millisecond
		probeWait   = 10 * time.Second // one probe request's patience
		probeBudget = 20 * time.Second // all of them, so a failing server cannot stall the test
	)
	dir := t.TempDir()
	page := []byte("<!doctype html><title>Backprop Lab</title>\n")
	// The attackers ask for main.wasm, which has both precompressed
	// siblings as in dist/. Its content is random so that no response
	// fits in the server's write buffer: a handler then waits for the
	// body with its files open, as with the real 1.5 MB main.wasm.
	rng := rand.New(rand.NewPCG(23, 1))
	random := func(n int) []byte {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	for name, b := range map[string][]byte{
		"index.html":   page,
		"main.wasm":    random(64 << 10),
		"main.wasm.gz": random(64 << 10),
		"main.wasm.br": random(64 << 10),
	} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The siblings must not be older than the original.
	earlier := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(dir, "main.wasm"), earlier, earlier); err != nil {
		t.Fatal(err)
	}
	addr, pid := startChild(t, dir)

	start := time.Now()
	stop := make(chan struct{})
	var wg sync.WaitGroup
	var opened, closed atomic.Int64
	for range attackers {
		wg.Go(func() { slowBody(addr, stop, &opened, &closed) })
	}
	defer func() {
		close(stop)
		wg.Wait()
		t.Logf("attack: %d connections opened, %d closed by the server, in %v",
			opened.Load(), closed.Load(), time.Since(start).Round(time.Millisecond))
	}()
	for opened.Load() < int64(attackers) && time.Since(start) < 5*time.Second {
		time.Sleep(10 * time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // the last ones' headers reach the server
	if fds, err := os.ReadDir(fmt.Sprintf("/proc/%d/fd", pid)); err == nil {
		t.Logf("the server holds %d descriptors of its %d", len(fds), childNoFile)
	}

	client := &http.Client{Timeout: probeWait}
	defer client.CloseIdleConnections()
	var ok int
	var slowest time.Duration
	var failures []string
	probeStart := time.Now()
	for i := range probes {
		if time.Since(probeStart) > probeBudget {
			failures = append(failures, fmt.Sprintf("%d requests not sent: out of time", probes-i))
			break
		}
		t0 := time.Now()
		resp, err := client.Get("http://" + addr + "/")
		if err != nil {
			failures = append(failures, fmt.Sprintf("request %d: %v", i, err))
			continue
		}
		b, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		slowest = max(slowest, time.Since(t0))
		if resp.StatusCode != http.StatusOK || err != nil || string(b) != string(page) {
			failures = append(failures, fmt.Sprintf("request %d: status %d, %d bytes, %v", i, resp.StatusCode, len(b), err))
			continue
		}
		ok++
		time.Sleep(probeEvery)
	}
	t.Logf("probe: %d of %d answered 200 during the attack, slowest %v, in %v",
		ok, probes, slowest.Round(time.Millisecond), time.Since(probeStart).Round(time.Millisecond))
	if ok != probes {
		t.Errorf("%d of %d probe requests answered 200; the first failures:\n%s", ok, probes, strings.Join(failures[:min(len(failures), 5)], "\n"))
	}
}

// slowBody attacks addr until stop: it sends the headers of a request
// with a 1,000-byte body, then one byte of it every 200 ms, reading
// whatever comes back; when the server closes the connection it opens
// another.
func slowBody(addr string, stop <-chan struct{}, opened, closed *atomic.Int64) {
	const head = "GET /main.wasm HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: gzip, br\r\nContent-Length: 1000\r\n\r\n"
	buf := make([]byte, 4096)
	for {
		select {
		case <-stop:
			return
		default:
		}
		conn, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			time.Sleep(50 * time.Millisecond)
			continue
		}
		opened.Add(1)
		_, err = io.WriteString(conn, head+"x")
		for err == nil {
			select {
			case <-stop:
				conn.Close()
				return
			default:
			}
			conn.SetReadDeadline(time.Now().Add(200 * time.Millisecond))
			if _, err = conn.Read(buf); err != nil {
				if ne, ok := err.(net.Error); ok && ne.Timeout() {
					_, err = conn.Write([]byte("x"))
				}
			}
		}
		closed.Add(1)
		conn.Close()
	}
}
