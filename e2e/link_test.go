//go:build e2e

package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
)

// A link with one bad field keeps its good ones and names the bad one, in
// the page's language, and the address then holds what the page applies.
func TestLinkKeepsGoodFields(t *testing.T) {
	for _, c := range []struct{ lang, batchName string }{{"en", "batch size"}, {"ko", "배치 크기"}} {
		t.Run(c.lang, func(t *testing.T) {
			tb := newTab(t)
			if c.lang == "ko" {
				tb.accBrowserLanguage("ko")
			}
			tb.open("#lr=0.05&batch=0&hidden=64&seed=7")
			value := func(id string) string {
				return eval[string](tb, `document.querySelector('[data-testid="`+id+`"]').value`)
			}
			if lr, h, s, b := value("lr"), value("hidden"), value("seed"), value("batch"); lr != "0.05" || h != "64" || s != "7" || b != "100" {
				t.Errorf("after the link: lr %q, hidden %q, seed %q, batch %q; want the link's 0.05, 64, 7 and the default batch 100", lr, h, s, b)
			}
			var notice string
			tb.waitFor("a notice naming the bad field", 10*time.Second, func(kit.Readouts) bool {
				notice = eval[string](tb, `[...document.querySelectorAll('[data-testid="error"], [data-testid="notice"]')].map(e => e.textContent).join(" ")`)
				return strings.Contains(notice, c.batchName)
			})
			if c.lang == "ko" && !hangul.MatchString(notice) {
				t.Errorf("the Korean page's notice is not in Korean")
			}
			href := eval[string](tb, `location.hash`)
			for _, want := range []string{"lr=0.05", "hidden=64", "seed=7"} {
				if !strings.Contains(href, want) {
					t.Errorf("the address after the link is %q, without %s", href, want)
				}
			}
			if strings.Contains(href, "batch=0") {
				t.Errorf("the address keeps the refused batch=0: %q", href)
			}
			tb.noConsoleErrors()
		})
	}
}
