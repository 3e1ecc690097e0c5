package mnist

import (
	"errors"
	"fmt"
)

// Kinds of malformed input. A [*FormatError] matches exactly one of them with
// errors.Is.
var (
	ErrCompression   = errors.New("not valid gzip")
	ErrMagic         = errors.New("bad magic number")
	ErrTruncated     = errors.New("truncated data")
	ErrDimensions    = errors.New("wrong image dimensions")
	ErrCount         = errors.New("bad item count")
	ErrCountMismatch = errors.New("image and label counts differ")
	ErrTooLarge      = errors.New("too large to be real")
	ErrLabel         = errors.New("label out of range")
	ErrTrailingData  = errors.New("data after the last item")
	ErrChecksum      = errors.New("checksum mismatch")
)

// A FormatError reports malformed MNIST data. Its message starts with
// "mnist: ", names the part (when known) and the offending values, e.g.
//
//	mnist: train labels: label 12 at index 4 is not a digit 0-9
type FormatError struct {
	// Part names the file or part being read, e.g. "train images"; it is
	// empty when the decoder was called directly.
	Part string
	// Kind is one of the Err* sentinels.
	Kind error
	// Detail describes the problem with its values.
	Detail string
	// Err is the underlying error (an I/O or gzip error), or nil.
	Err error
}

func (e *FormatError) Error() string {
	msg := "mnist: "
	if e.Part != "" {
		msg += e.Part + ": "
	}
	msg += e.Detail
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

// Unwrap returns Kind and, if set, Err, so errors.Is matches both.
func (e *FormatError) Unwrap() []error {
	if e.Err == nil {
		return []error{e.Kind}
	}
	return []error{e.Kind, e.Err}
}

func formatErr(kind error, format string, args ...any) *FormatError {
	return &FormatError{Kind: kind, Detail: fmt.Sprintf(format, args...)}
}

// withPart sets the part name of a *FormatError (if err is one and has none
// yet) and returns err.
func withPart(err error, part string) error {
	var fe *FormatError
	if errors.As(err, &fe) && fe.Part == "" {
		fe.Part = part
	}
	return err
}

// A ChecksumError reports a file whose decompressed content does not have
// its published SHA-256. It matches [ErrChecksum] with errors.Is.
type ChecksumError struct {
	Name      string // file name, e.g. "train-images-idx3-ubyte.gz"
	Want, Got string // lowercase hex SHA-256 of the decompressed content
	WantSize  int    // published size of the decompressed content in bytes
	GotSize   int    // size that was checked
}

func (e *ChecksumError) Error() string {
	size := ""
	if e.GotSize != e.WantSize {
		size = fmt.Sprintf(" (%d bytes, want %d)", e.GotSize, e.WantSize)
	}
	return fmt.Sprintf("mnist: %s: sha-256 of decompressed content is %s, want %s%s",
		e.Name, e.Got, e.Want, size)
}

// Is reports whether target is ErrChecksum.
func (e *ChecksumError) Is(target error) bool { return target == ErrChecksum }
