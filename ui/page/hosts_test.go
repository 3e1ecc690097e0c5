package page

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/ui/markup"
	"github.com/backprop-lab/backprop-lab/ui/model"
	"github.com/vugu/html"
)

// host is a view's host element in a template.
type host struct {
	file string
	node *html.Node
}

// templates parses the package's .vugu files.
func templates(t *testing.T) map[string]*html.Node {
	t.Helper()
	files, err := filepath.Glob("*.vugu")
	if err != nil || len(files) == 0 {
		t.Fatalf("no templates: %v", err)
	}
	out := map[string]*html.Node{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		// The templates are fragments; vugugen parses them in a body too.
		doc, err := html.Parse(strings.NewReader("<html><body>" + string(b) + "</body></html>"))
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		out[f] = doc
	}
	return out
}

func walk(n *html.Node, visit func(*html.Node)) {
	visit(n)
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walk(c, visit)
	}
}

func key(a html.Attribute) string {
	if a.OrigKey != "" {
		return a.OrigKey
	}
	return a.Key
}

// TestOneWriterPerElement proves rule 1 of package ui: every view of
// markup.Views has exactly one host, an element with no binding of Vugu's
// (content, events, other dynamic attributes) and no children, and every
// host names a registered view.
func TestOneWriterPerElement(t *testing.T) {
	hosts := map[string][]host{}
	for file, doc := range templates(t) {
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode {
				return
			}
			id, isHost := "", false
			for _, a := range n.Attr {
				switch k := key(a); k {
				case "data-view":
					// A static attribute makes a static element, which
					// vugugen compacts into its parent's innerHTML: each
					// render would wipe what the view wrote.
					t.Errorf("%s: <%s data-view=%q> must be written :data-view='%q'", file, n.Data, a.Val, a.Val)
				case ":data-view":
					v, err := strconv.Unquote(a.Val)
					if err != nil {
						t.Errorf("%s: :data-view=%s is not a string literal", file, a.Val)
						return
					}
					id, isHost = v, true
				}
			}
			if !isHost {
				return
			}
			hosts[id] = append(hosts[id], host{file, n})
			for _, a := range n.Attr {
				k := key(a)
				if k == ":data-view" {
					continue
				}
				if strings.HasPrefix(k, ":") || strings.HasPrefix(k, "@") || strings.HasPrefix(k, ".") || strings.HasPrefix(k, "vg-") {
					t.Errorf("%s: the host of view %q has the binding %s", file, id, k)
				}
			}
			if n.FirstChild != nil {
				t.Errorf("%s: the host of view %q has children", file, id)
			}
		})
	}
	for _, v := range markup.Views {
		switch n := len(hosts[v.ID]); n {
		case 0:
			t.Errorf("view %q has no host in the templates", v.ID)
		case 1:
		default:
			t.Errorf("view %q has %d hosts", v.ID, n)
		}
	}
	for id, hs := range hosts {
		if _, ok := markup.ViewByID(id); !ok {
			t.Errorf("%s: host of unknown view %q", hs[0].file, id)
		}
	}
}

// TestTestIDsHaveOneOwner checks that no data-testid is both in a template
// and on an element that the views write, nor twice in the templates
// (unless on two elements of which one is shown exactly when the other is
// not: vg-if='x' and vg-if='!x'): the hook would then name two elements.
func TestTestIDsHaveOneOwner(t *testing.T) {
	inTemplates := map[string]string{}
	cond := map[string]string{} // the vg-if of a hook's element
	for file, doc := range templates(t) {
		walk(doc, func(n *html.Node) {
			vgIf := ""
			for _, a := range n.Attr {
				if key(a) == "vg-if" {
					vgIf = a.Val
				}
			}
			for _, a := range n.Attr {
				if key(a) == "data-testid" {
					if f, ok := inTemplates[a.Val]; ok {
						c := cond[a.Val]
						if f != file || c == "" || vgIf == "" || (vgIf != "!"+c && c != "!"+vgIf) {
							t.Errorf("data-testid %q in %s and %s", a.Val, f, file)
						}
					}
					inTemplates[a.Val], cond[a.Val] = file, vgIf
				}
			}
		})
	}
	for _, v := range markup.Views {
		// A canvas view's canvas, and the drawing pad, carry their view's
		// ID as their test ID.
		if v.Kind == markup.Canvas {
			if f, ok := inTemplates[v.ID]; ok {
				t.Errorf("data-testid %q of a canvas view is also in %s", v.ID, f)
			}
		}
	}
	for _, id := range markup.WrittenTestIDs {
		if f, ok := inTemplates[id]; ok {
			t.Errorf("data-testid %q is written by a view and is also in %s", id, f)
		}
	}
}

// TestHostAttrsHaveOneWriter: the attributes a view writes on its host are
// not in the template too.
func TestHostAttrsHaveOneWriter(t *testing.T) {
	m := model.New(model.Config{})
	for file, doc := range templates(t) {
		walk(doc, func(n *html.Node) {
			for _, a := range n.Attr {
				if key(a) != ":data-view" {
					continue
				}
				id, _ := strconv.Unquote(a.Val)
				v, ok := markup.ViewByID(id)
				if !ok || v.Attrs == nil {
					continue
				}
				for _, w := range v.Attrs(m) {
					for _, b := range n.Attr {
						if k := strings.TrimLeft(key(b), ":."); k == w.Name {
							t.Errorf("%s: attribute %s of view %q's host is in the template and written by the view", file, w.Name, id)
						}
					}
				}
			}
		})
	}
}

// TestNoElementEmptiedByVugu: Vugu's renderer leaves an element's old
// children in place when its new build has none, so an element whose
// children are all conditional (vg-if, vg-for) would keep showing the last
// one after the condition turns false: a message after it was closed, the
// previous notice beside the new alert. Such an element keeps a child that
// is always there (an empty span.slot).
func TestNoElementEmptiedByVugu(t *testing.T) {
	for file, doc := range templates(t) {
		walk(doc, func(n *html.Node) {
			if n.Type != html.ElementNode || n.Data == "select" {
				// A select's options (the broken layers, the units, the
				// digits) are never none.
				return
			}
			conditional, always := 0, 0
			for c := n.FirstChild; c != nil; c = c.NextSibling {
				switch {
				case c.Type == html.TextNode && strings.TrimSpace(c.Data) != "":
					always++
				case c.Type != html.ElementNode:
				case hasAttr(c, "vg-if") || hasAttr(c, "vg-for"):
					conditional++
				default:
					always++
				}
			}
			if conditional > 0 && always == 0 {
				t.Errorf("%s: <%s> has only conditional children: Vugu would leave the last of them on the page; give it an empty <span class=\"slot\">", file, n.Data)
			}
		})
	}
}

func hasAttr(n *html.Node, k string) bool {
	for _, a := range n.Attr {
		if key(a) == k {
			return true
		}
	}
	return false
}
