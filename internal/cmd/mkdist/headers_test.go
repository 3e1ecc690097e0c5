package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/internal/icon"
	"github.com/backprop-lab/backprop-lab/server"
)

// TestHeadersFile: dist/_headers and the sample configurations of
// docs/hosting.md send exactly the headers of package server.
func TestHeadersFile(t *testing.T) {
	f := headersFile()
	doc, err := os.ReadFile(filepath.Join("..", "..", "..", "docs", "hosting.md"))
	if err != nil {
		t.Fatal(err)
	}
	all := append(append([]server.Header{}, server.Headers...), server.Header{Name: "Cache-Control", Value: "no-cache"})
	for _, h := range all {
		if want := "\n  " + h.Name + ": " + h.Value + "\n"; !strings.Contains(f, want) {
			t.Errorf("_headers lacks %q:\n%s", want, f)
		}
		for _, want := range []string{
			"add_header " + h.Name + ` "` + h.Value + `" always;`, // nginx
			"\t\t" + h.Name + ` "` + h.Value + `"` + "\n",         // Caddy
		} {
			if !strings.Contains(string(doc), want) {
				t.Errorf("docs/hosting.md lacks %q", want)
			}
		}
	}
	if n := strings.Count(string(doc), "add_header "); n != len(all) {
		t.Errorf("docs/hosting.md's nginx sample has %d headers, want %d", n, len(all))
	}
	if !strings.HasPrefix(strings.SplitN(f, "/*\n", 2)[1], "  Content-Security-Policy: ") {
		t.Errorf("_headers does not give its headers to /*:\n%s", f)
	}
}

// TestWebManifests: both languages' manifests name the same app, with the
// icons mkdist writes and the icon's colour, and index.html the same colour.
func TestWebManifests(t *testing.T) {
	out := t.TempDir()
	if err := writeIcons(out); err != nil {
		t.Fatal(err)
	}
	for lang, name := range map[string]string{"en": "app.webmanifest", "ko": "app.ko.webmanifest"} {
		b, err := os.ReadFile(filepath.Join("..", "..", "..", "web", name))
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			ID, Name, Lang, StartURL string
			ThemeColor               string `json:"theme_color"`
			Start                    string `json:"start_url"`
			Icons                    []struct{ Src string }
		}
		if err := json.Unmarshal(b, &m); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if m.ID != "./" || m.Start != "./" || m.Lang != lang || m.Name == "" {
			t.Errorf("%s: id %q, start_url %q, lang %q, name %q", name, m.ID, m.Start, m.Lang, m.Name)
		}
		if m.ThemeColor != icon.ThemeColor {
			t.Errorf("%s: theme_color %s, the icon's is %s", name, m.ThemeColor, icon.ThemeColor)
		}
		if len(m.Icons) == 0 {
			t.Errorf("%s has no icons", name)
		}
		for _, i := range m.Icons {
			if _, err := os.Stat(filepath.Join(out, i.Src)); err != nil {
				t.Errorf("%s names icon %s, which mkdist does not write", name, i.Src)
			}
		}
	}
	html, err := os.ReadFile(filepath.Join("..", "..", "..", "web", "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), `<meta name="theme-color" content="`+icon.ThemeColor+`">`) {
		t.Errorf("web/index.html lacks the theme colour %s", icon.ThemeColor)
	}
}
