package server

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// serveWith serves the fixture with c on a loopback port until cancel is
// called or the test ends, and returns the address and a channel that
// yields Serve's result (and is then closed).
func serveWith(t *testing.T, f *fixture, c Config) (addr string, cancel func(), result <-chan error) {
	t.Helper()
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	h := f.handler(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- c.Serve(ctx, ln, h)
		close(done)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			t.Error("Serve did not return 10 s after its context was cancelled")
		}
	})
	return ln.Addr().String(), cancel, done
}

// dial opens a connection to addr that the test closes at its end.
func dial(t *testing.T, addr string) net.Conn {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close() })
	return conn
}

// stallBody sends the headers of a request announcing a body, and one
// byte of it.
func stallBody(t *testing.T, conn net.Conn, path string) {
	t.Helper()
	if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\nx"); err != nil {
		t.Fatal(err)
	}
}

// closedWithin reports whether the server closes conn within d, reading
// and discarding whatever it sends first.
func closedWithin(conn net.Conn, d time.Duration) bool {
	conn.SetReadDeadline(time.Now().Add(d))
	_, err := io.Copy(io.Discard, conn)
	var ne net.Error
	return !errors.As(err, &ne) || !ne.Timeout()
}

// get sends one GET over conn and reads the response, failing the test
// if there is none within d.
func get(t *testing.T, conn net.Conn, r *bufio.Reader, path string, d time.Duration) *http.Response {
	t.Helper()
	conn.SetDeadline(time.Now().Add(d))
	if _, err := io.WriteString(conn, "GET "+path+" HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatalf("GET %s: %v", path, err)
	}
	if _, err := io.Copy(io.Discard, resp.Body); err != nil {
		t.Fatalf("GET %s: reading the body: %v", path, err)
	}
	resp.Body.Close()
	return resp
}

// TestReadTimeout checks that a client trickling a request's body is cut
// off after ReadTimeout, instead of holding its connection forever.
func TestReadTimeout(t *testing.T) {
	f := newFixture(t)
	addr, _, _ := serveWith(t, f, Config{ReadTimeout: 300 * time.Millisecond})
	conn := dial(t, addr)
	stallBody(t, conn, "/app.js")
	if !closedWithin(conn, 3*time.Second) {
		t.Errorf("a stalled request body still holds its connection after 3 s, with ReadTimeout 300 ms")
	}
}

// TestWriteTimeout checks that a client that stops reading a response is
// cut off after WriteTimeout.
func TestWriteTimeout(t *testing.T) {
	f := newFixture(t)
	big := make([]byte, 32<<20) // more than any socket buffers hold
	if err := os.WriteFile(filepath.Join(f.dir, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}
	addr, _, _ := serveWith(t, f, Config{WriteTimeout: 300 * time.Millisecond})
	conn := dial(t, addr)
	if _, err := io.WriteString(conn, "GET /big.bin HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(time.Second) // not reading
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	n, _ := io.Copy(io.Discard, conn)
	if n >= int64(len(big)) {
		t.Errorf("read %d bytes: the whole file came through a connection that did not read for 1 s, with WriteTimeout 300 ms", n)
	}
}

// TestMaxConns checks that a connection beyond MaxConns waits until one
// closes, rather than being served (and taking descriptors) at once.
func TestMaxConns(t *testing.T) {
	f := newFixture(t)
	addr, _, _ := serveWith(t, f, Config{MaxConns: 2})
	held := []net.Conn{dial(t, addr), dial(t, addr)}
	stallBody(t, held[0], "/")
	stallBody(t, held[1], "/")
	time.Sleep(100 * time.Millisecond) // both accepted

	third := dial(t, addr)
	answered := make(chan error, 1)
	go func() {
		third.SetDeadline(time.Now().Add(5 * time.Second))
		io.WriteString(third, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
		resp, err := http.ReadResponse(bufio.NewReader(third), nil)
		if err == nil && resp.StatusCode != http.StatusOK {
			err = errors.New(resp.Status)
		}
		answered <- err
	}()
	select {
	case err := <-answered:
		t.Fatalf("a third connection was answered (%v) while MaxConns 2 were open", err)
	case <-time.After(300 * time.Millisecond):
	}
	held[0].Close()
	select {
	case err := <-answered:
		if err != nil {
			t.Errorf("the third connection, once one closed: %v", err)
		}
	case <-time.After(3 * time.Second):
		t.Errorf("the third connection was not answered 3 s after one of the two closed")
	}
}

// TestBusyIdle checks that, while MaxConns connections are open and more
// wait, a connection left idle for BusyIdleTimeout is closed to make
// room, long before IdleTimeout.
func TestBusyIdle(t *testing.T) {
	f := newFixture(t)
	addr, _, _ := serveWith(t, f, Config{MaxConns: 2, IdleTimeout: time.Minute, BusyIdleTimeout: 500 * time.Millisecond})
	var idle []net.Conn
	for range 2 {
		conn := dial(t, addr)
		if resp := get(t, conn, bufio.NewReader(conn), "/", 5*time.Second); resp.StatusCode != http.StatusOK {
			t.Fatalf("status %d, want 200", resp.StatusCode)
		}
		idle = append(idle, conn) // kept alive, unused
	}
	start := time.Now()
	third := dial(t, addr)
	answered := make(chan error, 1)
	go func() {
		third.SetDeadline(time.Now().Add(10 * time.Second))
		io.WriteString(third, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
		_, err := http.ReadResponse(bufio.NewReader(third), nil)
		answered <- err
	}()
	select {
	case err := <-answered:
		if err != nil {
			t.Fatal(err)
		}
		if d := time.Since(start); d < 250*time.Millisecond {
			t.Errorf("a third connection was answered after %v, while MaxConns 2 were open and idle for less than BusyIdleTimeout", d)
		}
	case <-time.After(5 * time.Second):
		t.Fatalf("a third connection was not answered within 5 s, while the two others were idle")
	}
	for i, conn := range idle {
		if !closedWithin(conn, 3*time.Second) {
			t.Errorf("idle connection %d still open", i)
		}
	}
}

// TestShutdownStalled checks that a client stalled in the middle of a
// request delays shutdown by ShutdownTimeout at most, after which its
// connection is closed and Serve returns nil: the grace period is over,
// which is no error.
func TestShutdownStalled(t *testing.T) {
	f := newFixture(t)
	addr, cancel, result := serveWith(t, f, Config{ShutdownTimeout: 300 * time.Millisecond})
	conn := dial(t, addr)
	stallBody(t, conn, "/app.js")
	time.Sleep(100 * time.Millisecond) // in the handler
	start := time.Now()
	cancel()
	select {
	case err := <-result:
		if err != nil {
			t.Errorf("Serve returned %v after shutting down, want nil", err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("Serve returned %v after its context was cancelled, with ShutdownTimeout 300 ms", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not return 10 s after its context was cancelled")
	}
	if !closedWithin(conn, 2*time.Second) {
		t.Errorf("the stalled connection is still open after shutdown")
	}
}
