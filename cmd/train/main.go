// Command train trains the book's two-layer net (chapter 5 of "Deep Learning
// from Scratch") natively: on the bundled MNIST subset by default, or on all
// of MNIST with -full (the official files, from a Go module) or -data DIR.
// Like the book it prints one line per epoch with train accuracy, test
// accuracy and loss; -json prints JSON lines instead. -augment varies the
// training images (package augment), seeded, so the run stays repeatable.
//
//	go run ./cmd/train                      # the book's settings on the subset
//	go run ./cmd/train -json -seed 2        # one JSON object per epoch, then the final state
//	go run ./cmd/train -gradcheck           # numerical vs backprop gradient, as the book
//	go run ./cmd/train -full -augment -save w.bplw
//
// -save writes the weights with the options, the data, the augmentation and
// the per-epoch history (the figures each line prints, unrounded). Bad
// flags or data give a one-line error and exit status 2.
package main

import (
	"os"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
