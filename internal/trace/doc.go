// Package trace turns images of digits into pen strokes and pen strokes
// back into canvas pixels. It is test tooling: the end-to-end tests draw
// MNIST digits on the page's pad as a pointer would, and the native tests
// and measurements of package digit draw the same strokes without a
// browser.
//
// [Trace] follows the middle of a digit's lines: it thresholds the image,
// thins the ink to a one-pixel skeleton ([Skeleton], Zhang and Suen, "A fast
// parallel algorithm for thinning digital patterns", CACM 27(3), 1984) and
// walks the skeleton's 8-connected pixel graph into polylines ([Walk]).
// [Simplify] turns each polyline's pixel staircase into a few straight
// segments, [Place] scales and moves strokes onto a pad and adds the points
// a pointer would report in between, and [Paint] draws them as the page's
// 2D canvas does.
//
// Coordinates are in pixels, x to the right and y down; the centre of pixel
// (x, y) is (x+0.5, y+0.5). Nothing here panics on an empty image or empty
// strokes; sizes are trusted (the callers are tests and tools).
package trace

// Point is a position in pixels.
type Point struct{ X, Y float64 }

// Stroke is a polyline drawn in one go, from pen down to pen up.
type Stroke []Point
