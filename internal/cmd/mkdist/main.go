// Command mkdist assembles the static app folder (dist/): the files of web/,
// the WebAssembly binary with a gzip'd copy, the Go toolchain's wasm_exec.js,
// Vugu's DOM helper script, the bundled MNIST subset and a manifest that the
// boot loader reads for its progress bar. The folder works on any static host.
//
// Usage: go run ./internal/cmd/mkdist -wasm web/main.wasm -web web -data assets/mnist-subset -out dist
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/internal/icon"
	"github.com/backprop-lab/backprop-lab/internal/offline"
	"github.com/backprop-lab/backprop-lab/server"
)

type file struct {
	Name string `json:"name"`
	Path string `json:"path"`
	Size int64  `json:"size"`
}

func main() {
	wasm := flag.String("wasm", "web/main.wasm", "the built WebAssembly program")
	web := flag.String("web", "web", "folder of static files")
	data := flag.String("data", "assets/mnist-subset", "folder of the bundled data set")
	br := flag.String("data-brotli", "assets/brotli", "folder of the data set's brotli files (made there when missing)")
	out := flag.String("out", "dist", "output folder")
	flag.Parse()
	if err := run(*wasm, *web, *data, *br, *out); err != nil {
		fmt.Fprintln(os.Stderr, "mkdist:", err)
		os.Exit(2)
	}
}

func run(wasm, web, data, dataBr, out string) error {
	if err := os.RemoveAll(out); err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(out, "data"), 0o755); err != nil {
		return err
	}
	// Static files, except build products that have their own step.
	entries, err := os.ReadDir(web)
	if err != nil {
		return err
	}
	for _, e := range entries {
		n := e.Name()
		if e.IsDir() || n == "main.wasm" || n == "wasm_exec.js" {
			continue
		}
		if err := copyFile(filepath.Join(web, n), filepath.Join(out, n)); err != nil {
			return err
		}
	}
	// wasm_exec.js must come from the toolchain that built the binary.
	if err := copyFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"), filepath.Join(out, "wasm_exec.js")); err != nil {
		return err
	}
	if err := writeVuguHelper(filepath.Join(out, "vugu-render.js")); err != nil {
		return err
	}
	if err := copyFile(wasm, filepath.Join(out, "main.wasm")); err != nil {
		return fmt.Errorf("%w (run make build first)", err)
	}
	if err := writeIcons(out); err != nil {
		return err
	}
	if err := writeHeaders(filepath.Join(out, "_headers")); err != nil {
		return err
	}
	st, err := os.Stat(filepath.Join(out, "main.wasm"))
	if err != nil {
		return err
	}
	files := []file{{Name: "main.wasm", Path: "main.wasm", Size: st.Size()}}
	df, err := writeData(data, dataBr, filepath.Join(out, "data"))
	if err != nil {
		return err
	}
	files = append(files, df...)
	b, err := json.MarshalIndent(map[string]any{"files": files}, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "manifest.json"), b, 0o644); err != nil {
		return err
	}
	// The service worker last: its build is the hash of every other file.
	if _, err := offline.Stamp(out); err != nil {
		return err
	}
	for _, n := range []string{"main.wasm", "wasm_exec.js", "vugu-render.js", "app.js", "worker.js", "style.css", "index.html", "pretrained.bplw",
		offline.Worker, "app.webmanifest", "app.ko.webmanifest", "icon.svg"} {
		if err := compressFile(filepath.Join(out, n)); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
	}
	return nil
}

// writeIcons writes the app's icons, which the web app manifests name.
func writeIcons(out string) error {
	if err := os.WriteFile(filepath.Join(out, "icon.svg"), icon.SVG(), 0o644); err != nil {
		return err
	}
	for _, size := range []int{192, 512} {
		b, err := icon.PNG(size)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, fmt.Sprintf("icon-%d.png", size)), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// writeHeaders writes the headers of package server in the _headers format
// that Netlify and Cloudflare Pages read: a static host sends them as
// cmd/serve does.
func writeHeaders(dst string) error {
	return os.WriteFile(dst, []byte(headersFile()), 0o644)
}

func headersFile() string {
	var b strings.Builder
	b.WriteString("# The headers of Backprop Lab's own server (package server), for Netlify and Cloudflare Pages.\n" +
		"# Written by mkdist; see README.md, \"Hosting\".\n/*\n")
	for _, h := range server.Headers {
		fmt.Fprintf(&b, "  %s: %s\n", h.Name, h.Value)
	}
	b.WriteString("  Cache-Control: no-cache\n")
	return b.String()
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	o, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

// gzipFile writes name.gz next to name, for servers that send precompressed files.
func writeVuguHelper(dst string) error {
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/vugu/vugu").Output()
	if err != nil {
		return fmt.Errorf("finding the vugu module: %w", err)
	}
	src := filepath.Join(strings.TrimSpace(string(dir)), "domrender", "renderer-js-script.go")
	f, err := parser.ParseFile(token.NewFileSet(), src, nil, 0)
	if err != nil {
		return err
	}
	var script string
	ast.Inspect(f, func(n ast.Node) bool {
		vs, ok := n.(*ast.ValueSpec)
		if !ok || len(vs.Names) != 1 || vs.Names[0].Name != "jsHelperScript" || len(vs.Values) != 1 {
			return true
		}
		if lit, ok := vs.Values[0].(*ast.BasicLit); ok {
			script, err = strconv.Unquote(lit.Value)
		}
		return false
	})
	if err != nil {
		return err
	}
	if script == "" {
		return fmt.Errorf("no jsHelperScript constant in %s", src)
	}
	script, err = skipUnchanged(script)
	if err != nil {
		return fmt.Errorf("%s: %w", src, err)
	}
	return os.WriteFile(dst, []byte("// Vugu's DOM helper script, extracted from "+src[strings.Index(src, "github.com"):]+" by mkdist\n"+
		"// (generated: do not edit), with unchanged innerHTML, attribute and text writes skipped.\n"+script+"\n"), 0o644)
}

// skipUnchanged patches the helper script so that it leaves an element's
// innerHTML or attribute, or a text or comment node, alone when it already
// has the value to write. Vugu writes every vg-content, every text node and
// every attribute on every render; each write, even of the same value, is a
// DOM mutation that costs the browser style and layout work, hundreds of
// them per render here.
func skipUnchanged(script string) (string, error) {
	for _, p := range []struct {
		old, new string
		n        int // times old is in the script
	}{
		{`x.el.innerHTML=(x.bufferedInnerHTML||"")+e,`,
			`(function(v){if(x.el.innerHTML!==v)x.el.innerHTML=v})((x.bufferedInnerHTML||"")+e),`, 1},
		{`e.setAttribute(t,n),x.elAttrNames[t]=!0;`,
			`e.getAttribute(t)!==n&&e.setAttribute(t,n),x.elAttrNames[t]=!0;`, 1},
		// Text (opcode set text) and comment (set comment) nodes.
		{`x.el=t}else x.el.textContent=e;break}`,
			`x.el=t}else x.el.textContent!==e&&(x.el.textContent=e);break}`, 2},
	} {
		if strings.Count(script, p.old) != p.n {
			return "", fmt.Errorf("the Vugu helper script changed: %q is not in it exactly %d times", p.old, p.n)
		}
		script = strings.ReplaceAll(script, p.old, p.new)
	}
	return script, nil
}
