// Package checkpoint reads and writes Backprop Lab weights files: the
// parameters of a trained two-layer net (Affine, ReLU or sigmoid, Affine; the
// net of chapter 5 of "Deep Learning from Scratch") together with the
// options that produced them and, per epoch, how training went.
//
// The package is pure Go with no dependency on package nn (the app converts
// between the two), so it builds for js/wasm, where the page exports and
// imports weights. docs/weights-format.md holds the same description with a
// worked example.
//
// # Format, version 2
//
// All integers are unsigned little-endian; floats are IEEE 754 binary64,
// little-endian.
//
//	offset          size  field
//	0               8     magic: the ASCII bytes "BPLABWTS"
//	8               4     version: 2
//	12              4     header length H: a multiple of 8, from 8 to 65536
//	16              H     header: a JSON object (UTF-8), then spaces (0x20) up to H bytes
//	16+H            8·P   parameters: W1, b1, W2, b2 as float64, no gaps
//	16+H+8·P        32·E  history: E epochs, each its iteration, loss, train and test accuracy as float64
//	16+H+8·P+32·E   4     CRC-32 (IEEE, as zlib's crc32) of all the bytes before it
//
// The file is 20+H+8·P+32·E bytes long, nothing follows the CRC. With
// input, hidden and output sizes I, Hd and O, P = I·Hd + Hd + Hd·O + O and
// the parameters are, in this order: W1 (I×Hd, row-major: W1[i][j] at index
// i·Hd+j), b1 (Hd), W2 (Hd×O, row-major), b2 (O). Because 16+H is a multiple
// of 8, the parameters and the history start 8-byte aligned: a browser can
// view them as Float64Arrays without copying. Every parameter must be
// finite.
//
// The history is the training's figures at the end of each epoch, in
// order: the iterations done by then (a whole number, from 1, increasing,
// at most "iterations"), the mean loss of the epoch's mini-batches (≥ 0),
// and the accuracy on the training and on the test set (in [0, 1]). The
// last epoch may be one training stopped partway through.
//
// The header object has these members, all required except "metrics",
// "data" and "augment":
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
//	"data"                       optional string of at most MaxCreatorLen bytes: what the
//	                             net was trained and measured on (absent: the bundled subset)
//	"augment"                    optional object, all five members required: the
//	                             augmentation of the training images, "seed" (integer as
//	                             "seed" above), "shift" ≥ 0 (pixels along each axis),
//	                             "rotate" 0 to 180 (degrees either way), "scale" ≥ 0 and
//	                             below 1 (a factor from 1−scale to 1+scale), "width" ≥ 0
//	                             (pixels each side of a stroke)
//	"epochs"                     integer 0 to MaxEpochs: E, the epochs of the history
//
// Other members are an error, so a typo is never silently ignored; a later
// format that adds members gets a new version number. Seeds above 2⁵³ are
// exact in Go but need BigInt in JavaScript.
//
// # Version 1
//
// Version 1 files have no history and no "data", "augment" or "epochs"
// members (they are an error there); otherwise they are version 2 files:
// 20+H+8·P bytes, the CRC right after the parameters. [Read] and [Decode]
// read both versions; [Checkpoint.Encode] writes version 2.
//
// # Reading
//
// [Read] and [Decode] check, in this order: magic, version, header length,
// header JSON and its values, the file length the sizes and the epochs
// imply (shorter is truncated, longer has trailing data), the CRC, that
// every parameter is finite, and finally the history. They return a [*FormatError] whose Kind is one of the
// Err* sentinels, so callers can test errors.Is(err, checkpoint.ErrCRC).
// Sizes are capped before anything is allocated, and [Read] allocates only as
// data arrives, so a short file claiming a huge net or history costs
// little.
package checkpoint
