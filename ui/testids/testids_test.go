package testids

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/ui/markup"
)

var (
	tagRe    = regexp.MustCompile(`<[a-z]+((?:[^>"']|"[^"]*"|'[^']*')*)>`)
	idAttrRe = regexp.MustCompile(`\sdata-testid="([^"]+)"`)
	dataRe   = regexp.MustCompile(`\s:?(data-[a-z-]+)=`)
	// A hook that Go or JavaScript code creates: setAttribute("data-testid", "x")
	// or markup with data-testid="x".
	setRe    = regexp.MustCompile(`"data-testid",\s*"([^"]+)"`)
	markupRe = regexp.MustCompile("data-testid=\"([a-zA-Z0-9-]+)\"")
	attrRe   = regexp.MustCompile("`(data-[a-z-]+)`")
)

func read(t *testing.T, pattern string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", pattern))
	if err != nil || len(files) == 0 {
		t.Fatalf("no files %s: %v", pattern, err)
	}
	out := map[string]string{}
	for _, f := range files {
		if strings.HasSuffix(f, "_gen.go") || strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		out[f] = string(b)
	}
	return out
}

// pageIDs returns every data-testid the page can have, with where it comes
// from, and the data-* attributes of each template element with one.
func pageIDs(t *testing.T) (ids map[string]string, attrs map[string][]string) {
	ids, attrs = map[string]string{}, map[string][]string{}
	for f, s := range read(t, "ui/page/*.vugu") {
		for _, m := range tagRe.FindAllStringSubmatch(s, -1) {
			id := idAttrRe.FindStringSubmatch(m[1])
			if id == nil {
				continue
			}
			ids[id[1]] = f
			for _, a := range dataRe.FindAllStringSubmatch(m[1], -1) {
				if a[1] != "data-testid" && a[1] != "data-view" {
					attrs[id[1]] = append(attrs[id[1]], a[1])
				}
			}
		}
	}
	for _, id := range markup.WrittenTestIDs {
		ids[id] = "markup.WrittenTestIDs"
	}
	for f, s := range read(t, "ui/markup/*.go") {
		for _, m := range markupRe.FindAllStringSubmatch(s, -1) {
			ids[m[1]] = f
		}
	}
	for _, v := range markup.Views {
		if v.Kind == markup.Canvas { // ui/dom gives the canvas the view's ID
			ids[v.ID] = "markup.Views (canvas)"
		}
	}
	for _, pat := range []string{"ui/dom/*.go", "web/*.js"} {
		for f, s := range read(t, pat) {
			for _, m := range setRe.FindAllStringSubmatch(s, -1) {
				ids[m[1]] = f
			}
		}
	}
	return ids, attrs
}

func TestContract(t *testing.T) {
	ids, attrs := pageIDs(t)
	seen := map[string]bool{}
	for _, x := range All {
		if seen[x.Name] {
			t.Errorf("%s is in the table twice", x.Name)
		}
		seen[x.Name] = true
		if x.What == "" {
			t.Errorf("%s says nothing of what it is", x.Name)
		}
		if _, ok := ids[x.Name]; !ok {
			t.Errorf("the table lists %s, which the page does not have", x.Name)
		}
		listed := map[string]bool{}
		for _, m := range attrRe.FindAllStringSubmatch(x.Attrs, -1) {
			listed[m[1]] = true
		}
		for _, a := range attrs[x.Name] {
			if !listed[a] {
				t.Errorf("%s carries %s in its template (%s), which the table does not list", x.Name, a, ids[x.Name])
			}
		}
	}
	var missing []string
	for id, from := range ids {
		if !seen[id] {
			missing = append(missing, id+" ("+from+")")
		}
	}
	slices.Sort(missing)
	for _, m := range missing {
		t.Errorf("the page has data-testid %s, which the table lacks", m)
	}
}

// TestReadme: README.md has the table as Markdown writes it.
func TestReadme(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	want, err := Replace(string(b))
	if err != nil {
		t.Fatal(err)
	}
	if want != string(b) {
		t.Error("README.md's data-testid table is not ui/testids' table: run go generate ./ui/testids")
	}
}
