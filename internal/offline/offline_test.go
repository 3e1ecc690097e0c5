package offline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, rel, content string) {
	t.Helper()
	p := filepath.Join(dir, rel)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestStamp(t *testing.T) {
	dir := t.TempDir()
	sw, err := os.ReadFile(filepath.Join("..", "..", "web", Worker))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, Worker, string(sw))
	write(t, dir, "index.html", "<!doctype html>")
	write(t, dir, "index.html.br", "x")
	write(t, dir, "data/a", "a")
	write(t, dir, "pretrained.bplw", "w")
	write(t, dir, "_headers", "/*")
	id1, err := Stamp(dir)
	if err != nil {
		t.Fatal(err)
	}
	b, err := Hash(dir)
	if err != nil {
		t.Fatal(err)
	}
	if b.ID != id1 {
		t.Errorf("Hash after Stamp: id %s, Stamp said %s (sw.js must not count)", b.ID, id1)
	}
	want := []string{"./", "data/a", "pretrained.bplw"}
	if len(b.Files) != len(want) {
		t.Errorf("files %v, want %v", b.Files, want)
	}
	for _, k := range want {
		if _, ok := b.Files[k]; !ok {
			t.Errorf("no %s in %v", k, b.Files)
		}
	}
	if !b.Files["pretrained.bplw"].Lazy || b.Files["data/a"].Lazy {
		t.Errorf("lazy files wrong: %v", b.Files)
	}
	out, _ := os.ReadFile(filepath.Join(dir, Worker))
	if !strings.Contains(string(out), `"id":"`+id1+`"`) {
		t.Errorf("sw.js lacks the build id %s", id1)
	}
	// Stamping again without a change writes the same bytes; a changed
	// file makes a new build.
	if id, err := Stamp(dir); err != nil || id != id1 {
		t.Errorf("second Stamp: %s, %v; want %s", id, err, id1)
	}
	again, _ := os.ReadFile(filepath.Join(dir, Worker))
	if string(again) != string(out) {
		t.Error("stamping an unchanged folder again changed sw.js")
	}
	write(t, dir, "data/a", "b")
	if id, err := Stamp(dir); err != nil || id == id1 {
		t.Errorf("Stamp after a change: %s, %v; want a new id", id, err)
	}
}
