package nn

import "gonum.org/v1/gonum/mat"

// Layer is the book's layer contract (chapter 5): Forward computes the
// layer's output and caches what Backward needs; Backward takes the gradient
// of the loss with respect to that output and returns the gradient with
// respect to the input. Rows are samples.
type Layer interface {
	// Name is the layer's key in the book's OrderedDict: "Affine1",
	// "Relu1", "Sigmoid1", "Affine2".
	Name() string
	// Forward takes x (batch×in) and returns the output (batch×out). The
	// result is owned by the layer and valid until its next Forward; x is not
	// modified, but may be kept until the next Forward, so the caller must
	// not change it before Backward.
	Forward(x *mat.Dense) *mat.Dense
	// Backward takes dout (batch×out), the gradient of the loss with
	// respect to the last Forward's output, and returns dx (batch×in). dx is
	// owned by the layer and valid until its next Backward; dout is not
	// modified.
	Backward(dout *mat.Dense) *mat.Dense
}

// Parametric is a Layer with parameters: Affine, or any replacement for it
// (the app plugs in deliberately broken ones). The net reaches its weights
// and gradients only through this interface.
type Parametric interface {
	Layer
	// Params returns the layer's weights W (in×out) and bias b (out). They
	// are the live parameters, not copies: changing them changes the layer.
	Params() (W *mat.Dense, b *mat.VecDense)
	// Grads returns dW (in×out) and db (out) of the last Backward, owned by
	// the layer; both are nil before the first Backward.
	Grads() (dW *mat.Dense, db *mat.VecDense)
}

// LossLayer is the last layer of a net: it turns scores into a scalar loss
// and starts backpropagation. SoftmaxWithLoss is the implementation; the app
// may plug in a deliberately broken one (embedding *SoftmaxWithLoss and
// overriding Backward is the easy way).
type LossLayer interface {
	// Name is the layer's name, "SoftmaxWithLoss".
	Name() string
	// Forward takes scores x (batch×classes) and one class index per row,
	// caches what Backward needs and returns the loss. It modifies neither
	// argument.
	Forward(x *mat.Dense, labels []int) float64
	// Backward returns dx (batch×classes), the gradient of the loss with
	// respect to the last Forward's scores (dout = 1), owned by the layer.
	Backward() *mat.Dense
	// SetDivisor sets the count the loss and its gradient are divided by;
	// 0 (the default) means the batch size of each Forward. Computing the
	// gradient of part of a batch with the whole batch's size as divisor lets
	// the parts' gradients add up to the whole's (data parallelism).
	SetDivisor(divisor int)
}

// reuse returns m resized to r×c, reusing its memory when it is large
// enough, or a new matrix when m is nil. The contents are unspecified unless
// the matrix was new or resized (then they are zero).
func reuse(m *mat.Dense, r, c int) *mat.Dense {
	if m == nil {
		return mat.NewDense(r, c, nil)
	}
	if mr, mc := m.Dims(); mr == r && mc == c {
		return m
	}
	m.Reset()
	m.ReuseAs(r, c)
	return m
}

// The views below wrap a layer's cached values so that callers can read
// them through mat.Matrix and mat.Vector but not change them (a *mat.Dense in
// a mat.Matrix could be asserted back and written to). A view is as cheap as
// the pointer it holds and always shows the layer's current values.

// denseView is a read-only mat.Matrix over a *mat.Dense.
type denseView struct{ m *mat.Dense }

func (v denseView) Dims() (r, c int)    { return v.m.Dims() }
func (v denseView) At(i, j int) float64 { return v.m.At(i, j) }
func (v denseView) T() mat.Matrix       { return mat.Transpose{Matrix: v} }
func viewOf(m *mat.Dense) mat.Matrix {
	if m == nil {
		return nil
	}
	return denseView{m}
}

// vecView is a read-only mat.Vector over a *mat.VecDense.
type vecView struct{ v *mat.VecDense }

func (v vecView) Dims() (r, c int)    { return v.v.Dims() }
func (v vecView) At(i, j int) float64 { return v.v.At(i, j) }
func (v vecView) T() mat.Matrix       { return mat.TransposeVec{Vector: v} }
func (v vecView) Len() int            { return v.v.Len() }
func (v vecView) AtVec(i int) float64 { return v.v.AtVec(i) }
func vecViewOf(v *mat.VecDense) mat.Vector {
	if v == nil {
		return nil
	}
	return vecView{v}
}
