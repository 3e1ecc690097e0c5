package server

import (
	"net"
	"net/http"
	"net/netip"
	"strings"
)

// loopbackOnly returns a handler that passes to h only the requests whose
// host is a loopback name or address and answers the others with 421. A
// page on another site can have its name re-pointed at 127.0.0.1 (DNS
// rebinding) and then read this server as its own origin; its requests
// still carry its name, which this refuses.
func loopbackOnly(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !isLoopbackHost(r.Host) {
			setSecurityHeaders(w.Header())
			http.Error(w, "421 misdirected request: this server answers to localhost only", http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// isLoopbackHost reports whether host, a request's host with or without
// a port, is localhost, a name under .localhost (which browsers resolve
// to loopback themselves), or a loopback address: 127.0.0.0/8 or ::1.
func isLoopbackHost(host string) bool {
	if h, _, err := net.SplitHostPort(host); err == nil {
		host = h
	} else if strings.HasPrefix(host, "[") && strings.HasSuffix(host, "]") {
		host = host[1 : len(host)-1]
	}
	host = strings.ToLower(host)
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip, err := netip.ParseAddr(host)
	return err == nil && ip.Unmap().IsLoopback()
}
