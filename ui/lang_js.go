//go:build js && wasm

package ui

import "github.com/vugu/vugu/js"

// pageLang is the language that the boot loader (web/app.js) chose for the
// page, from the user's earlier choice or the browser's languages, as the
// <html lang> it set.
func pageLang() string {
	return js.Global().Get("document").Get("documentElement").Get("lang").String()
}

// savePageLang asks the boot loader to set <html lang> and remember the
// choice (window.bplSetLang, which survives a browser without storage).
func savePageLang(lang string) {
	if f := js.Global().Get("bplSetLang"); f.Type() == js.TypeFunction {
		f.Invoke(lang)
	}
}
