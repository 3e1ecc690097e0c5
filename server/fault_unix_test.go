//go:build unix

package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"
)

// TestNonRegularFiles puts FIFOs in the folder, under a name, as a
// folder's index.html and as precompressed siblings. Opening a FIFO
// blocks until a writer comes, so each must be refused (or passed over)
// without being opened, and every request answered at once.
func TestNonRegularFiles(t *testing.T) {
	f := newFixture(t)
	for _, name := range []string{"pipe.txt", "fifodir/index.html", "app.js.gz", "style.css.br"} {
		p := filepath.Join(f.dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := syscall.Mkfifo(p, 0o644); err != nil {
			t.Skipf("cannot make a FIFO here: %v", err)
		}
	}
	h := f.handler(t)
	for _, c := range []struct {
		path, acceptEncoding string
		wantStatus           int
		want                 []byte // the decoded body, for 200
	}{
		{"/pipe.txt", "", http.StatusNotFound, nil},
		{"/fifodir/", "", http.StatusNotFound, nil},
		{"/app.js", "gzip", http.StatusOK, f.files["app.js"]},           // its FILE.gz is a FIFO
		{"/style.css", "br, gzip", http.StatusOK, f.files["style.css"]}, // its FILE.br is a FIFO
	} {
		t.Run(c.path, func(t *testing.T) {
			done := make(chan *http.Response, 1)
			go func() { done <- do(h, "GET", c.path, http.Header{"Accept-Encoding": {c.acceptEncoding}}) }()
			var resp *http.Response
			select {
			case resp = <-done:
			case <-time.After(2 * time.Second):
				t.Fatal("no answer within 2 s: the handler is blocked opening a FIFO")
			}
			if resp.StatusCode != c.wantStatus {
				t.Fatalf("status %d, want %d", resp.StatusCode, c.wantStatus)
			}
			checkSecurityHeaders(t, resp.Header)
			if c.want == nil {
				return
			}
			b := body(t, resp)
			if resp.Header.Get("Content-Encoding") == "gzip" {
				zr, err := gzip.NewReader(bytes.NewReader(b))
				if err != nil {
					t.Fatal(err)
				}
				if b, err = io.ReadAll(zr); err != nil {
					t.Fatal(err)
				}
			}
			if !bytes.Equal(b, c.want) {
				t.Errorf("body (%d bytes decoded) differs from the file (%d bytes)", len(b), len(c.want))
			}
		})
	}
}

// TestOutOfDescriptors runs a request with no file descriptor left. The
// answer must be 503, which says to try again, not 404, which says the
// file does not exist.
func TestOutOfDescriptors(t *testing.T) {
	f := newFixture(t)
	h := f.handler(t)
	var lim syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Skipf("no descriptor limit to lower: %v", err)
	}
	// The lowest free descriptor, held, with the limit just above it:
	// every descriptor allowed is then in use.
	hold, err := os.Open(os.DevNull)
	if err != nil {
		t.Fatal(err)
	}
	tight := lim
	tight.Cur = uint64(hold.Fd()) + 1
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &tight); err != nil {
		hold.Close()
		t.Skipf("cannot lower the descriptor limit: %v", err)
	}
	resp := do(h, "GET", "/app.js", nil)
	if err := syscall.Setrlimit(syscall.RLIMIT_NOFILE, &lim); err != nil {
		t.Fatalf("restoring the descriptor limit: %v", err)
	}
	hold.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("status %d, want 503", resp.StatusCode)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Errorf("503 without Retry-After")
	}
	checkSecurityHeaders(t, resp.Header)
	// With descriptors again, the same request succeeds.
	if resp := do(h, "GET", "/app.js", nil); resp.StatusCode != http.StatusOK {
		t.Errorf("after restoring the limit: status %d, want 200", resp.StatusCode)
	}
}
