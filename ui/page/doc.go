// Package page is Backprop Lab's page: the Vugu components (the .vugu
// templates and the *_gen.go files generated from them). Each component
// shows a part of the model (package ui/model) and turns the user's events
// into the model's commands; its .go file holds its own helpers.
//
// A template leaves every value that changes while training or drawing to
// package ui/dom: such a value's element is an empty host, data-view="ID",
// with no binding and no children, and the view ID's entry in
// markup.Views writes it.
//
// Vugu's renderer leaves an element's old children in place when its new
// build has none: an element whose children are all conditional (vg-if,
// vg-for) keeps an always-present empty <span class="slot"> so that the
// last conditional child goes when its condition does (TestNoElementEmptiedByVugu).
//
// It is a package of its own so that the build can compile it without
// inlining (-gcflags=…/ui/page=-l, see the Makefile): each component's
// generated Build is one long function, and inlining its helpers into it
// made WebAssembly functions that the browser compiles again on the page's
// threads while it loads.
package page
