package server

import (
	"bytes"
	"io"
	"net/http"
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

// A FILE.br beside FILE goes to clients that accept br, before FILE.gz;
// the others get FILE.gz or FILE as before. A stale FILE.br is ignored, and
// FILE.br asked for by name is an opaque download.
func TestBrotliSibling(t *testing.T) {
	f := newFixture(t)
	raw := compressibleBytes(40000, "idx")
	br, gz := brotliBytes(t, raw), gzipBytes(t, raw)
	for name, b := range map[string][]byte{"data/set": raw, "data/set.br": br, "data/set.gz": gz} {
		if err := os.WriteFile(filepath.Join(f.dir, "data", name[len("data/"):]), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
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
