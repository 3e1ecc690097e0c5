package server

import (
	"bytes"
	"compress/gzip"
	"io"
	"io/fs"
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
