// Command readme writes the data-testid table of package testids into
// README.md, between its markers.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/backprop-lab/backprop-lab/ui/testids"
)

func main() {
	path := flag.String("readme", "README.md", "the README to update")
	flag.Parse()
	b, err := os.ReadFile(*path)
	if err == nil {
		var s string
		if s, err = testids.Replace(string(b)); err == nil {
			err = os.WriteFile(*path, []byte(s), 0o644)
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "readme:", err)
		os.Exit(1)
	}
}
