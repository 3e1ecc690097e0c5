//go:build !(js && wasm)

package ui

// pageLang is English outside a browser.
func pageLang() string { return "en" }

func savePageLang(string) {}
