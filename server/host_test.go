package server

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// rawRequest sends the request text over a fresh connection to addr and
// returns the response and its body.
func rawRequest(t *testing.T, addr, request string) (*http.Response, []byte) {
	t.Helper()
	conn := dial(t, addr)
	conn.SetDeadline(time.Now().Add(5 * time.Second))
	if _, err := io.WriteString(conn, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

// TestLoopbackHosts checks that a server on a loopback address answers
// only requests that name a loopback host: a page elsewhere whose name
// an attacker re-points at 127.0.0.1 (DNS rebinding) sends its own name,
// and must not read the folder.
func TestLoopbackHosts(t *testing.T) {
	f := newFixture(t)
	addr, _, _ := serveWith(t, f, Config{})
	_, port, _ := net.SplitHostPort(addr)
	for _, c := range []struct {
		host string
		ok   bool
	}{
		{"127.0.0.1:" + port, true},
		{"127.0.0.1", true},
		{"127.8.9.10:80", true},
		{"localhost", true},
		{"localhost:" + port, true},
		{"LocalHost:" + port, true},
		{"app.localhost:" + port, true},
		{"[::1]:" + port, true},
		{"[::1]", true},
		{"[::ffff:127.0.0.1]:" + port, true},

		{"evil.example", false},
		{"evil.example:" + port, false},
		{"localhost.evil.example", false},
		{"127.0.0.1.evil.example:" + port, false},
		{"notlocalhost:" + port, false},
		{"localhost.:" + port, false},
		{"0.0.0.0:" + port, false},
		{"192.168.1.2:" + port, false},
		{"[::]:" + port, false},
		{"[fe80::1]:" + port, false},
	} {
		t.Run(c.host, func(t *testing.T) {
			resp, b := rawRequest(t, addr, fmt.Sprintf("GET / HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", c.host))
			checkSecurityHeaders(t, resp.Header)
			if c.ok {
				if resp.StatusCode != http.StatusOK || !strings.Contains(string(b), "Backprop Lab") {
					t.Errorf("status %d, body %q; want 200 and the page", resp.StatusCode, b)
				}
				return
			}
			if resp.StatusCode != http.StatusMisdirectedRequest {
				t.Errorf("status %d, want 421", resp.StatusCode)
			}
			if strings.Contains(string(b), "Backprop Lab") || len(b) == 0 || len(b) > 200 {
				t.Errorf("body %q, want a short text", b)
			}
		})
	}
	// The host of an absolute request target counts, not the Host header.
	t.Run("absolute target", func(t *testing.T) {
		resp, _ := rawRequest(t, addr, "GET http://evil.example/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("status %d, want 421", resp.StatusCode)
		}
	})
	t.Run("no Host", func(t *testing.T) {
		resp, _ := rawRequest(t, addr, "GET / HTTP/1.0\r\n\r\n")
		if resp.StatusCode != http.StatusMisdirectedRequest {
			t.Errorf("status %d, want 421", resp.StatusCode)
		}
	})
}

// addrListener is a listener that claims another address.
type addrListener struct {
	net.Listener
	addr net.Addr
}

func (l addrListener) Addr() net.Addr { return l.addr }

// TestNetworkHosts checks that a server listening beyond loopback, which
// the network reaches under names of its own, answers any Host.
func TestNetworkHosts(t *testing.T) {
	f := newFixture(t)
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	wide := addrListener{ln, &net.TCPAddr{IP: net.IPv4zero, Port: ln.Addr().(*net.TCPAddr).Port}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, wide, f.handler(t)) }()
	defer func() {
		cancel()
		<-done
	}()
	if IsLoopback(wide) {
		t.Errorf("IsLoopback of a listener on 0.0.0.0 is true")
	}
	for _, host := range []string{"192.168.1.2:8080", "backprop.lan", "127.0.0.1"} {
		resp, _ := rawRequest(t, addr, "GET / HTTP/1.1\r\nHost: "+host+"\r\nConnection: close\r\n\r\n")
		if resp.StatusCode != http.StatusOK {
			t.Errorf("Host %s: status %d, want 200", host, resp.StatusCode)
		}
	}
}

// TestListenIPv4Any checks that -addr 0.0.0.0 listens on IPv4 (Go would
// otherwise open a dual-stack socket, reported as [::]) and that URL
// shows it with 127.0.0.1.
func TestListenIPv4Any(t *testing.T) {
	for _, listen := range []func() (net.Listener, error){
		func() (net.Listener, error) { return Listen("0.0.0.0:0") },
		func() (net.Listener, error) {
			port := busyPorts(t, 1) // held: ListenFirstFree takes the next one
			return ListenFirstFree(fmt.Sprintf("0.0.0.0:%d", port), 5)
		},
	} {
		ln, err := listen()
		if err != nil {
			t.Fatal(err)
		}
		ip := ln.Addr().(*net.TCPAddr).IP
		url := URL(ln)
		ln.Close()
		if ip.To4() == nil || !ip.IsUnspecified() {
			t.Errorf("listening on %v, want 0.0.0.0", ln.Addr())
		}
		if !strings.HasPrefix(url, "http://127.0.0.1:") {
			t.Errorf("URL %q, want http://127.0.0.1:PORT/", url)
		}
		if IsLoopback(ln) {
			t.Errorf("IsLoopback of a listener on %v is true", ln.Addr())
		}
	}
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	if !IsLoopback(ln) {
		t.Errorf("IsLoopback of a listener on %v is false", ln.Addr())
	}
}

// TestListenIPv6Any checks that a listener on :: from Listen takes IPv4
// too, so that the URL it is shown with, on 127.0.0.1, reaches it.
func TestListenIPv6Any(t *testing.T) {
	ln, err := Listen("[::]:0")
	if err != nil {
		t.Skipf("no IPv6: %v", err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsUnspecified() {
		t.Errorf("listening on %v, want all interfaces", ln.Addr())
	}
	if IsLoopback(ln) {
		t.Errorf("IsLoopback of a listener on %v is true", ln.Addr())
	}
	srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})}
	go srv.Serve(ln)
	defer srv.Close()
	url := URL(ln)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL %q, want http://127.0.0.1:PORT/", url)
	}
	resp, err := (&http.Client{Timeout: 5 * time.Second}).Get(url)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("GET %s: status %d, want 200", url, resp.StatusCode)
	}
}
