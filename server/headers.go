package server

import "net/http"

// ContentSecurityPolicy is sent with every response. It lets the page
// load only from its own origin:
//
//   - default-src 'self': anything not listed below, same origin only.
//   - script-src 'self' 'wasm-unsafe-eval': scripts from the origin (no
//     inline scripts, no eval); 'wasm-unsafe-eval' allows compiling
//     WebAssembly, which the Go runtime needs and which nothing else in
//     the policy permits.
//   - worker-src 'self': the trainer's Web Worker (worker.js) and the
//     service worker (sw.js).
//   - connect-src 'self': fetch of main.wasm and data/*.
//   - img-src 'self' data: blob:: images, plus canvas snapshots as data:
//     and blob: URLs.
//   - style-src 'self' 'unsafe-inline': style.css and the style
//     attributes the UI sets on elements.
//   - object-src 'none', base-uri 'none': no plugins, no <base> to
//     redirect relative URLs.
//   - frame-ancestors 'none': the page cannot be framed (clickjacking).
const ContentSecurityPolicy = "default-src 'self'; " +
	"script-src 'self' 'wasm-unsafe-eval'; " +
	"worker-src 'self'; " +
	"connect-src 'self'; " +
	"img-src 'self' data: blob:; " +
	"style-src 'self' 'unsafe-inline'; " +
	"object-src 'none'; " +
	"base-uri 'none'; " +
	"frame-ancestors 'none'"

// A Header is a response header's name and value.
type Header struct{ Name, Value string }

// Headers are the security headers that every response carries, error
// responses included; a static host serving the app should send them too
// (mkdist writes them into dist/_headers).
var Headers = []Header{
	{"Content-Security-Policy", ContentSecurityPolicy},
	{"X-Content-Type-Options", "nosniff"},
	{"Referrer-Policy", "no-referrer"},
	// Cross-origin isolation (window.crossOriginIsolated), which browsers
	// require before they offer SharedArrayBuffer. With require-corp a
	// document may embed only same-origin resources or those opting in
	// with CORP, which is all this app loads.
	{"Cross-Origin-Opener-Policy", "same-origin"},
	{"Cross-Origin-Embedder-Policy", "require-corp"},
	{"Cross-Origin-Resource-Policy", "same-origin"},
}

// setSecurityHeaders sets Headers.
func setSecurityHeaders(h http.Header) {
	for _, x := range Headers {
		h.Set(x.Name, x.Value)
	}
}
