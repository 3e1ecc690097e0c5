# Backprop Lab. `make serve` builds the app and serves it; `make test` runs every test.
GO        ?= go
GOROOT    := $(shell $(GO) env GOROOT)
WASM_EXEC := $(GOROOT)/lib/wasm/go_js_wasm_exec
ADDR      ?= 127.0.0.1:8080
FUZZTIME  ?= 60s

.PHONY: all generate build dist serve test test-native test-wasm test-e2e axe bench check fuzz screenshots pretrained clean

all: generate test build

## generate: regenerate the Vugu components' *_gen.go files from the .vugu files
generate:
	$(GO) generate ./ui/page

## build: compile the app to WebAssembly (web/main.wasm) and copy the toolchain's wasm_exec.js.
## The Vugu components (ui/page) are compiled without inlining: see ui/page/doc.go.
build: generate
	GOOS=js GOARCH=wasm $(GO) build -trimpath -ldflags=-s -gcflags=github.com/backprop-lab/backprop-lab/ui/page=-l -o web/main.wasm ./wasm
	cp $(GOROOT)/lib/wasm/wasm_exec.js web/wasm_exec.js

## dist: the deployable static folder dist/ (index.html at its root)
dist: build
	$(GO) run ./internal/cmd/mkdist -wasm web/main.wasm -web web -data assets/mnist-subset -data-brotli assets/brotli -out dist

## serve: build, then serve dist/ on $(ADDR) and print the URL
serve: dist
	$(GO) run ./cmd/serve -dir dist -addr $(ADDR)

## test: native tests, nn under js/wasm (Node), end-to-end tests in headless Chromium
test: test-native test-wasm test-e2e

test-native:
	$(GO) test ./...

test-wasm:
	GOOS=js GOARCH=wasm $(GO) test -exec=$(WASM_EXEC) ./nn ./wire ./digit ./mnist ./checkpoint ./worker ./augment

test-e2e: dist axe
	$(GO) test -tags e2e -count=1 -timeout 25m ./e2e

## axe: axe-core, the accessibility checker of the browser tests (TestAxe), at the version that
## e2e/axe/package-lock.json pins, into e2e/axe/node_modules; again only when the lock changes
AXE := e2e/axe/node_modules/axe-core/axe.min.js
axe: $(AXE)
$(AXE): e2e/axe/package-lock.json
	@command -v npm >/dev/null 2>&1 || { echo "make: npm is needed to install axe-core for the accessibility test (Debian: apt-get install -y npm)" >&2; exit 1; }
	npm ci --prefix e2e/axe --no-audit --no-fund --loglevel=error
	touch $@

## bench: training speed natively, under Node and in Chromium (1 and N workers), time to ready,
## bytes of a first visit, the page's worst stall while training, draw→prediction latency
bench: dist
	$(GO) run -tags e2e ./e2e/cmd/bench -out bench/results.json

## fuzz: every decoder of outside bytes, FUZZTIME each (default 60s), none of it spent minimising inputs; the seed corpora are in testdata/fuzz
fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeRaw$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./mnist
	$(GO) test -run '^$$' -fuzz '^FuzzDecodeGzip$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./mnist
	$(GO) test -run '^$$' -fuzz '^FuzzRead$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./checkpoint
	$(GO) test -run '^$$' -fuzz '^FuzzNormalize$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./digit
	$(GO) test -run '^$$' -fuzz '^FuzzRender$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./digit
	$(GO) test -run '^$$' -fuzz '^FuzzSettingsFromLink$$' -fuzztime $(FUZZTIME) -fuzzminimizetime 0 ./ui/model

## check: formatting, vet (host, the e2e-tagged browser tests and tools, js/wasm), generated code up to date,
## the GitHub Pages workflow linted by actionlint (a pinned version, fetched through the Go module proxy)
ACTIONLINT := github.com/rhysd/actionlint/cmd/actionlint@v1.7.12
check:
	@test -z "$$(gofmt -l $$(git ls-files '*.go' | grep -v '_gen.go$$'))" || (gofmt -l $$(git ls-files '*.go' | grep -v '_gen.go$$'); exit 1)
	$(GO) vet ./...
	$(GO) vet -tags e2e ./e2e/...
	GOOS=js GOARCH=wasm $(GO) vet ./...
	$(GO) generate ./ui/page
	git diff --exit-code -- ui
	$(GO) run $(ACTIONLINT) .github/workflows/pages.yml

## pretrained: the bundled net (web/pretrained.bplw), trained natively on all 60,000 MNIST training images
## (the GoMNIST module's official files) with the book's settings, seed 1, and seeded augmentation
pretrained:
	$(GO) run ./cmd/train -full -augment -iters 10000 -batch 100 -lr 0.1 -hidden 50 -activation relu -init book -seed 1 -sampling replace -save web/pretrained.bplw

## screenshots: the README's pictures, taken from the real page in headless Chromium
screenshots: dist
	$(GO) run -tags e2e ./e2e/cmd/screens -out docs/screenshots

clean:
	rm -rf dist web/main.wasm web/wasm_exec.js
