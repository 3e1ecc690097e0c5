// Package checkpoint reads and writes Backprop Lab weights files: the
// parameters of a trained two-layer net (Affine, ReLU or sigmoid, Affine; the
// net of chapter 5 of "Deep Learning from Scratch") together with the
// options that produced them.
//
// The package is pure Go with no dependency on package nn (the app converts
// between the two), so it builds for js/wasm, where the page exports and
// imports weights. docs/weights-format.md holds the same description with a
// worked example.
//
// # Format, version 1
//
// All integers are unsigned little-endian; floats are IEEE 754 binary64,
// little-endian.
//
//	offset      size  field
//	0           8     magic: the ASCII bytes "BPLABWTS"
//	8           4     version: 1
//	12          4     header length H: a multiple of 8, from 8 to 65536
//	16          H     header: a JSON object (UTF-8), then spaces (0x20) up to H bytes
//	16+H        8·P   parameters: W1, b1, W2, b2 as float64, no gaps
//	16+H+8·P    4     CRC-32 (IEEE, as zlib's crc32) of bytes 0 to 16+H+8·P-1
//
// The file is 20+H+8·P bytes long, nothing follows the CRC. With input,
// hidden and output sizes I, Hd and O, P = I·Hd + Hd + Hd·O + O and the
// parameters are, in this order: W1 (I×Hd, row-major: W1[i][j] at index
// i·Hd+j), b1 (Hd), W2 (Hd×O, row-major), b2 (O). Because 16+H is a multiple
// of 8, the parameters start 8-byte aligned: a browser can view them as a
// Float64Array without copying. Every parameter must be finite.
//
// The header object has these members, all required except "metrics":
//
//	"input", "hidden", "output"  integers: layer sizes, 1 to MaxInput, MaxHidden, MaxOutput
//	"activation"                 "relu" or "sigmoid"
//	"init"                       "book" (weight_std·N(0,1)), "he" or "xavier"
//	"weight_std"                 number ≥ 0: the std of "book" init
//	"seed"                       integer 0 to 2⁶⁴-1: the seed the weights were initialised with
//	"learning_rate"              number > 0
//	"batch_size"                 integer ≥ 1
//	"iterations"                 integer ≥ 0: SGD steps taken
//	"sampling"                   "replace" (mini-batches drawn with replacement, as the
//	                             book) or "shuffle" (each epoch a permutation)
//	"metrics"                    optional object, all three members required:
//	                             "test_accuracy", "train_accuracy" in [0, 1], "loss" ≥ 0,
//	                             the mean cross-entropy over the training set
//	"creator"                    string of at most MaxCreatorLen bytes: what wrote the file
//
// Other members are an error, so a typo is never silently ignored; a later
// format that adds members gets a new version number. Seeds above 2⁵³ are
// exact in Go but need BigInt in JavaScript.
//
// # Reading
//
// [Read] and [Decode] check, in this order: magic, version, header length,
// header JSON and its values, the file length the sizes imply (shorter is
// truncated, longer has trailing data), the CRC, and finally that every
// parameter is finite. They return a [*FormatError] whose Kind is one of the
// Err* sentinels, so callers can test errors.Is(err, checkpoint.ErrCRC).
// Sizes are capped before anything is allocated, and [Read] allocates only as
// data arrives, so a short file claiming a huge net costs little.
package checkpoint
