package server

import (
	"bufio"
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

func brotliBytes(t *testing.T, b []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(b); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// setFixture adds data/set with both precompressed siblings to the
// fixture, and returns it and the three contents.
func setFixture(t *testing.T) (f *fixture, raw, br, gz []byte) {
	t.Helper()
	f = newFixture(t)
	raw = compressibleBytes(40000, "idx")
	br, gz = brotliBytes(t, raw), gzipBytes(t, raw)
	for name, b := range map[string][]byte{"set": raw, "set.br": br, "set.gz": gz} {
		if err := os.WriteFile(filepath.Join(f.dir, "data", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The siblings must not be older than the original.
	earlier := time.Now().Add(-time.Minute)
	if err := os.Chtimes(filepath.Join(f.dir, "data", "set"), earlier, earlier); err != nil {
		t.Fatal(err)
	}
	return f, raw, br, gz
}

// A FILE.br beside FILE goes to clients that accept br, before FILE.gz;
// the others get FILE.gz or FILE as before. A stale FILE.br is ignored, and
// FILE.br asked for by name is an opaque download.
func TestBrotliSibling(t *testing.T) {
	f, raw, br, gz := setFixture(t)
	h := f.handler(t)
	for _, c := range []struct {
		accept, wantCE string
		want           []byte
	}{
		{"gzip, deflate, br, zstd", "br", br},
		{"br", "br", br},
		{"*", "br", br},
		{"gzip", "gzip", gz},
		{"br;q=0, gzip", "gzip", gz},
		{"", "", raw},
		{"identity", "", raw},
	} {
		resp := do(h, "GET", "/data/set", http.Header{"Accept-Encoding": {c.accept}})
		b := body(t, resp)
		if ce := resp.Header.Get("Content-Encoding"); ce != c.wantCE || !bytes.Equal(b, c.want) {
			t.Errorf("Accept-Encoding %q: Content-Encoding %q (%d bytes), want %q (%d bytes)", c.accept, ce, len(b), c.wantCE, len(c.want))
		}
		if got := resp.Header.Get("Content-Length"); got != strconv.Itoa(len(b)) {
			t.Errorf("Accept-Encoding %q: Content-Length %q, body has %d bytes", c.accept, got, len(b))
		}
		if resp.Header.Get("Vary") != "Accept-Encoding" {
			t.Errorf("Accept-Encoding %q: no Vary: Accept-Encoding", c.accept)
		}
	}
	plain, err := io.ReadAll(brotli.NewReader(bytes.NewReader(br)))
	if err != nil || !bytes.Equal(plain, raw) {
		t.Fatalf("the fixture's brotli does not decode to the file: %v", err)
	}

	resp := do(h, "GET", "/data/set.br", http.Header{"Accept-Encoding": {"br"}})
	if ce, ct := resp.Header.Get("Content-Encoding"), resp.Header.Get("Content-Type"); ce != "" || ct != "application/octet-stream" || !bytes.Equal(body(t, resp), br) {
		t.Errorf("set.br by name: Content-Encoding %q, Content-Type %q, want none and application/octet-stream", ce, ct)
	}

	// A rebuilt FILE with a FILE.br from the previous build.
	later := time.Now().Add(time.Hour)
	if err := os.Chtimes(filepath.Join(f.dir, "data", "set"), later, later); err != nil {
		t.Fatal(err)
	}
	if ce := do(h, "GET", "/data/set", http.Header{"Accept-Encoding": {"br"}}).Header.Get("Content-Encoding"); ce == "br" {
		t.Error("served a FILE.br older than FILE")
	}
}

// TestQValues checks that the coding sent is the one the client prefers,
// by its q-values (RFC 9110 section 12.5.3), brotli winning ties, and
// never one it refuses with q=0.
func TestQValues(t *testing.T) {
	f, raw, br, gz := setFixture(t)
	h := f.handler(t)
	for _, c := range []struct {
		accept, wantCE string
		want           []byte
	}{
		{"gzip, br;q=0.1", "gzip", gz},
		{"br;q=0.2, gzip;q=0.9", "gzip", gz},
		{"gzip;q=0.8, br", "br", br},
		{"br;q=0.5, gzip;q=0.5", "br", br}, // a tie
		{"gzip, br", "br", br},
		{"br;q=0, gzip;q=0", "", raw},
		{"*;q=0.5, br;q=0.1", "gzip", gz}, // gzip by *
		{"*;q=0.1, br;Q=0.5", "br", br},
		{"gzip;q=0.2, identity;q=0.9", "", raw}, // identity preferred
		{"gzip;q=0.001", "gzip", gz},            // identity unlisted: acceptable, preferred least
		{"identity;q=0, br;q=0.5", "br", br},
		{"br;q=0.001, identity;q=0", "br", br},
		{"*;q=0", "", raw},             // nothing acceptable: the header is disregarded
		{"gzip;q=2, br;q=1", "br", br}, // q above 1 counts as 1
	} {
		t.Run(c.accept, func(t *testing.T) {
			resp := do(h, "GET", "/data/set", http.Header{"Accept-Encoding": {c.accept}})
			b := body(t, resp)
			if ce := resp.Header.Get("Content-Encoding"); ce != c.wantCE || !bytes.Equal(b, c.want) {
				t.Errorf("Content-Encoding %q (%d bytes), want %q (%d bytes)", ce, len(b), c.wantCE, len(c.want))
			}
		})
	}
	// On-the-fly gzip too yields to a preferred identity.
	if ce := do(h, "GET", "/app.js", http.Header{"Accept-Encoding": {"gzip;q=0.5, identity"}}).Header.Get("Content-Encoding"); ce != "" {
		t.Errorf("app.js with identity preferred: Content-Encoding %q, want none", ce)
	}
}

// TestBodilessResponses checks, through a real server (which adds its
// own headers), that responses without a body carry no Content-Encoding
// and no Content-Length but 0, while HEAD keeps GET's headers, the
// encoding and the encoded length included, as RFC 9110 section 9.3.2
// asks.
func TestBodilessResponses(t *testing.T) {
	f, _, br, _ := setFixture(t)
	srv := httptest.NewServer(f.handler(t))
	defer srv.Close()
	addr := srv.Listener.Addr().String()
	get := do(f.handler(t), "GET", "/data/set", http.Header{"Accept-Encoding": {"br"}})
	etag := get.Header.Get("ETag")
	for _, c := range []struct {
		name, method, extra string
		wantStatus          int
		wantCE              string
		wantLength          string // "" for none
	}{
		{"304", "GET", "If-None-Match: " + etag + "\r\n", http.StatusNotModified, "", ""},
		{"412", "GET", "If-Match: \"other\"\r\n", http.StatusPreconditionFailed, "", "0"},
		{"HEAD 412", "HEAD", "If-Match: \"other\"\r\n", http.StatusPreconditionFailed, "", ""},
		{"HEAD 304", "HEAD", "If-None-Match: " + etag + "\r\n", http.StatusNotModified, "", ""},
		{"416", "GET", "Range: bytes=9999999-\r\n", http.StatusRequestedRangeNotSatisfiable, "", "*"},
		{"HEAD 200", "HEAD", "", http.StatusOK, "br", strconv.Itoa(len(br))},
	} {
		t.Run(c.name, func(t *testing.T) {
			req := c.method + " /data/set HTTP/1.1\r\nHost: " + addr + "\r\nAccept-Encoding: br\r\n" + c.extra + "Connection: close\r\n\r\n"
			conn := dial(t, addr)
			conn.SetDeadline(time.Now().Add(5 * time.Second))
			if _, err := io.WriteString(conn, req); err != nil {
				t.Fatal(err)
			}
			resp, err := http.ReadResponse(bufio.NewReader(conn), &http.Request{Method: c.method})
			if err != nil {
				t.Fatal(err)
			}
			b, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.wantStatus)
			}
			if ce := resp.Header.Get("Content-Encoding"); ce != c.wantCE {
				t.Errorf("Content-Encoding %q, want %q", ce, c.wantCE)
			}
			cl, hasCL := resp.Header["Content-Length"]
			switch {
			case c.wantLength == "*":
				if len(cl) != 1 || cl[0] != strconv.Itoa(len(b)) {
					t.Errorf("Content-Length %q, body has %d bytes", cl, len(b))
				}
			case c.wantLength == "" && hasCL, c.wantLength != "" && (len(cl) != 1 || cl[0] != c.wantLength):
				t.Errorf("Content-Length %q, want %q", cl, c.wantLength)
			}
			if resp.Header.Get("Vary") != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", resp.Header.Get("Vary"))
			}
			checkSecurityHeaders(t, resp.Header)
		})
	}
}
