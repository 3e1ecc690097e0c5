package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// minCompressSize is the smallest file compressed on the fly: below
	// it gzip's ~20-byte framing eats most of the gain.
	minCompressSize = 256
	// maxCompressSize is the largest file compressed on the fly; larger
	// ones are sent as they are (ship a FILE.gz for them).
	maxCompressSize = 32 << 20
	// maxCacheSize bounds the memory holding compressed files.
	maxCacheSize = 64 << 20
)

// acceptsGzip reports whether the Accept-Encoding header lists gzip (or
// x-gzip, or *) with a non-zero quality, e.g. "gzip, deflate, br" but not
// "gzip;q=0" or "identity".
func acceptsGzip(h http.Header) bool { return accepts(h, "gzip") }

// acceptsBrotli reports whether the Accept-Encoding header lists br (or *)
// with a non-zero quality.
func acceptsBrotli(h http.Header) bool { return accepts(h, "br") }

// accepts reports whether the Accept-Encoding header accepts the content
// coding want ("gzip", which x-gzip names too, or "br"): listed with a
// non-zero quality, or not listed and * is.
func accepts(h http.Header, want string) bool {
	wantQ, starQ := -1.0, -1.0
	for _, v := range h.Values("Accept-Encoding") {
		for item := range strings.SplitSeq(v, ",") {
			coding, params, _ := strings.Cut(item, ";")
			q := 1.0
			for p := range strings.SplitSeq(params, ";") {
				k, val, _ := strings.Cut(strings.TrimSpace(p), "=")
				if strings.EqualFold(strings.TrimSpace(k), "q") {
					f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
					if err != nil {
						f = 0
					}
					q = f
				}
			}
			c := strings.ToLower(strings.TrimSpace(coding))
			if c == "x-gzip" {
				c = "gzip"
			}
			switch c {
			case want:
				wantQ = max(wantQ, q)
			case "*":
				starQ = max(starQ, q)
			}
		}
	}
	if wantQ >= 0 {
		return wantQ > 0
	}
	return starQ > 0
}

// gzipCache holds files compressed on the fly, keyed by name and
// validated by size and modification time.
type gzipCache struct {
	mu      sync.Mutex
	entries map[string]gzipEntry
	size    int
}

type gzipEntry struct {
	mod  time.Time
	size int64
	data []byte
}

// get returns the gzip of f (described by info), from the cache if it
// holds this version of the file.
func (c *gzipCache) get(name string, f io.Reader, info fs.FileInfo) ([]byte, error) {
	c.mu.Lock()
	e, ok := c.entries[name]
	c.mu.Unlock()
	if ok && e.size == info.Size() && e.mod.Equal(info.ModTime()) {
		return e.data, nil
	}

	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	n, err := io.Copy(zw, f)
	if err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	data := buf.Bytes()
	if n != info.Size() {
		return data, nil // changed while being read: serve, don't keep
	}

	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil || c.size+len(data) > maxCacheSize {
		c.entries, c.size = map[string]gzipEntry{}, 0
	}
	c.size -= len(c.entries[name].data)
	c.entries[name] = gzipEntry{mod: info.ModTime(), size: info.Size(), data: data}
	c.size += len(data)
	return data, nil
}
