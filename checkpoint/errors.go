package checkpoint

import (
	"errors"
	"fmt"
)

// Kinds of problem. A [*FormatError] matches exactly one of them with
// errors.Is.
var (
	ErrMagic     = errors.New("not a Backprop Lab weights file")
	ErrVersion   = errors.New("unsupported version")
	ErrHeader    = errors.New("bad header")
	ErrSize      = errors.New("bad layer size")
	ErrOption    = errors.New("bad option")
	ErrLength    = errors.New("array length does not match the sizes")
	ErrTruncated = errors.New("truncated file")
	ErrTrailing  = errors.New("trailing data")
	ErrCRC       = errors.New("crc mismatch")
	ErrNotFinite = errors.New("non-finite parameter")
	ErrHistory   = errors.New("bad training history")
)

// A FormatError reports a weights file, or a [Checkpoint] to be written, that
// breaks the format. Its message starts with "checkpoint: " and says why,
// with the values, e.g.
//
//	checkpoint: W1[3,17] is NaN
type FormatError struct {
	Kind   error  // one of the Err* sentinels
	Detail string // what is wrong, with values
}

func (e *FormatError) Error() string { return "checkpoint: " + e.Detail }

// Unwrap returns Kind, so errors.Is(err, ErrCRC) works.
func (e *FormatError) Unwrap() error { return e.Kind }

func errorf(kind error, format string, args ...any) *FormatError {
	return &FormatError{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}
