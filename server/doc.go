// Package server serves the built Backprop Lab app, the folder that
// `make dist` produces (index.html, main.wasm, wasm_exec.js, app.js,
// worker.js, style.css, the data set's IDX files in data/, each with
// precompressed FILE.br and FILE.gz siblings), over HTTP for a browser on
// the same machine.
//
// New returns the http.Handler. It serves GET and HEAD only, with the
// content types a browser needs for WebAssembly (application/wasm, so
// WebAssembly.instantiateStreaming works) and the security headers of
// every response (ContentSecurityPolicy, nosniff, no referrer, and
// cross-origin isolation, so SharedArrayBuffer is available). It serves a
// precompressed FILE.br or FILE.gz in place of FILE, or compresses text
// and wasm on the fly, as the client's Accept-Encoding prefers. Paths that
// could reach outside the folder (.. in any encoding, encoded slashes,
// backslashes, NUL, symlinks pointing out) get 404.
//
// Everything is revalidated on each load (Cache-Control: no-cache, with
// ETag and Last-Modified), since the app's file names do not change when
// it is rebuilt; an unchanged file costs a 304.
//
// # Serving dist/ from tests
//
// End-to-end tests should serve the folder in-process on a random
// loopback port with net/http/httptest:
//
//	h, err := server.New("../dist")
//	if err != nil {
//		t.Fatal(err) // no dist/: run make dist first
//	}
//	srv := httptest.NewServer(h) // http://127.0.0.1:PORT
//	defer srv.Close()
//	page := srv.URL + "/"
//
// Outside tests, Listen (or ListenFirstFree) and Serve do the same with a
// graceful shutdown, as cmd/serve does:
//
//	ln, err := server.Listen("") // 127.0.0.1, random port
//	...
//	fmt.Println(server.URL(ln))
//	err = server.Serve(ctx, ln, h) // returns once ctx is done
//
// Serve also bounds what clients can hold: timeouts for reading a request,
// writing a response and idling between requests, and a limit on the
// connections open at a time, so that slow or stalled clients cannot run
// the process out of file descriptors. A Config changes these limits
// (tests shrink them).
package server
