package broken

import (
	"fmt"
	"math"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Each broken layer but softmaxStale embeds the nn layer it replaces:
// Forward, Name and the read-only accessors are the real ones, Backward is
// wrong. Backward keeps nn's contract otherwise, except in reluInPlace,
// whose bug is to break it: it does not modify dout and returns a dx owned
// by the layer, valid until its next Backward. DX (and DW, DB, Grads) are
// overridden to show the wrong values Backward computed, so that the page
// displays what the net actually used.

// reluNoMask is Relu whose backward forgets the mask: dx = dout everywhere,
// as if the book's `dout[self.mask] = 0` had been left out.
type reluNoMask struct {
	*nn.Relu
	dx *mat.Dense
}

func (l *reluNoMask) Backward(dout *mat.Dense) *mat.Dense {
	if l.Relu.X() == nil {
		panic(fmt.Sprintf("broken: %s Backward called before Forward", l.Name()))
	}
	l.dx = reuse(l.dx, dout)
	l.dx.Copy(dout)
	return l.dx
}

func (l *reluNoMask) DX() mat.Matrix { return viewOf(l.dx) }

// sigmoidOut is Sigmoid whose backward uses out as the derivative instead
// of out·(1-out): dx = dout·out.
type sigmoidOut struct {
	*nn.Sigmoid
	dx *mat.Dense
}

func (l *sigmoidOut) Backward(dout *mat.Dense) *mat.Dense {
	out := l.Sigmoid.Out()
	if out == nil {
		panic(fmt.Sprintf("broken: %s Backward called before Forward", l.Name()))
	}
	l.dx = reuse(l.dx, dout)
	l.dx.MulElem(dout, out)
	return l.dx
}

func (l *sigmoidOut) DX() mat.Matrix { return viewOf(l.dx) }

// softmaxNoBatch is SoftmaxWithLoss whose backward forgets the division:
// dx = y - t instead of (y - t)/batch. It ignores SetDivisor's divisor in
// Backward too (the loss in Forward is still divided).
type softmaxNoBatch struct {
	*nn.SoftmaxWithLoss
	dx *mat.Dense
}

func (s *softmaxNoBatch) Backward() *mat.Dense {
	y, t := s.SoftmaxWithLoss.Y(), s.SoftmaxWithLoss.T()
	if y == nil {
		panic("broken: SoftmaxWithLoss Backward called before Forward")
	}
	r, c := y.Dims()
	if s.dx == nil {
		s.dx = mat.NewDense(r, c, nil)
	} else if dr, dc := s.dx.Dims(); dr != r || dc != c {
		s.dx = mat.NewDense(r, c, nil)
	}
	s.dx.Sub(y, t)
	return s.dx
}

func (s *softmaxNoBatch) DX() mat.Matrix { return viewOf(s.dx) }

// affineReshape is Affine whose backward computes dW by dropping the
// transpose: it forms doutᵀ·x (out×in, the transpose of the true dW =
// xᵀ·dout) and, since that does not have W's shape, reshapes it to in×out
// (reads its row-major numbers as an in×out matrix), the NumPy slip
// np.dot(dout.T, x).reshape(W.shape) for np.dot(x.T, dout). The shapes fit
// for any W, every number of dW is right, but most are in the wrong place.
// dx and db are correct, so only W's gradient is wrong.
type affineReshape struct {
	*nn.Affine
	dw *mat.Dense
}

func (a *affineReshape) Backward(dout *mat.Dense) *mat.Dense {
	dx := a.Affine.Backward(dout) // checks the shapes; computes dx, db and the true dW
	x := a.Affine.X()
	batch, in := x.Dims()
	_, out := dout.Dims()
	if a.dw == nil {
		a.dw = mat.NewDense(in, out, nil)
	} else if r, c := a.dw.Dims(); r != in || c != out {
		a.dw = mat.NewDense(in, out, nil)
	}
	data := a.dw.RawMatrix().Data // contiguous, in·out values
	for o := range out {
		for i := range in {
			var sum float64
			for b := range batch {
				sum += dout.At(b, o) * x.At(b, i)
			}
			data[o*in+i] = sum // (doutᵀ·x)[o][i], row-major out×in
		}
	}
	return dx
}

// Grads returns the wrong dW and the correct db; nn.TwoLayerNet.Gradient
// reads them through this method.
func (a *affineReshape) Grads() (dW *mat.Dense, db *mat.VecDense) {
	_, db = a.Affine.Grads()
	if a.dw == nil {
		return nil, db
	}
	return a.dw, db
}

func (a *affineReshape) DW() mat.Matrix { return viewOf(a.dw) }

// softmaxStale is SoftmaxWithLoss with the softmax inside the allocation:
//
//	if s.y == nil || shape changed {
//		s.y = mat.NewDense(r, c, nil)
//		softmax(s.y, x) // belongs after the if
//	}
//
// so every Forward after the first of a batch size reuses the first y, for
// the loss and for Backward's (y − t)/batch. It is the only broken layer
// whose Forward is wrong.
type softmaxStale struct {
	divisor int
	x, y, t *mat.Dense
	dx      *mat.Dense
	loss    float64
}

func (s *softmaxStale) Name() string { return "SoftmaxWithLoss" }

func (s *softmaxStale) SetDivisor(divisor int) {
	if divisor < 0 {
		panic(fmt.Sprintf("broken: divisor %d must not be negative", divisor))
	}
	s.divisor = divisor
}

func (s *softmaxStale) Forward(x *mat.Dense, labels []int) float64 {
	r, c := x.Dims()
	if len(labels) != r {
		panic(fmt.Sprintf("broken: %d labels for %d rows", len(labels), r))
	}
	s.x = x
	if s.y == nil {
		s.y = mat.NewDense(r, c, nil)
		softmax(s.y, x)
	} else if yr, yc := s.y.Dims(); yr != r || yc != c {
		s.y = mat.NewDense(r, c, nil)
		softmax(s.y, x)
	}
	s.t = mat.NewDense(r, c, nil)
	var sum float64
	for i, l := range labels {
		if l < 0 || l >= c {
			panic(fmt.Sprintf("broken: label %d of row %d is not in [0, %d)", l, i, c))
		}
		s.t.Set(i, l, 1)
		sum += math.Log(s.y.At(i, l) + crossEntropyEps)
	}
	s.loss = -sum / float64(s.div(r))
	return s.loss
}

func (s *softmaxStale) div(r int) int {
	if s.divisor > 0 {
		return s.divisor
	}
	return r
}

func (s *softmaxStale) Backward() *mat.Dense {
	if s.y == nil {
		panic("broken: SoftmaxWithLoss Backward called before Forward")
	}
	r, _ := s.y.Dims()
	s.dx = reuse(s.dx, s.y)
	s.dx.Sub(s.y, s.t)
	s.dx.Scale(1/float64(s.div(r)), s.dx)
	return s.dx
}

// The accessors of nn.SoftmaxWithLoss, showing the stale y.
func (s *softmaxStale) X() mat.Matrix  { return viewOf(s.x) }
func (s *softmaxStale) Y() mat.Matrix  { return viewOf(s.y) }
func (s *softmaxStale) T() mat.Matrix  { return viewOf(s.t) }
func (s *softmaxStale) DX() mat.Matrix { return viewOf(s.dx) }
func (s *softmaxStale) Loss() float64  { return s.loss }

// crossEntropyEps is nn's δ inside the log of the cross-entropy.
const crossEntropyEps = 1e-7

// softmax sets each row of dst to the softmax of the same row of x, the
// row's maximum subtracted first, as nn does.
func softmax(dst, x *mat.Dense) {
	r, c := x.Dims()
	for i := range r {
		m := math.Inf(-1)
		for j := range c {
			m = math.Max(m, x.At(i, j))
		}
		var sum float64
		for j := range c {
			e := math.Exp(x.At(i, j) - m)
			dst.Set(i, j, e)
			sum += e
		}
		for j := range c {
			dst.Set(i, j, dst.At(i, j)/sum)
		}
	}
}

// reluInPlace is the book's Relu.backward,
//
//	dout[self.mask] = 0
//	dx = dout
//
// which zeroes the caller's dout and hands it back as dx. In the book dout
// is a new array from Affine2, so nobody notices; here it is Affine2's dx,
// which Affine2 keeps and the page shows as da. It breaks nn's contract
// that Backward does not modify dout, on purpose.
type reluInPlace struct {
	*nn.Relu
	dx *mat.Dense
}

func (l *reluInPlace) Backward(dout *mat.Dense) *mat.Dense {
	if l.Relu.X() == nil {
		panic(fmt.Sprintf("broken: %s Backward called before Forward", l.Name()))
	}
	r, c := dout.Dims()
	for i := range r {
		for j := range c {
			if l.Masked(i, j) {
				dout.Set(i, j, 0)
			}
		}
	}
	l.dx = dout
	return dout
}

func (l *reluInPlace) DX() mat.Matrix { return viewOf(l.dx) }

// sigmoidFromX is Sigmoid whose backward takes the derivative from the
// input x instead of the output: dx = dout·x·(1 − x), where the book's
// out·(1 − out) is σ'(x).
type sigmoidFromX struct {
	*nn.Sigmoid
	dx *mat.Dense
}

func (l *sigmoidFromX) Backward(dout *mat.Dense) *mat.Dense {
	x := l.Sigmoid.X()
	if x == nil {
		panic(fmt.Sprintf("broken: %s Backward called before Forward", l.Name()))
	}
	l.dx = reuse(l.dx, dout)
	r, c := dout.Dims()
	for i := range r {
		for j := range c {
			v := x.At(i, j)
			l.dx.Set(i, j, dout.At(i, j)*v*(1-v))
		}
	}
	return l.dx
}

func (l *sigmoidFromX) DX() mat.Matrix { return viewOf(l.dx) }

// affineLastRow is Affine whose db is assigned instead of summed in the
// loop over the batch,
//
//	for n := range batch { db[k] = dout[n][k] } // for db[k] += dout[n][k]
//
// so db is the last image's row of dout. dx and dW are correct.
type affineLastRow struct {
	*nn.Affine
	db *mat.VecDense
}

func (a *affineLastRow) Backward(dout *mat.Dense) *mat.Dense {
	dx := a.Affine.Backward(dout) // checks the shapes; computes dx, dW and the true db
	r, c := dout.Dims()
	if a.db == nil || a.db.Len() != c {
		a.db = mat.NewVecDense(c, nil)
	}
	for n := range r {
		for k := range c {
			a.db.SetVec(k, dout.At(n, k))
		}
	}
	return dx
}

// Grads returns the correct dW and the wrong db.
func (a *affineLastRow) Grads() (dW *mat.Dense, db *mat.VecDense) {
	dW, _ = a.Affine.Grads()
	if a.db == nil {
		return dW, nil
	}
	return dW, a.db
}

func (a *affineLastRow) DB() mat.Vector {
	if a.db == nil {
		return nil
	}
	return vecView{a.db}
}

// affineSquare is Affine whose dW drops the transpose, np.dot(x, dout) for
// np.dot(x.T, dout). With x batch×in and dout batch×out the product exists
// only if in = batch, and then it is in×out, W's shape: the slip survives
// exactly when the batch has as many images as the layer has inputs.
// Otherwise NumPy would raise and the learner would fix it, so the layer
// keeps the correct dW. dx and db are correct.
type affineSquare struct {
	*nn.Affine
	dw     *mat.Dense
	square bool // the last Backward had a square x
}

func (a *affineSquare) Backward(dout *mat.Dense) *mat.Dense {
	dx := a.Affine.Backward(dout) // checks the shapes; computes dx, db and the true dW
	x := a.Affine.X()
	batch, in := x.Dims()
	a.square = batch == in
	if a.square {
		_, out := dout.Dims()
		if a.dw == nil {
			a.dw = mat.NewDense(in, out, nil)
		} else if r, c := a.dw.Dims(); r != in || c != out {
			a.dw = mat.NewDense(in, out, nil)
		}
		a.dw.Mul(x, dout)
	}
	return dx
}

// Grads returns the wrong dW after a square batch, and the correct db.
func (a *affineSquare) Grads() (dW *mat.Dense, db *mat.VecDense) {
	dW, db = a.Affine.Grads()
	if a.square {
		dW = a.dw
	}
	return dW, db
}

func (a *affineSquare) DW() mat.Matrix {
	if a.square {
		return viewOf(a.dw)
	}
	return a.Affine.DW()
}

// reuse returns m if it has dout's shape, or a new matrix of that shape.
func reuse(m, like *mat.Dense) *mat.Dense {
	r, c := like.Dims()
	if m != nil {
		if mr, mc := m.Dims(); mr == r && mc == c {
			return m
		}
	}
	return mat.NewDense(r, c, nil)
}

// view is a read-only mat.Matrix over a *mat.Dense, like nn's views (a
// *mat.Dense returned as a mat.Matrix could be asserted back and written).
type view struct{ m *mat.Dense }

func (v view) Dims() (r, c int)    { return v.m.Dims() }
func (v view) At(i, j int) float64 { return v.m.At(i, j) }
func (v view) T() mat.Matrix       { return mat.Transpose{Matrix: v} }

func viewOf(m *mat.Dense) mat.Matrix {
	if m == nil {
		return nil
	}
	return view{m}
}

// vecView is a read-only mat.Vector over a *mat.VecDense.
type vecView struct{ v *mat.VecDense }

func (v vecView) Dims() (r, c int)    { return v.v.Dims() }
func (v vecView) At(i, j int) float64 { return v.v.At(i, j) }
func (v vecView) T() mat.Matrix       { return mat.TransposeVec{Vector: v} }
func (v vecView) Len() int            { return v.v.Len() }
func (v vecView) AtVec(i int) float64 { return v.v.AtVec(i) }

// The broken layers satisfy the interfaces TwoLayerNet uses.
var (
	_ nn.Layer      = (*reluNoMask)(nil)
	_ nn.Layer      = (*sigmoidOut)(nil)
	_ nn.Parametric = (*affineReshape)(nil)
	_ nn.LossLayer  = (*softmaxNoBatch)(nil)
	_ nn.LossLayer  = (*softmaxStale)(nil)
	_ nn.Layer      = (*reluInPlace)(nil)
	_ nn.Layer      = (*sigmoidFromX)(nil)
	_ nn.Parametric = (*affineLastRow)(nil)
	_ nn.Parametric = (*affineSquare)(nil)
)
