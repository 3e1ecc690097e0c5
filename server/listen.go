package server

import (
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
)

// DefaultAddr is where cmd/serve listens unless told otherwise: the
// loopback interface only, so the app is not exposed to the network.
const DefaultAddr = "127.0.0.1:8080"

// Listen listens on the TCP address addr; "" means a free port chosen by
// the system on 127.0.0.1.
func Listen(addr string) (net.Listener, error) {
	if addr == "" {
		addr = "127.0.0.1:0"
	}
	ln, err := net.Listen(network(addr), addr)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	return ln, nil
}

// network returns the network to listen on addr: tcp4 for an IPv4
// address, since for 0.0.0.0 "tcp" opens a dual-stack socket, reachable
// over IPv6 too and reported as [::]; else tcp.
func network(addr string) string {
	host, _, err := net.SplitHostPort(addr)
	if ip, perr := netip.ParseAddr(host); err == nil && perr == nil && ip.Is4() {
		return "tcp4"
	}
	return "tcp"
}

// IsLoopback reports whether ln listens on a loopback address only, so
// that only this machine can connect.
func IsLoopback(ln net.Listener) bool {
	a, ok := ln.Addr().(*net.TCPAddr)
	return ok && a.IP.IsLoopback()
}

// ListenFirstFree listens on addr or, while that port is in use, on the
// next of the n ports from addr's port up (addr's port must not be 0). It
// gives up at the first other error.
func ListenFirstFree(addr string, n int) (net.Listener, error) {
	host, portStr, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	port, err := strconv.Atoi(portStr)
	if err != nil || port <= 0 || port > 65535 {
		return nil, fmt.Errorf("server: address %q: want a port in 1..65535", addr)
	}
	for i := range max(n, 1) {
		if port+i > 65535 {
			break
		}
		a := net.JoinHostPort(host, strconv.Itoa(port+i))
		ln, err := net.Listen(network(a), a)
		if err == nil {
			return ln, nil
		}
		if !errors.Is(err, syscall.EADDRINUSE) {
			return nil, fmt.Errorf("server: %w", err)
		}
	}
	return nil, fmt.Errorf("server: ports %d..%d on %s are all in use", port, min(port+max(n, 1)-1, 65535), host)
}

// URL returns the http URL of the site a listener serves, such as
// "http://127.0.0.1:8080/". A listener on all interfaces, 0.0.0.0 or ::,
// is shown with 127.0.0.1, which a browser on this machine can open: a
// socket on :: takes IPv4 too, unless it was opened for tcp6 alone, which
// Listen does not do. (Not localhost: some systems resolve it to IPv4
// only, others to ::1 first.)
func URL(ln net.Listener) string {
	host, port, err := net.SplitHostPort(ln.Addr().String())
	if err != nil {
		return "http://" + ln.Addr().String() + "/"
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/"
}
