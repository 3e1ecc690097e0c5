package broken

import (
	"fmt"

	"github.com/backprop-lab/backprop-lab/nn"
	"gonum.org/v1/gonum/mat"
)

// Each broken layer embeds the nn layer it replaces: Forward, Name and the
// read-only accessors are the real ones, Backward is wrong. Backward keeps
// nn's contract otherwise: it does not modify dout and returns a dx owned by
// the layer, valid until its next Backward. DX (and DW, Grads) are
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

// The broken layers satisfy the interfaces TwoLayerNet uses.
var (
	_ nn.Layer      = (*reluNoMask)(nil)
	_ nn.Layer      = (*sigmoidOut)(nil)
	_ nn.Parametric = (*affineReshape)(nil)
	_ nn.LossLayer  = (*softmaxNoBatch)(nil)
)
