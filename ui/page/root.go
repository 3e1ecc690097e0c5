package ui

// Root is the page.
type Root struct {
	App *App
}
