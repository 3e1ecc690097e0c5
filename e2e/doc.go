// Package e2e holds Backprop Lab's end-to-end tests: the built app (dist/)
// served in-process by package server, driven in headless Chromium through
// the DevTools protocol with chromedp v0.23.0.
//
// The tests carry the build tag e2e, so `go test ./...` compiles only this
// file. Run them with
//
//	make test-e2e                          # make dist and make axe, then the line below
//	go test -tags e2e -count=1 ./e2e       # needs dist/ (make dist) and axe-core (make axe)
//
// They never skip: a missing dist/, a missing Chromium or a missing axe-core
// (TestAxe's accessibility checker, pinned by e2e/axe/package-lock.json and
// installed by `make axe`, which make test-e2e runs) is a failure with a
// message that says what to do. BPL_CHROMIUM names the browser binary
// (default /usr/bin/chromium, then chromium, chromium-browser, google-chrome
// on PATH) and BPL_DIST the folder to serve (default ../dist).
//
// The screenshots for the documentation come from e2e/cmd/screens:
//
//	go run -tags e2e ./e2e/cmd/screens -out docs/screenshots
package e2e
