// Package offline writes the build into the app's service worker
// (web/sw.js): the list of the folder's files with the SHA-256 of each and
// a build id made of them all. The worker keeps the files of its build in a
// cache named after that id, so a new build (any file changed) is a new
// sw.js, which the browser installs beside the old one, and the page is
// served from one build's files only.
package offline

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Worker is the service worker's file name in the folder.
const Worker = "sw.js"

// buildLine is the line of the worker that Stamp writes: in web/sw.js
// "const BUILD = null;", in a built folder the build (so a folder can be
// stamped again after a file changed).
var buildLine = regexp.MustCompile(`(?m)^const BUILD = .*; // written by mkdist \(internal/offline\)$`)

// Lazy files are not fetched when the worker installs, only kept once the
// page asks for them: the pretrained net (300 KB, which a first visit does
// not need: it would take the first visit's bytes past 3.5 MB) and the
// large icons, which only an install of the app fetches.
var Lazy = map[string]bool{"pretrained.bplw": true, "icon-192.png": true, "icon-512.png": true}

// skipped reports whether the file at rel (slash-separated) is left out of
// the build: the worker itself, precompressed siblings (the browser gets
// the content, in whatever coding), host configuration, hidden files.
func skipped(rel string) bool {
	base := path.Base(rel)
	return rel == Worker || strings.HasSuffix(rel, ".br") || strings.HasSuffix(rel, ".gz") ||
		base == "_headers" || base == "_redirects" || strings.HasPrefix(base, ".")
}

// File is one file of a build, under the URL the page asks for it by
// (relative to the worker's scope; index.html is "./").
type File struct {
	SHA256 string `json:"sha256"`
	Lazy   bool   `json:"lazy,omitempty"`
}

// Build is what Stamp writes into the worker.
type Build struct {
	ID    string          `json:"id"`
	Files map[string]File `json:"files"`
}

// Hash returns the build of the folder dir.
func Hash(dir string) (Build, error) {
	b := Build{Files: map[string]File{}}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		if skipped(rel) {
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		key := rel
		if rel == "index.html" {
			key = "./"
		}
		b.Files[key] = File{SHA256: hex.EncodeToString(sum[:]), Lazy: Lazy[rel]}
		return nil
	})
	if err != nil {
		return Build{}, err
	}
	if _, ok := b.Files["./"]; !ok {
		return Build{}, fmt.Errorf("%s has no index.html", dir)
	}
	keys := make([]string, 0, len(b.Files))
	for k := range b.Files {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	h := sha256.New()
	for _, k := range keys {
		fmt.Fprintf(h, "%s\x00%s\n", k, b.Files[k].SHA256)
	}
	b.ID = hex.EncodeToString(h.Sum(nil))[:16]
	return b, nil
}

// Stamp writes the build of dir into dir/sw.js (a copy of web/sw.js with
// its placeholder line) and returns the build's id.
func Stamp(dir string) (string, error) {
	p := filepath.Join(dir, Worker)
	src, err := os.ReadFile(p)
	if err != nil {
		return "", err
	}
	if n := len(buildLine.FindAllIndex(src, -1)); n != 1 {
		return "", fmt.Errorf("%s: has %d lines \"const BUILD = ...; // written by mkdist (internal/offline)\", want 1", p, n)
	}
	b, err := Hash(dir)
	if err != nil {
		return "", err
	}
	js, err := json.Marshal(b) // map keys sorted: the same build writes the same bytes
	if err != nil {
		return "", err
	}
	line := "const BUILD = " + string(js) + "; // written by mkdist (internal/offline)"
	out := buildLine.ReplaceAllLiteral(src, []byte(line))
	return b.ID, os.WriteFile(p, out, 0o644)
}
