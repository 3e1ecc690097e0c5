package server

import (
	"io/fs"
	"net/http"
	"path/filepath"
	"strings"
)

// encodedBad are percent-encodings refused anywhere in the raw request
// path: an encoded slash or backslash would let a name smuggle a
// separator past the per-segment checks, and an encoded NUL truncates
// names in some systems. Plain-text ".." segments, including those spelt
// %2e%2e, are caught after decoding.
var encodedBad = []string{"%2f", "%5c", "%00"}

// localName maps the request's URL path to a slash-separated name inside
// the served folder ("." for the folder itself) and reports whether the
// request named a directory (a trailing slash). ok is false for any path
// that is not plainly a name inside the folder: one with a .. or .
// segment, a hidden (dot) file, an empty segment (//), a backslash, a
// control character, or any of encodedBad.
func localName(r *http.Request) (name string, dir, ok bool) {
	p := r.URL.Path
	if !strings.HasPrefix(p, "/") {
		return "", false, false
	}
	raw := r.URL.RawPath
	if uri, _, _ := strings.Cut(r.RequestURI, "?"); uri != "" {
		raw += " " + uri
	}
	raw = strings.ToLower(raw)
	for _, bad := range encodedBad {
		if strings.Contains(raw, bad) {
			return "", false, false
		}
	}
	for _, c := range []byte(p) {
		if c < 0x20 || c == 0x7f || c == '\\' {
			return "", false, false
		}
	}
	segs := strings.Split(p[1:], "/")
	if last := len(segs) - 1; segs[last] == "" {
		dir = true
		segs = segs[:last]
	}
	for _, s := range segs {
		if s == "" || s[0] == '.' {
			return "", false, false
		}
	}
	name = strings.Join(segs, "/")
	if name == "" {
		name = "."
	}
	if !fs.ValidPath(name) {
		return "", false, false
	}
	return name, dir, true
}

// osName converts a name from localName to the operating system's form,
// refusing names that are not local there (such as reserved names on
// Windows).
func osName(name string) (string, bool) {
	n, err := filepath.Localize(name)
	return n, err == nil
}
