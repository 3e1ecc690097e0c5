// Package nn is the neural network of "Deep Learning from Scratch" (Koki
// Saito), chapter 5: a two-layer net for MNIST trained by backpropagation,
// written so that a browser can show every value it computes.
//
// It is pure Go plus gonum: no syscall/js, no I/O. The same code runs
// natively and under js/wasm; only the matrix-product kernel differs (see
// below).
//
// # Shapes
//
// Rows are samples, as in the book: a batch of inputs x is batch×784, the
// scores are batch×10, W1 is 784×50 (Input×Hidden), b1 has 50 elements,
// W2 is 50×10 and b2 has 10. Labels are class indices in [0, Output).
// Images are 784 float64 in [0, 1] (pixel/255, NewDataset).
//
// # The forward/backward contract
//
// Every layer (Layer) has Forward and Backward, as in book section 5.4:
//
//   - Forward(x) computes the output and caches what Backward needs (Affine
//     keeps x, Relu the mask x ≤ 0, Sigmoid its output, SoftmaxWithLoss the
//     probabilities y and one-hot labels t).
//   - Backward(dout) takes ∂L/∂out of the last Forward and returns ∂L/∂x;
//     Affine also stores dW and db. SoftmaxWithLoss starts the chain with
//     dout = 1 and returns (y - t)/batch.
//
// Neither modifies its arguments (the book's Relu zeroes dout in place; ours
// does not). TwoLayerNet.Gradient is the book's gradient: forward through
// Layers in order, Last, then backward in reverse order. It uses the
// layers only through the Layer, Parametric and LossLayer interfaces, so the
// app can swap a layer for a deliberately broken one and watch GradCheck
// catch it.
//
// # Who owns what
//
// A layer owns its outputs and caches: the *mat.Dense returned by Forward
// or Backward stays valid until that layer's next Forward or Backward and is
// then overwritten in place (buffers are reused, so a training step
// allocates nothing). Copy what must outlive that. Layers keep a reference to
// their input x until the next Forward; the caller must not change x in
// between. The accessors X, Out, Mask, DW, DB, DX, Y and T return read-only
// views (mat.Matrix, mat.Vector) of the caches for display; they show the
// current values and cannot be used to change them. The parameters are owned
// by the Affine layers and shared with TwoLayerNet.W1, B1, W2 and B2.
//
// # Errors
//
// Constructors and options validate their input and return errors that
// name the offending value ("nn: hidden size 0 must be positive"); a
// diverging training step returns a *DivergedError and keeps the weights from
// before it. Methods without an error result trust their arguments' shapes
// and panic on a mismatch, as gonum does; check data from outside with
// TwoLayerNet.CheckBatch (NewTrainer does it for the training set).
//
// # Kernels
//
// The three hot products (x·W, xᵀ·dout, dout·Wᵀ), the bias add and the
// column sums go through one small kernel layer (kernel*.go). Natively the
// products are gonum's BLAS with assembly inner loops (one Dgemv per row of
// the result, about twice as fast as Dgemm on these shapes and free of
// allocations). Under js/wasm, where gonum has no assembly, they are
// hand-written register-blocked Go loops (kernel_blocked.go), several times
// faster there than gonum's pure-Go code. The rest of the package does not
// know which one runs. The two agree to rounding, not bit for bit.
//
// # Determinism
//
// Weight initialisation and batch sampling use math/rand/v2's PCG, which
// produces the same stream on every GOOS/GOARCH, so a Config gives the same
// initial weights everywhere (a test pins them, natively and under js/wasm).
// Every kernel computes each element in a fixed order, so the same net, data
// and TrainConfig give bit-identical weights after the same number of steps
// on one platform, and weights equal to rounding across platforms.
package nn
