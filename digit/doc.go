// Package digit turns a hand-drawn digit into an MNIST-like 28×28 image.
//
// The 784-50-10 network only recognises digits that were prepared the way
// the MNIST images were (LeCun et al., "The MNIST database of handwritten
// digits"): the ink is cropped to its bounding box, scaled to fit a 20×20
// box keeping its aspect ratio with an anti-aliasing (area) filter, and
// placed in a 28×28 field so that the centre of mass of its pixels lies at
// the centre of the field. Normalize does the same to a canvas drawing.
//
// Render does it to the drawing's strokes instead of its pixels, which is
// closer to how MNIST's digits were made (written with a pen, then
// scanned): the pen's centre lines are fitted into the box and drawn there
// with a pen of MNIST's own stroke width ([StrokeWidth], measured on
// MNIST). Normalize scales the canvas's pen with the drawing, so a digit
// drawn small comes out with strokes much thicker than MNIST's, and a thin
// or thick pen on the pad changes the input; Render's input depends on
// the strokes' shape alone.
//
// Conventions, measured on the bundled MNIST test images
// (assets/mnist-subset) so that the output matches them:
//
//   - Pixels are grey levels 0..255, 0 is background, 255 is full ink
//     (white strokes on black, as the page draws them).
//   - The centre of mass uses pixel indices as coordinates: pixel (x, y) is
//     at (x, y). In these coordinates MNIST's centres of mass average
//     (14.00, 13.99) and all lie within 0.5 px of (14, 14), because MNIST
//     moves the digit by whole pixels; Normalize does the same.
//   - The longer side of every MNIST digit's ink spans exactly 20 pixels.
//   - Every MNIST digit's brightest pixel is at least 248; Normalize
//     stretches grey levels so the brightest output pixel is 255, which
//     keeps thin or faint strokes as visible as MNIST's.
//
// Normalize, NormalizeInto, Render and RenderInto do not allocate and take
// well under a millisecond for a 280×280 canvas or a hand-drawn digit's
// strokes, so the page can call them on every animation frame while the
// user draws.
package digit
