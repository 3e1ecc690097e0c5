// Command vgtrim removes, from the Go files that vugugen generated, the text
// nodes that are only a template's indentation: whitespace with a line
// break, between two tags. Vugu's renderer sends every text node to the
// browser on every render, and they were 343 of the page's 371 text nodes:
// a third of a render's work (writeSetText in a CPU profile of the render
// after a click on play). HTML renders such whitespace as nothing between
// blocks and flex items, and as at most one space between inline elements;
// the page's controls are laid out with flex and gap, and the few spaces that
// separate inline elements are written on one line in the templates (" "),
// which vgtrim keeps.
//
// It runs after vugugen in `go generate ./ui/page` (ui/page/generate.go)
// and rewrites in place every *_gen.go file of the folders named on its
// command line. The files stay generated code: never edit them by hand.
package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
)

// indentNode matches one whitespace text node as vugugen writes it, and
// the line that appends it to its parent.
var indentNode = regexp.MustCompile(`(?m)^[ \t]*vgn = &vugu\.VGNode\{Type: vugu\.VGNodeType\(1\), Data: ("[^"]*")\}\n[ \t]*vgparent\.AppendChild\(vgn\)\n`)

const marker = "// Indentation-only text nodes removed by internal/cmd/vgtrim.\n"

// trim returns src without its indentation-only text nodes, and how many it
// removed.
func trim(src []byte) ([]byte, int, error) {
	n := 0
	var bad error
	out := indentNode.ReplaceAllFunc(src, func(m []byte) []byte {
		q := indentNode.FindSubmatch(m)[1]
		s, err := strconv.Unquote(string(q))
		if err != nil {
			bad = fmt.Errorf("text node %s: %w", q, err)
			return m
		}
		if !strings.Contains(s, "\n") || strings.TrimSpace(s) != "" {
			return m // text, or a space on one line: it shows
		}
		n++
		return nil
	})
	if bad != nil {
		return nil, 0, bad
	}
	if n > 0 && !bytes.Contains(out, []byte(marker)) {
		out = bytes.Replace(out, []byte("\npackage "), []byte("\n"+marker+"package "), 1)
	}
	return out, n, nil
}

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: vgtrim DIR...")
		os.Exit(2)
	}
	for _, dir := range os.Args[1:] {
		names, err := filepath.Glob(filepath.Join(dir, "*_gen.go"))
		if err == nil && len(names) == 0 {
			err = fmt.Errorf("no *_gen.go files in %s", dir)
		}
		for _, name := range names {
			if err != nil {
				break
			}
			err = trimFile(name)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "vgtrim:", err)
			os.Exit(1)
		}
	}
}

func trimFile(name string) error {
	src, err := os.ReadFile(name)
	if err != nil {
		return err
	}
	out, _, err := trim(src)
	if err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return os.WriteFile(name, out, 0o644)
}
