package server

import (
	"path"
	"strings"
)

// contentTypes maps file extensions to Content-Type. The table is fixed
// rather than read from the system (mime.TypeByExtension consults
// /etc/mime.types, which differs between machines), so that main.wasm is
// always application/wasm. A .gz or .br file asked for by its own name is
// an opaque download, never sent with Content-Encoding; the page asks for
// FILE and gets FILE.br or FILE.gz with Content-Encoding instead.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".htm":         "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".mjs":         "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".json":        "application/json",
	".map":         "application/json",
	".webmanifest": "application/manifest+json",
	".txt":         "text/plain; charset=utf-8",
	".wasm":        "application/wasm",
	".svg":         "image/svg+xml",
	".png":         "image/png",
	".jpg":         "image/jpeg",
	".jpeg":        "image/jpeg",
	".gif":         "image/gif",
	".webp":        "image/webp",
	".ico":         "image/x-icon",
	".woff2":       "font/woff2",
	".gz":          "application/octet-stream",
	".br":          "application/octet-stream",
}

// compressible lists the extensions worth gzipping on the fly: text, and
// wasm, which shrinks to about a quarter.
var compressible = map[string]bool{
	".html": true, ".htm": true, ".js": true, ".mjs": true, ".css": true,
	".json": true, ".map": true, ".webmanifest": true, ".txt": true,
	".svg": true, ".wasm": true,
}

// contentType returns the Content-Type for the file name; unknown
// extensions are application/octet-stream (with nosniff, a browser will
// not guess further).
func contentType(name string) string {
	if t, ok := contentTypes[strings.ToLower(path.Ext(name))]; ok {
		return t
	}
	return "application/octet-stream"
}

func isCompressible(name string) bool {
	return compressible[strings.ToLower(path.Ext(name))]
}
