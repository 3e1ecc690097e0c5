package dom

import (
	"reflect"
	"strings"
	"testing"
)

// decodePatch splits a batch as bplPatch (web/app.js) does.
func decodePatch(b []byte) [][]string {
	var out [][]string
	for _, rec := range strings.Split(string(b), "\x1e") {
		out = append(out, strings.Split(rec, "\x1f"))
	}
	return out
}

func TestPatchEncoding(t *testing.T) {
	var p patch
	p.testID("loss").text("0.1234")
	p.el(`[data-digit="3"] .fill`).attr("style", "width:12.5%").attr("class", "prob top")
	// Text with a separator in it loses the separator, not its place.
	p.testID("gallery-text").text("a\x1eb\x1fc")
	p.testID("prediction").text("")
	want := [][]string{
		{`[data-testid="loss"]`, "", "0.1234"},
		{`[data-digit="3"] .fill`, "style", "width:12.5%", "class", "prob top"},
		{`[data-testid="gallery-text"]`, "", "abc"},
		{`[data-testid="prediction"]`, "", ""},
	}
	if got := decodePatch(p.b); !reflect.DeepEqual(got, want) {
		t.Errorf("batch decodes to\n%q\nwant\n%q", got, want)
	}
}
