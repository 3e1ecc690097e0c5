package page

// The *_gen.go files are generated from the .vugu files: never edit them.
//go:generate go tool vugugen -skip-go-mod -skip-main .
