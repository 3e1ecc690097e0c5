package server

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fixture is a small dist/ in a temporary folder, with a secret file and
// folder beside it (outside the served folder) for symlinks to point at.
type fixture struct {
	dir   string // served
	files map[string][]byte
}

const secret = "TOP SECRET, outside the served folder"

// compressibleBytes returns n bytes of text-like content that gzip
// shrinks well.
func compressibleBytes(n int, seed string) []byte {
	var b bytes.Buffer
	for i := 0; b.Len() < n; i++ {
		fmt.Fprintf(&b, "%s line %d: the quick brown fox jumps over the lazy dog\n", seed, i%97)
	}
	return b.Bytes()[:n]
}

func gzipBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "dist")
	wasm := append([]byte("\x00asm\x01\x00\x00\x00"), compressibleBytes(20000, "wasm")...)
	f := &fixture{dir: dir, files: map[string][]byte{
		"index.html":       []byte("<!doctype html><title>Backprop Lab</title>\n"),
		"main.wasm":        wasm,
		"wasm_exec.js":     compressibleBytes(5000, "wasm_exec"),
		"app.js":           compressibleBytes(3000, "app"),
		"worker.js":        compressibleBytes(3000, "worker"),
		"style.css":        compressibleBytes(2000, "css"),
		"manifest.json":    []byte(`{"name": "Backprop Lab"}`),
		"logo.png":         []byte("\x89PNG\r\n\x1a\n fake png"),
		"icon.svg":         compressibleBytes(1000, "<svg/>"),
		"tiny.js":          []byte("x=1\n"),
		"sub/index.html":   []byte("<!doctype html><title>sub</title>\n"),
		"sub/page.txt":     []byte("a page in a folder\n"),
		"noindex/file.txt": []byte("no index here\n"),
		".hidden":          []byte("hidden"),
	}}
	f.files["main.wasm.gz"] = gzipBytes(t, wasm)
	f.files["data/test-images-idx3-ubyte.gz"] = gzipBytes(t, []byte("\x00\x00\x08\x03 idx payload"))
	for name, b := range f.files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The precompressed sibling must not be older than the original.
	now := time.Now()
	os.Chtimes(filepath.Join(dir, "main.wasm"), now.Add(-time.Minute), now.Add(-time.Minute))

	if err := os.WriteFile(filepath.Join(root, "secret.txt"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "secretdir"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, "secretdir", "index.html"), []byte(secret), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, target := range map[string]string{
		"escape.txt":        "../secret.txt",
		"escape-abs.txt":    filepath.Join(root, "secret.txt"),
		"escapedir":         "../secretdir",
		"inside-link.html":  "index.html",
		"data/up-and-in.js": "../app.js",
	} {
		if err := os.Symlink(target, filepath.Join(dir, link)); err != nil {
			t.Skipf("cannot create symlinks here: %v", err)
		}
	}
	f.files["inside-link.html"] = f.files["index.html"]
	f.files["data/up-and-in.js"] = f.files["app.js"]
	return f
}

func (f *fixture) handler(t *testing.T, opts ...Option) http.Handler {
	t.Helper()
	h, err := New(f.dir, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// do runs one request through h.
func do(h http.Handler, method, target string, header http.Header) *http.Response {
	r := httptest.NewRequest(method, target, nil)
	for k, v := range header {
		r.Header[k] = v
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w.Result()
}

func body(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkSecurityHeaders asserts the headers every response must carry.
func checkSecurityHeaders(t *testing.T, h http.Header) {
	t.Helper()
	for k, want := range map[string]string{
		"Content-Security-Policy":      ContentSecurityPolicy,
		"X-Content-Type-Options":       "nosniff",
		"Referrer-Policy":              "no-referrer",
		"Cross-Origin-Opener-Policy":   "same-origin",
		"Cross-Origin-Embedder-Policy": "require-corp",
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
}

func TestNewRejectsMissingDir(t *testing.T) {
	dir := t.TempDir()
	if _, err := New(filepath.Join(dir, "dist")); err == nil {
		t.Errorf("New of a missing folder returned no error")
	}
	file := filepath.Join(dir, "file")
	os.WriteFile(file, nil, 0o644)
	if _, err := New(file); err == nil {
		t.Errorf("New of a file returned no error")
	}
}

func TestContentTypes(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, c := range []struct{ path, want string }{
		{"/", "text/html; charset=utf-8"},
		{"/index.html", "text/html; charset=utf-8"},
		{"/main.wasm", "application/wasm"},
		{"/wasm_exec.js", "text/javascript; charset=utf-8"},
		{"/app.js", "text/javascript; charset=utf-8"},
		{"/worker.js", "text/javascript; charset=utf-8"},
		{"/style.css", "text/css; charset=utf-8"},
		{"/manifest.json", "application/json"},
		{"/logo.png", "image/png"},
		{"/icon.svg", "image/svg+xml"},
		{"/sub/page.txt", "text/plain; charset=utf-8"},
		{"/data/test-images-idx3-ubyte.gz", "application/octet-stream"},
		{"/main.wasm.gz", "application/octet-stream"},
	} {
		t.Run(c.path, func(t *testing.T) {
			// Accepting gzip must not change the type of what is sent.
			for _, ae := range []string{"", "gzip"} {
				resp := do(h, "GET", c.path, http.Header{"Accept-Encoding": {ae}})
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("Accept-Encoding %q: status %d, want 200", ae, resp.StatusCode)
				}
				if got := resp.Header.Get("Content-Type"); got != c.want {
					t.Errorf("Accept-Encoding %q: Content-Type %q, want %q", ae, got, c.want)
				}
				checkSecurityHeaders(t, resp.Header)
			}
		})
	}
}

// TestGzipFiles checks that .gz files are sent as stored, never marked
// as Content-Encoding: the page decompresses the IDX data itself.
func TestGzipFiles(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, name := range []string{"data/test-images-idx3-ubyte.gz", "main.wasm.gz"} {
		resp := do(h, "GET", "/"+name, http.Header{"Accept-Encoding": {"gzip"}})
		if ce := resp.Header.Get("Content-Encoding"); ce != "" {
			t.Errorf("%s: Content-Encoding %q, want none", name, ce)
		}
		if b := body(t, resp); !bytes.Equal(b, f.files[name]) {
			t.Errorf("%s: body differs from the file (%d bytes, want %d)", name, len(b), len(f.files[name]))
		}
	}
}

func TestNegotiation(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, c := range []struct {
		name, path, acceptEncoding string
		wantGzip                   bool
		wantVary                   bool
	}{
		{"precompressed sibling", "/main.wasm", "gzip, deflate, br", true, true},
		{"precompressed, q>0", "/main.wasm", "br;q=1.0, gzip;q=0.5", true, true},
		{"precompressed, wildcard", "/main.wasm", "*", true, true},
		{"precompressed, not accepted", "/main.wasm", "", false, true},
		{"precompressed, refused with q=0", "/main.wasm", "gzip;q=0, br", false, true},
		{"precompressed, only br", "/main.wasm", "br", false, true},
		{"on the fly js", "/app.js", "gzip", true, true},
		{"on the fly css", "/style.css", "x-gzip", true, true},
		{"on the fly svg", "/icon.svg", "gzip", true, true},
		{"on the fly, not accepted", "/wasm_exec.js", "identity", false, true},
		{"tiny file stays plain", "/tiny.js", "gzip", false, false},
		{"png stays plain", "/logo.png", "gzip", false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := do(h, "GET", c.path, http.Header{"Accept-Encoding": {c.acceptEncoding}})
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			b := body(t, resp)
			if got := resp.Header.Get("Content-Length"); got != fmt.Sprint(len(b)) {
				t.Errorf("Content-Length %q, body has %d bytes", got, len(b))
			}
			if vary := resp.Header.Get("Vary") == "Accept-Encoding"; vary != c.wantVary {
				t.Errorf("Vary: %q, want Accept-Encoding: %v", resp.Header.Get("Vary"), c.wantVary)
			}
			want := f.files[strings.TrimPrefix(c.path, "/")]
			ce := resp.Header.Get("Content-Encoding")
			if !c.wantGzip {
				if ce != "" {
					t.Errorf("Content-Encoding %q, want none", ce)
				}
				if !bytes.Equal(b, want) {
					t.Errorf("body (%d bytes) differs from the file (%d bytes)", len(b), len(want))
				}
				return
			}
			if ce != "gzip" {
				t.Fatalf("Content-Encoding %q, want gzip", ce)
			}
			if len(b) >= len(want) {
				t.Errorf("gzip body is %d bytes, not smaller than the file's %d", len(b), len(want))
			}
			zr, err := gzip.NewReader(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(plain, want) {
				t.Errorf("decompressed body (%d bytes) differs from the file (%d bytes)", len(plain), len(want))
			}
			if c.path == "/main.wasm" && !bytes.Equal(b, f.files["main.wasm.gz"]) {
				t.Errorf("body is not the precompressed main.wasm.gz")
			}
		})
	}
}

// TestStaleSibling checks that a FILE.gz older than FILE, left over from
// a previous build, is not served in its place.
func TestStaleSibling(t *testing.T) {
	f := newFixture(t)
	newer := append([]byte("\x00asm\x01\x00\x00\x00"), compressibleBytes(30000, "rebuilt")...)
	if err := os.WriteFile(filepath.Join(f.dir, "main.wasm"), newer, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(filepath.Join(f.dir, "main.wasm"), later, later)
	var logged bytes.Buffer
	h := f.handler(t, WithErrorLog(log.New(&logged, "", 0)))
	resp := do(h, "GET", "/main.wasm", http.Header{"Accept-Encoding": {"gzip"}})
	zr, err := gzip.NewReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	if plain, _ := io.ReadAll(zr); !bytes.Equal(plain, newer) {
		t.Errorf("served the stale main.wasm.gz, not the rebuilt main.wasm")
	}
	if !strings.Contains(logged.String(), "older") {
		t.Errorf("log %q does not mention the stale file", logged.String())
	}
}

func TestWithCompressionOff(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t, WithCompression(false))
	if ce := do(h, "GET", "/app.js", http.Header{"Accept-Encoding": {"gzip"}}).Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("app.js: Content-Encoding %q with compression off, want none", ce)
	}
	if ce := do(h, "GET", "/main.wasm", http.Header{"Accept-Encoding": {"gzip"}}).Header.Get("Content-Encoding"); ce != "gzip" {
		t.Errorf("main.wasm: Content-Encoding %q with compression off, want gzip from main.wasm.gz", ce)
	}
}

// TestHead checks that HEAD sends GET's headers, the Content-Length of
// the body GET would send, and no body.
func TestHead(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, c := range []struct{ path, acceptEncoding string }{
		{"/", ""},
		{"/main.wasm", ""},
		{"/main.wasm", "gzip"},
		{"/app.js", "gzip"},
		{"/data/test-images-idx3-ubyte.gz", "gzip"},
	} {
		t.Run(c.path+" "+c.acceptEncoding, func(t *testing.T) {
			hdr := http.Header{"Accept-Encoding": {c.acceptEncoding}}
			// HEAD first, so that it cannot lean on a compressed copy
			// cached by the GET.
			head := do(h, "HEAD", c.path, hdr)
			get := do(h, "GET", c.path, hdr)
			getBody := body(t, get)
			if head.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", head.StatusCode)
			}
			if b := body(t, head); len(b) != 0 {
				t.Errorf("HEAD sent a %d-byte body", len(b))
			}
			if got, want := head.Header.Get("Content-Length"), fmt.Sprint(len(getBody)); got != want {
				t.Errorf("Content-Length %q, want %s", got, want)
			}
			for _, k := range []string{"Content-Type", "Content-Encoding", "ETag", "Last-Modified", "Vary", "Cache-Control"} {
				if head.Header.Get(k) != get.Header.Get(k) {
					t.Errorf("%s: HEAD %q, GET %q", k, head.Header.Get(k), get.Header.Get(k))
				}
			}
			checkSecurityHeaders(t, head.Header)
		})
	}
}

func TestIndexAndDirectories(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, c := range []struct {
		path       string
		wantStatus int
		wantBody   string // for 200
		wantLoc    string // for 301
	}{
		{"/", 200, "index.html", ""},
		{"/index.html", 200, "index.html", ""},
		{"/sub/", 200, "sub/index.html", ""},
		{"/sub", 301, "", "/sub/"},
		{"/sub?x=1", 301, "", "/sub/?x=1"},
		{"/noindex/", 404, "", ""}, // no listing
		{"/noindex", 301, "", "/noindex/"},
		{"/data/", 404, "", ""},
		{"/index.html/", 404, "", ""},
		{"/inside-link.html", 200, "inside-link.html", ""},
		{"/data/up-and-in.js", 200, "data/up-and-in.js", ""},
	} {
		t.Run(c.path, func(t *testing.T) {
			resp := do(h, "GET", c.path, nil)
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.wantStatus)
			}
			checkSecurityHeaders(t, resp.Header)
			switch c.wantStatus {
			case 200:
				if b := body(t, resp); !bytes.Equal(b, f.files[c.wantBody]) {
					t.Errorf("body %q, want the content of %s", b, c.wantBody)
				}
			case 301:
				if loc := resp.Header.Get("Location"); loc != c.wantLoc {
					t.Errorf("Location %q, want %q", loc, c.wantLoc)
				}
			case 404:
				if b := body(t, resp); bytes.Contains(b, []byte("file.txt")) || bytes.Contains(b, []byte("<a href")) {
					t.Errorf("404 body lists the folder: %q", b)
				}
			}
		})
	}
}

func TestCacheHeaders(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	resp := do(h, "GET", "/", nil)
	if cc := resp.Header.Get("Cache-Control"); cc != "no-cache" {
		t.Errorf("index.html: Cache-Control %q, want no-cache", cc)
	}
	for _, ae := range []string{"", "gzip"} {
		hdr := http.Header{"Accept-Encoding": {ae}}
		first := do(h, "GET", "/app.js", hdr)
		etag := first.Header.Get("ETag")
		if etag == "" || first.Header.Get("Last-Modified") == "" {
			t.Fatalf("Accept-Encoding %q: ETag %q, Last-Modified %q, want both", ae, etag, first.Header.Get("Last-Modified"))
		}
		hdr.Set("If-None-Match", etag)
		again := do(h, "GET", "/app.js", hdr)
		if again.StatusCode != http.StatusNotModified {
			t.Errorf("Accept-Encoding %q: revalidation gave %d, want 304", ae, again.StatusCode)
		}
		checkSecurityHeaders(t, again.Header)
	}
	// The gzip and plain representations must not share an ETag, or a
	// cache could answer one with the other.
	plain := do(h, "GET", "/main.wasm", nil).Header.Get("ETag")
	gz := do(h, "GET", "/main.wasm", http.Header{"Accept-Encoding": {"gzip"}}).Header.Get("ETag")
	if plain == gz {
		t.Errorf("plain and gzip main.wasm share ETag %s", plain)
	}
}

func TestMethods(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, m := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"} {
		for _, p := range []string{"/", "/main.wasm", "/missing"} {
			resp := do(h, m, p, nil)
			if resp.StatusCode != http.StatusMethodNotAllowed {
				t.Errorf("%s %s: status %d, want 405", m, p, resp.StatusCode)
			}
			if allow := resp.Header.Get("Allow"); allow != "GET, HEAD" {
				t.Errorf("%s %s: Allow %q, want \"GET, HEAD\"", m, p, allow)
			}
			checkSecurityHeaders(t, resp.Header)
		}
	}
}

// TestTraversal sends each way of naming something outside the folder
// as raw request lines to a real server, so that no client cleans the
// path first. Each must get 404 and never the secret.
func TestTraversal(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	for _, target := range []string{
		"/../secret.txt",
		"/sub/../../secret.txt",
		"/%2e%2e/secret.txt",
		"/%2E%2E/secret.txt",
		"/.%2e/secret.txt",
		"/sub/%2e%2e/%2e%2e/secret.txt",
		"/..%2fsecret.txt",
		"/sub%2f..%2f..%2fsecret.txt",
		"/sub%2Fpage.txt", // an encoded slash, even to a real file
		"/..\\secret.txt",
		"/%5c..%5csecret.txt",
		"/sub\\page.txt",
		"//secret.txt",
		"//etc/passwd",
		"/etc/passwd",
		"/" + filepath.ToSlash(filepath.Dir(f.dir)) + "/secret.txt", // absolute path
		"http://example.com/../secret.txt",
		"/index.html%00.png",
		"/%00",
		"/escape.txt",     // symlink to ../secret.txt
		"/escape-abs.txt", // symlink to the secret's absolute path
		"/escapedir/",     // symlink to a folder outside
		"/escapedir/index.html",
		"/.hidden",
		"/./index.html",
		"/sub/./page.txt",
		"/missing.html",
		"/sub/missing",
	} {
		t.Run(target, func(t *testing.T) {
			status, hdr, b := rawGet(t, srv.Listener.Addr().String(), target)
			if status != http.StatusNotFound {
				t.Errorf("status %d, want 404", status)
			}
			checkSecurityHeaders(t, hdr)
			if bytes.Contains(b, []byte(secret)) {
				t.Errorf("response contains the secret")
			}
		})
	}
}

// TestTraversalControls sends, the same way, paths that look odd but
// name files inside the folder, to show that TestTraversal's 404s come
// from the checks and not from refusing everything unusual.
func TestTraversalControls(t *testing.T) {
	f := newFixture(t)
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	for target, name := range map[string]string{
		"/sub/page.txt":                "sub/page.txt",
		"/main%2ewasm":                 "main.wasm", // an encoded dot is just a dot
		"/sub/page%2Etxt":              "sub/page.txt",
		"/data/up-and-in.js":           "data/up-and-in.js", // a symlink within the folder
		"/inside-link.html":            "inside-link.html",
		"/index.html?../../secret.txt": "index.html", // the query is not the path
	} {
		status, _, b := rawGet(t, srv.Listener.Addr().String(), target)
		if status != http.StatusOK || !bytes.Equal(b, f.files[name]) {
			t.Errorf("GET %s: status %d, %d bytes, want 200 and %s", target, status, len(b), name)
		}
	}
}

// rawGet sends "GET target HTTP/1.1" over a fresh connection and returns
// the status, headers and body.
func rawGet(t *testing.T, addr, target string) (int, http.Header, []byte) {
	t.Helper()
	conn, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.SetDeadline(time.Now().Add(10 * time.Second))
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("reading the response: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b
}

// TestRealServer fetches the app the way a browser does, through
// net/http's client (which asks for gzip by itself), from a server
// started with Listen and Serve.
func TestRealServer(t *testing.T) {
	f := newFixture(t)
	ln, err := Listen("")
	if err != nil {
		t.Fatal(err)
	}
	url := URL(ln)
	if !strings.HasPrefix(url, "http://127.0.0.1:") {
		t.Errorf("URL %q, want http://127.0.0.1:PORT/", url)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, ln, f.handler(t)) }()

	for _, name := range []string{"", "main.wasm", "app.js", "data/test-images-idx3-ubyte.gz"} {
		resp, err := http.Get(url + name)
		if err != nil {
			t.Fatal(err)
		}
		b := body(t, resp)
		resp.Body.Close()
		want := f.files[name]
		if name == "" {
			want = f.files["index.html"]
		}
		if resp.StatusCode != 200 || !bytes.Equal(b, want) {
			t.Errorf("GET /%s: status %d, %d bytes, want 200 and the file's %d", name, resp.StatusCode, len(b), len(want))
		}
		checkSecurityHeaders(t, resp.Header)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve returned %v after shutdown, want nil", err)
		}
	case <-time.After(ShutdownTimeout + time.Second):
		t.Fatalf("Serve did not return after its context was cancelled")
	}
	if _, err := http.Get(url); err == nil {
		t.Errorf("the server still answers after shutdown")
	}
}

func TestRange(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	for _, c := range []struct {
		name, path, acceptEncoding string
		want                       []byte // the whole representation
	}{
		{"plain", "/main.wasm", "", f.files["main.wasm"]},
		{"precompressed", "/main.wasm", "gzip", f.files["main.wasm.gz"]},
	} {
		t.Run(c.name, func(t *testing.T) {
			resp := do(h, "GET", c.path, http.Header{"Accept-Encoding": {c.acceptEncoding}, "Range": {"bytes=10-19"}})
			if resp.StatusCode != http.StatusPartialContent {
				t.Fatalf("status %d, want 206", resp.StatusCode)
			}
			b := body(t, resp)
			if !bytes.Equal(b, c.want[10:20]) || resp.Header.Get("Content-Length") != "10" {
				t.Errorf("got %d bytes (Content-Length %q), want bytes 10..19 of the representation",
					len(b), resp.Header.Get("Content-Length"))
			}
		})
	}
}

// TestCompressedCacheInvalidated checks that a file rebuilt while the
// server runs is compressed afresh, not served from the old copy.
func TestCompressedCacheInvalidated(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	get := func() []byte {
		resp := do(h, "GET", "/app.js", http.Header{"Accept-Encoding": {"gzip"}})
		zr, err := gzip.NewReader(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	if b := get(); !bytes.Equal(b, f.files["app.js"]) {
		t.Fatalf("first GET: wrong content")
	}
	rebuilt := compressibleBytes(3000, "rebuilt app") // same size as before
	p := filepath.Join(f.dir, "app.js")
	if err := os.WriteFile(p, rebuilt, 0o644); err != nil {
		t.Fatal(err)
	}
	later := time.Now().Add(time.Hour)
	os.Chtimes(p, later, later)
	if b := get(); !bytes.Equal(b, rebuilt) {
		t.Errorf("after a rebuild: served the old app.js")
	}
}

// TestNegotiateGzip checks when gzip is chosen over the file as it is.
func TestNegotiateGzip(t *testing.T) {
	acceptsGzip := func(h http.Header) bool { return negotiate(h, codingGzip, identity) == codingGzip }
	for _, c := range []struct {
		header []string
		want   bool
	}{
		{nil, false},
		{[]string{""}, false},
		{[]string{"gzip"}, true},
		{[]string{"GZIP"}, true},
		{[]string{"x-gzip"}, true},
		{[]string{"gzip, deflate, br, zstd"}, true},
		{[]string{"br", "gzip"}, true}, // split over two header lines
		{[]string{"gzip;q=0"}, false},
		{[]string{"gzip; q=0.000"}, false},
		{[]string{"gzip;q=0.001"}, true},
		{[]string{"gzip;q=nonsense"}, false},
		{[]string{"gzip;q=NaN"}, false},
		{[]string{"gzip;q=-1"}, false},
		{[]string{"*"}, true},
		{[]string{"*;q=0"}, false},
		{[]string{"gzip;q=0, *"}, false}, // an explicit gzip beats *
		{[]string{"br, identity"}, false},
		{[]string{"gzipx"}, false},
	} {
		if got := acceptsGzip(http.Header{"Accept-Encoding": c.header}); got != c.want {
			t.Errorf("gzip chosen for %q: %v, want %v", c.header, got, c.want)
		}
	}
}

// TestLookupStatus checks which lookup errors mean "no such file" (404)
// and which are the server's own failures (503 for those that pass, 500
// for the rest), with the errors os.Root really returns where they can
// be made here.
func TestLookupStatus(t *testing.T) {
	f := newFixture(t)
	if err := os.Symlink("loop", filepath.Join(f.dir, "loop")); err != nil {
		t.Fatal(err)
	}
	root, err := os.OpenRoot(f.dir)
	if err != nil {
		t.Fatal(err)
	}
	defer root.Close()
	real := func(name string) error {
		_, err := root.Stat(name)
		if err == nil {
			t.Fatalf("Stat(%q) succeeded, want an error", name)
		}
		return err
	}
	pathErr := func(err error) error { return &fs.PathError{Op: "openat", Path: "app.js", Err: err} }
	for _, c := range []struct {
		name string
		err  error
		want int
	}{
		{"missing", real("missing.html"), http.StatusNotFound},
		{"through a file", real("index.html/x"), http.StatusNotFound},
		{"symlink out", real("escape.txt"), http.StatusNotFound},
		{"absolute symlink out", real("escape-abs.txt"), http.StatusNotFound},
		{"name too long", real(strings.Repeat("x", 4096)), http.StatusNotFound},
		{"symlink loop", real("loop"), http.StatusNotFound},
		{"out of descriptors", pathErr(syscall.EMFILE), http.StatusServiceUnavailable},
		{"system out of descriptors", pathErr(syscall.ENFILE), http.StatusServiceUnavailable},
		{"out of memory", pathErr(syscall.ENOMEM), http.StatusServiceUnavailable},
		{"no permission", pathErr(syscall.EACCES), http.StatusInternalServerError},
		{"I/O error", pathErr(syscall.EIO), http.StatusInternalServerError},
		{"not an os error", errors.New("disk on fire"), http.StatusInternalServerError},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := lookupStatus(c.err); got != c.want {
				t.Errorf("lookupStatus(%v) = %d, want %d", c.err, got, c.want)
			}
		})
	}
}
