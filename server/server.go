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
	"syscall"
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
// Anything not a regular file inside dir, including hidden (dot) files,
// FIFOs and whatever a symlink outside dir points to, is 404; a file that
// cannot be opened for another reason is 503 if the server is out of
// file descriptors or memory (with Retry-After), else 500.
//
// FILE is sent in the content coding the client prefers by the q-values
// of its Accept-Encoding, of those on hand: FILE.br or FILE.gz if it
// exists and is not older than FILE, with Content-Encoding: br or gzip
// and FILE's Content-Type; text and wasm gzipped on the fly (and kept in
// memory, keyed by size and modification time); or FILE itself. Brotli
// wins a tie, then gzip. A response without the encoded body (304, 412,
// 416) has no Content-Encoding. Files ending in .gz or .br themselves are
// sent as they are, as application/octet-stream.
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
	// The folder is opened for each request, not once, since make dist
	// replaces it. os.Root refuses any path that resolves outside it,
	// through symlinks included.
	root, err := os.OpenRoot(h.dir)
	if err != nil {
		h.fail(w, r, ".", err)
		return
	}
	defer root.Close()
	info, err := stat(root, name)
	if err != nil {
		h.fail(w, r, name, err)
		return
	}
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
		name = path.Join(name, "index.html")
		if info, err = stat(root, name); err != nil {
			h.fail(w, r, name, err)
			return
		}
	} else if wantDir {
		http.NotFound(w, r)
		return
	}
	// Checked before opening: opening a FIFO blocks until a writer
	// comes, and a device may do anything.
	if !info.Mode().IsRegular() {
		http.NotFound(w, r)
		return
	}
	h.serveFile(w, r, root, name, info)
}

// stat returns the FileInfo of name (from localName) inside root,
// following symlinks that stay inside it.
func stat(root *os.Root, name string) (fs.FileInfo, error) {
	local, ok := osName(name)
	if !ok {
		return nil, &fs.PathError{Op: "stat", Path: name, Err: fs.ErrNotExist}
	}
	return root.Stat(local)
}

// open opens name, which stat found to be a regular file, and closes
// root: from then on a connection sending the file holds two descriptors,
// its socket and the file. It returns the open file's FileInfo, which is
// not stat's if the file was replaced meanwhile.
func open(root *os.Root, name string) (*os.File, fs.FileInfo, error) {
	defer root.Close()
	local, ok := osName(name)
	if !ok {
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	f, err := root.Open(local)
	if err != nil {
		return nil, nil, err
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	if !info.Mode().IsRegular() {
		f.Close()
		return nil, nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return f, info, nil
}

// lookupStatus returns the status for an error from looking name up in
// the folder or opening it. It is 404 when the name leads to nothing to
// serve: missing, through a file, looping, too long, or out of the
// folder (os.Root's error for that is not exported, hence its text). It
// is 503 when the server is out of descriptors or memory, which passes,
// and 500 for anything else (no permission, an I/O error).
func lookupStatus(err error) int {
	var pe *fs.PathError
	switch {
	case errors.Is(err, fs.ErrNotExist),
		errors.Is(err, syscall.ENOTDIR),
		errors.Is(err, syscall.ELOOP),
		errors.Is(err, syscall.ENAMETOOLONG),
		errors.As(err, &pe) && pe.Err.Error() == "path escapes from parent":
		return http.StatusNotFound
	case errors.Is(err, syscall.EMFILE),
		errors.Is(err, syscall.ENFILE),
		errors.Is(err, syscall.ENOMEM):
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// fail answers a request whose file could not be looked up or opened,
// with the status lookupStatus gives; it logs all but 404s.
func (h *handler) fail(w http.ResponseWriter, r *http.Request, name string, err error) {
	status := lookupStatus(err)
	if status == http.StatusNotFound {
		http.NotFound(w, r)
		return
	}
	h.log.Printf("server: %s: %v", name, err)
	if status == http.StatusServiceUnavailable {
		w.Header().Set("Retry-After", "1")
	}
	http.Error(w, fmt.Sprintf("%d %s", status, strings.ToLower(http.StatusText(status))), status)
}

// serveFile sends the regular file name (described by info), choosing its
// encoding: itself, a precompressed sibling, or gzipped on the fly.
func (h *handler) serveFile(w http.ResponseWriter, r *http.Request, root *os.Root, name string, info fs.FileInfo) {
	hdr := w.Header()
	hdr.Set("Content-Type", contentType(name))
	hdr.Set("Cache-Control", "no-cache")
	if ext := path.Ext(name); strings.EqualFold(ext, ".gz") || strings.EqualFold(ext, ".br") {
		h.send(w, r, root, name, "", "")
		return
	}

	gzInfo := h.sibling(root, name, ".gz", info)
	brInfo := h.sibling(root, name, ".br", info)
	onTheFly := h.compress && isCompressible(name) && info.Size() >= minCompressSize && info.Size() <= maxCompressSize
	if gzInfo != nil || brInfo != nil || onTheFly {
		hdr.Add("Vary", "Accept-Encoding")
	}
	offers := make([]string, 0, 3) // brotli first: it wins ties, being smaller
	if brInfo != nil {
		offers = append(offers, codingBr)
	}
	if gzInfo != nil || onTheFly {
		offers = append(offers, codingGzip)
	}
	switch negotiate(r.Header, append(offers, identity)...) {
	case codingBr:
		h.send(w, r, root, name+".br", "br", "br")
	case codingGzip:
		if gzInfo != nil {
			h.send(w, r, root, name+".gz", "gzip", "gz")
		} else {
			h.sendGzipped(w, r, root, name)
		}
	default:
		h.send(w, r, root, name, "", "")
	}
}

// send serves the file name as it is stored, with Content-Encoding
// encoding unless that is "", and an ETag made of its size, modification
// time and tag. The Content-Type is already set, for the original file.
func (h *handler) send(w http.ResponseWriter, r *http.Request, root *os.Root, name, encoding, tag string) {
	f, info, err := open(root, name)
	if err != nil {
		h.fail(w, r, name, err)
		return
	}
	defer f.Close()
	w.Header().Set("ETag", etag(info, tag))
	if encoding == "" {
		http.ServeContent(w, r, name, info.ModTime(), f)
		return
	}
	w.Header().Set("Content-Encoding", encoding)
	http.ServeContent(&encodedWriter{w, info.Size()}, r, name, info.ModTime(), f)
}

// sendGzipped serves the file name gzipped on the fly, or as it is if
// gzip does not make it smaller.
func (h *handler) sendGzipped(w http.ResponseWriter, r *http.Request, root *os.Root, name string) {
	f, info, err := open(root, name)
	if err != nil {
		h.fail(w, r, name, err)
		return
	}
	defer f.Close()
	data, err := h.cache.get(name, f, info)
	if err != nil {
		h.log.Printf("server: compressing %s: %v", name, err)
		http.Error(w, "500 internal server error", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	if int64(len(data)) >= info.Size() {
		hdr.Set("ETag", etag(info, ""))
		http.ServeContent(w, r, name, info.ModTime(), f) // it seeks back to the start
		return
	}
	hdr.Set("Content-Encoding", "gzip")
	hdr.Set("ETag", etag(info, "gzip"))
	http.ServeContent(&encodedWriter{w, int64(len(data))}, r, name, info.ModTime(), bytes.NewReader(data))
}

// sibling returns the FileInfo of the precompressed name+ext (".gz" or
// ".br") if it is a regular file no older than the original (an older
// one is a leftover from a previous build and would serve stale
// content), or nil.
func (h *handler) sibling(root *os.Root, name, ext string, info fs.FileInfo) fs.FileInfo {
	sib, err := stat(root, name+ext)
	if err != nil {
		if lookupStatus(err) != http.StatusNotFound {
			h.log.Printf("server: %s%s: %v", name, ext, err)
		}
		return nil
	}
	if !sib.Mode().IsRegular() {
		return nil
	}
	if sib.ModTime().Before(info.ModTime()) {
		h.log.Printf("server: %s%s is older than %s; ignoring it", name, ext, name)
		return nil
	}
	return sib
}

// etag returns a strong validator for a file's content in one encoding
// (suffix "" for the file as stored): its modification time and size.
func etag(info fs.FileInfo, suffix string) string {
	if suffix != "" {
		suffix = "-" + suffix
	}
	return fmt.Sprintf(`"%x-%x%s"`, info.ModTime().UnixNano(), info.Size(), suffix)
}

// encodedWriter is the ResponseWriter for a body already compressed, of
// known size. On a 200 it sets Content-Length, which http.ServeContent
// leaves out when Content-Encoding is set (to keep working code that
// compresses while writing); a HEAD response reports it too, as it keeps
// all of GET's headers (RFC 9110 section 9.3.2). A 206 is a range of the
// encoded bytes and keeps both. Any other status (304, 412) has no body
// in the encoding, so it loses Content-Encoding.
type encodedWriter struct {
	http.ResponseWriter
	size int64
}

func (w *encodedWriter) WriteHeader(code int) {
	switch code {
	case http.StatusOK:
		w.Header().Set("Content-Length", strconv.FormatInt(w.size, 10))
	case http.StatusPartialContent:
	default:
		w.Header().Del("Content-Encoding")
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *encodedWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }
