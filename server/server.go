package server

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
)

// An Option configures New.
type Option func(*handler)

// WithErrorLog sends unexpected errors (a file that cannot be read, a
// precompressed file older than its original) to l. By default they are
// discarded: a missing file is an ordinary 404, not an error.
func WithErrorLog(l *log.Logger) Option {
	return func(h *handler) { h.log = l }
}

// WithCompression turns gzip compression on the fly on (the default) or
// off. Precompressed FILE.gz siblings are served either way.
func WithCompression(on bool) Option {
	return func(h *handler) { h.compress = on }
}

type handler struct {
	dir      string
	compress bool
	log      *log.Logger
	cache    gzipCache
}

// New returns a handler serving the files in dir, which must be a
// directory. GET and HEAD get the file; other methods get 405 with an
// Allow header. A directory's URL serves the index.html in it (with a
// redirect adding the trailing slash); there are no directory listings.
// Anything not a regular file inside dir, including hidden (dot) files
// and whatever a symlink outside dir points to, is 404.
//
// A client that accepts brotli is sent FILE.br, and else one that accepts
// gzip FILE.gz, if it exists and is not older than FILE, in place of FILE,
// with Content-Encoding: br or gzip and FILE's Content-Type; otherwise text
// and wasm are gzipped on the fly for a client that accepts gzip (and kept
// in memory, keyed by size and modification time). Files ending in .gz or
// .br themselves are sent as they are, as application/octet-stream.
func New(dir string, opts ...Option) (http.Handler, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("server: %w", err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("server: %s is not a directory", dir)
	}
	h := &handler{dir: dir, compress: true, log: log.New(io.Discard, "", 0)}
	for _, o := range opts {
		o(h)
	}
	return h, nil
}

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	setSecurityHeaders(w.Header())
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name, wantDir, ok := localName(r)
	if !ok {
		http.NotFound(w, r)
		return
	}
	f, info, err := h.open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer func() { f.Close() }()
	if info.IsDir() {
		if !wantDir {
			// Relative URLs in the directory's index.html need the
			// slash. http.Redirect makes the target a path on this
			// host: the request path has no empty segment, so the
			// target cannot start with // and name another host.
			target := path.Base(r.URL.Path) + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			http.Redirect(w, r, target, http.StatusMovedPermanently)
			return
		}
		f.Close()
		name = path.Join(name, "index.html")
		if f, info, err = h.open(name); err != nil || info.IsDir() {
			http.NotFound(w, r)
			return
		}
	} else if wantDir {
		http.NotFound(w, r)
		return
	}
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, name, f, info)
}

// open opens name (from localName) inside h.dir. os.OpenInRoot refuses any
// path that resolves outside the folder, through symlinks included.
func (h *handler) open(name string) (*os.File, fs.FileInfo, error) {
	local, ok := osName(name)
	if !ok {
		return nil, nil, fs.ErrNotExist
	}
	f, err := os.OpenInRoot(h.dir, local)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			h.log.Printf("server: opening %s: %v", name, err)
		}
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		h.log.Printf("server: %v", err)
		return nil, nil, err
	}
	return f, info, nil
}

// serveFile sends the regular file f, choosing its encoding.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, name string, f *os.File, info fs.FileInfo) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", "no-cache")
	if ext := path.Ext(name); strings.EqualFold(ext, ".gz") || strings.EqualFold(ext, ".br") {
		hdr.Set("ETag", etag(info, ""))
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}

	gz, gzInfo := h.openSibling(name, ".gz", info)
	if gz != nil {
		defer gz.Close()
	}
	br, brInfo := h.openSibling(name, ".br", info)
	if br != nil {
		defer br.Close()
	}
	onTheFly := h.compress && isCompressible(name) && info.Size() >= minCompressSize && info.Size() <= maxCompressSize
	if gz != nil || br != nil || onTheFly {
		hdr.Add("Vary", "Accept-Encoding")
	}
	if br != nil && acceptsBrotli(r.Header) {
		hdr.Set("Content-Encoding", "br")
		hdr.Set("ETag", etag(brInfo, "br"))
		http.ServeContent(&lengthWriter{w, brInfo.Size()}, r, name, brInfo.ModTime(), br)
		return
	}
	if acceptsGzip(r.Header) {
		switch {
		case gz != nil:
			hdr.Set("Content-Encoding", "gzip")
			hdr.Set("ETag", etag(gzInfo, "gz"))
			http.ServeContent(&lengthWriter{w, gzInfo.Size()}, r, name, gzInfo.ModTime(), gz)
			return
		case onTheFly:
			data, err := h.cache.get(name, f, info)
			if err != nil {
				h.log.Printf("server: compressing %s: %v", name, err)
				http.Error(w, "500 internal server error", http.StatusInternalServerError)
				return
			}
			if int64(len(data)) < info.Size() {
				hdr.Set("Content-Encoding", "gzip")
				hdr.Set("ETag", etag(info, "gzip"))
				http.ServeContent(&lengthWriter{w, int64(len(data))}, r, name, info.ModTime(), bytes.NewReader(data))
				return
			}
		}
	}
	hdr.Set("ETag", etag(info, ""))
	http.ServeContent(w, r, name, info.ModTime(), f)
}

// openSibling opens the precompressed name+ext (".gz" or ".br") if it is
// a regular file no older than the original (an older one is a leftover
// from a previous build and would serve stale content), or returns nil.
func (h *handler) openSibling(name, ext string, info fs.FileInfo) (*os.File, fs.FileInfo) {
	f, sibInfo, err := h.open(name + ext)
	if err != nil {
		return nil, nil
	}
	if !sibInfo.Mode().IsRegular() {
		f.Close()
		return nil, nil
	}
	if sibInfo.ModTime().Before(info.ModTime()) {
		h.log.Printf("server: %s%s is older than %s; ignoring it", name, ext, name)
		f.Close()
		return nil, nil
	}
	return f, sibInfo
}

// etag returns a strong validator for a file's content in one encoding
// (suffix "" for the file as stored): its modification time and size.
func etag(info fs.FileInfo, suffix string) string {
	if suffix != "" {
		suffix = "-" + suffix
	}
	return fmt.Sprintf(`"%x-%x%s"`, info.ModTime().UnixNano(), info.Size(), suffix)
}

// lengthWriter sets Content-Length on a 200 response. http.ServeContent
// leaves it out when Content-Encoding is set (to keep working code that
// compresses while writing), but these bodies are already compressed and
// of known size, and a HEAD response must report it.
type lengthWriter struct {
	http.ResponseWriter
	size int64
}

func (w *lengthWriter) WriteHeader(code int) {
	if code == http.StatusOK {
		w.Header().Set("Content-Length", strconv.FormatInt(w.size, 10))
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *lengthWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
