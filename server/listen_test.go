package server

import (
	"net"
	"strconv"
	"strings"
	"testing"
)

func TestDefaultAddrIsLoopback(t *testing.T) {
	host, _, err := net.SplitHostPort(DefaultAddr)
	if err != nil {
		t.Fatal(err)
	}
	if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
		t.Errorf("DefaultAddr %q does not bind loopback", DefaultAddr)
	}
}

func TestListen(t *testing.T) {
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().(*net.TCPAddr)
	if !addr.IP.IsLoopback() || addr.Port == 0 {
		t.Errorf("Listen(\"\") is on %v, want a loopback address and a port", addr)
	}
	if _, err := Listen("256.0.0.1:80"); err == nil {
		t.Errorf("Listen of a bad address returned no error")
	}
}

// busyPorts occupies n consecutive free loopback ports and returns the
// first, retrying where another process holds one of them.
func busyPorts(t *testing.T, n int) int {
	t.Helper()
	for range 20 {
		first, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		port := first.Addr().(*net.TCPAddr).Port
		lns := []net.Listener{first}
		for i := 1; i < n; i++ {
			ln, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(port+i))
			if err != nil {
				break
			}
			lns = append(lns, ln)
		}
		if len(lns) == n {
			t.Cleanup(func() {
				for _, ln := range lns {
					ln.Close()
				}
			})
			return port
		}
		for _, ln := range lns {
			ln.Close()
		}
	}
	t.Skip("found no run of free consecutive ports")
	return 0
}

func TestListenFirstFree(t *testing.T) {
	port := busyPorts(t, 2)
	ln, err := ListenFirstFree("127.0.0.1:"+strconv.Itoa(port), 5)
	if err != nil {
		t.Fatalf("ListenFirstFree with two busy ports of five: %v", err)
	}
	defer ln.Close()
	if got := ln.Addr().(*net.TCPAddr).Port; got < port+2 || got >= port+5 {
		t.Errorf("listening on port %d, want one of %d..%d", got, port+2, port+4)
	}
}

func TestListenFirstFreeAllBusy(t *testing.T) {
	port := busyPorts(t, 3)
	ln, err := ListenFirstFree("127.0.0.1:"+strconv.Itoa(port), 3)
	if err == nil {
		ln.Close()
		t.Fatalf("ListenFirstFree with all 3 ports busy returned no error")
	}
	if !strings.Contains(err.Error(), "in use") {
		t.Errorf("error %q does not say the ports are in use", err)
	}
}

func TestListenFirstFreeBadAddr(t *testing.T) {
	for _, addr := range []string{"", "127.0.0.1", "127.0.0.1:0", "127.0.0.1:x", "127.0.0.1:70000"} {
		if ln, err := ListenFirstFree(addr, 3); err == nil {
			ln.Close()
			t.Errorf("ListenFirstFree(%q) returned no error", addr)
		}
	}
}

func TestURL(t *testing.T) {
	for _, c := range []struct{ addr, want string }{
		{"127.0.0.1:8080", "http://127.0.0.1:8080/"},
		{"0.0.0.0:8080", "http://127.0.0.1:8080/"},
		{"[::1]:8080", "http://[::1]:8080/"},
		{"[::]:8080", "http://127.0.0.1:8080/"},
	} {
		if got := URL(fakeListener{fakeAddr(c.addr)}); got != c.want {
			t.Errorf("URL of a listener on %s = %q, want %q", c.addr, got, c.want)
		}
	}
}

type fakeAddr string

func (a fakeAddr) Network() string { return "tcp" }
func (a fakeAddr) String() string  { return string(a) }

type fakeListener struct{ addr net.Addr }

func (l fakeListener) Accept() (net.Conn, error) { return nil, net.ErrClosed }
func (l fakeListener) Close() error              { return nil }
func (l fakeListener) Addr() net.Addr            { return l.addr }
