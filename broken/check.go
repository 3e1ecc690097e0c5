package broken

import "github.com/backprop-lab/backprop-lab/nn"

// CheckImages is how many training images the page's gradient check runs
// on, as the book's gradient_check.py does (section 5.7.3).
const CheckImages = 3

// MaxSquare is the largest hidden layer for which the page's check of
// affine-square runs on as many images as hidden units, so that the bug
// shows: the numerical gradient costs two forward passes of the batch per
// parameter, and up to 10 units (7,960 parameters × 10 images) that is
// less than the usual check of 50 units on 3 images (39,760 × 3).
const MaxSquare = 10

// CheckBatch returns how many training images the page's gradient check
// of kind runs on for a net c: CheckImages, but for affine-square in a net
// of at most MaxSquare hidden units as many as the units, the only batch
// in which that bug shows (Kind.Shows).
func CheckBatch(kind string, c nn.Config) int {
	if kind == AffineSquare && c.Hidden >= 1 && c.Hidden <= MaxSquare {
		return c.Hidden
	}
	return CheckImages
}

// ShowsInCheck reports whether the page's gradient check (CheckBatch
// images) of a net c catches kind.
func ShowsInCheck(kind string, c nn.Config) bool {
	k, err := lookup(kind)
	return err == nil && k.Shows(c, CheckBatch(k.Name, c))
}
