// Package mnist reads and writes the MNIST handwritten-digit data set in its
// IDX format, gzip-compressed or not, and checks the subset that Backprop Lab
// bundles against its published SHA-256 values.
//
// # IDX
//
// An IDX file is a big-endian header followed by the data, one byte per
// value (see http://yann.lecun.com/exdb/mnist/):
//
//	images: magic 0x00000803, count N, rows R, cols C, then N·R·C pixels
//	labels: magic 0x00000801, count N, then N labels
//
// Pixels are uint8, 0 = background, 255 = ink; images are stored row-major,
// one after the other. Labels are the digits 0–9.
//
// # Validation
//
// The decoders accept only what MNIST is: 28×28 images, labels 0–9, between
// 1 and [MaxImages] items, and nothing after the data. Every other input gives
// a [*FormatError] whose Kind is one of the Err* sentinels, so callers can
// test with errors.Is(err, mnist.ErrTruncated). Counts in a header are checked
// against [MaxImages] before anything is allocated, and the pixel buffer grows
// only as data actually arrives, so a short file that claims many images
// costs no more memory than its length.
//
// # The bundled subset
//
// [Subset] applies the selection rule of the bundled subset (the first k
// images of each digit, in file order). [SubsetFiles] lists its four files
// with the SHA-256 of their decompressed content, [Verify] checks one file
// and [LoadSubset] decodes all four, checking each. This package embeds no
// data; the files themselves are embedded by package assets, or fetched by
// the browser worker.
package mnist
