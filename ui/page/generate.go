package page

// The *_gen.go files are generated from the .vugu files: never edit them.
// vgtrim then removes the templates' indentation from them (see
// internal/cmd/vgtrim), which Vugu would send to the browser on every render.
//go:generate go tool vugugen -skip-go-mod -skip-main .
//go:generate go run ../../internal/cmd/vgtrim .
