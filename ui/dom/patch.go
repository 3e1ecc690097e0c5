package dom

import "strings"

// patch collects writes into the page's elements and applies them with one
// call into JavaScript (bplPatch, web/app.js): written one at a time from
// Go, every element found and every string handed over is a js.Value with a
// finalizer of its own, which costs the page more than the writes do.
type patch struct {
	b []byte
}

// The separators of the batch: between elements, and between an element's
// selector, keys and values. Neither appears in the page's text (field
// drops them if it ever did).
const (
	patchRec   = '\x1e'
	patchField = '\x1f'
	patchSeps  = string(patchRec) + string(patchField)
)

// el starts the writes into the first element that the CSS selector sel
// finds (if none, they are skipped).
func (p *patch) el(sel string) *patch {
	if len(p.b) > 0 {
		p.b = append(p.b, patchRec)
	}
	p.field(sel)
	return p
}

// testID is el for the element with that data-testid.
func (p *patch) testID(id string) *patch {
	return p.el(`[data-testid="` + id + `"]`)
}

// text sets the element's textContent to v.
func (p *patch) text(v string) *patch { return p.attr("", v) }

// attr sets the element's attribute name to v ("" is its text).
func (p *patch) attr(name, v string) *patch {
	p.b = append(p.b, patchField)
	p.field(name)
	p.b = append(p.b, patchField)
	p.field(v)
	return p
}

func (p *patch) field(s string) {
	if strings.ContainsAny(s, patchSeps) {
		s = strings.Map(func(r rune) rune {
			if r == patchRec || r == patchField {
				return -1
			}
			return r
		}, s)
	}
	p.b = append(p.b, s...)
}
