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
// It is a package of its own so that the build can compile it without
// inlining (-gcflags=…/ui/page=-l, see the Makefile): each component's
// generated Build is one long function, and inlining its helpers into it
// made WebAssembly functions that the browser compiles again on the page's
// threads while it loads.
package page
