// Package page is Backprop Lab's page: the Vugu components (the .vugu
// templates and the *_gen.go files generated from them) that render a
// ui.App. The app's state, its messages with the trainer and everything that
// bypasses Vugu while training live in package ui.
//
// It is a package of its own so that the build can compile it without
// inlining (-gcflags=…/ui/page=-l, see the Makefile): each component's
// generated Build is one long function, and with the helpers it calls
// inlined they reached 70-200 KB of WebAssembly each. Chromium compiles such
// hot functions again with its optimizing compiler on background threads
// (about 4 s of CPU for these six at start-up, measured with
// --trace-wasm-compilation-times), which competes with the page and the
// trainer on a 2-core machine while the page loads.
package page
