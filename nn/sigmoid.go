package nn

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// Sigmoid is the sigmoid layer of book section 5.5.2: out = 1/(1+exp(-x)).
// Forward caches out, and Backward uses dx = dout·(1-out)·out (elementwise),
// the derivative written in terms of the output.
type Sigmoid struct {
	name string
	x    *mat.Dense
	out  *mat.Dense
	dx   *mat.Dense
}

// NewSigmoid returns a Sigmoid layer named name (e.g. "Sigmoid1").
func NewSigmoid(name string) *Sigmoid { return &Sigmoid{name: name} }

// Name returns the name given to NewSigmoid.
func (l *Sigmoid) Name() string { return l.name }

// Forward returns out = 1/(1+exp(-x)) elementwise (same shape as x). For
// x < -709, exp(-x) overflows to +Inf and out is exactly 0, which is the
// correctly rounded value, so no special case is needed. x is not modified.
func (l *Sigmoid) Forward(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	l.x = x
	l.out = reuse(l.out, r, c)
	xr, or := x.RawMatrix(), l.out.RawMatrix()
	for i := range r {
		xi := xr.Data[i*xr.Stride : i*xr.Stride+c]
		oi := or.Data[i*or.Stride : i*or.Stride+c]
		oi = oi[:len(xi)]
		for j, v := range xi {
			oi[j] = 1 / (1 + math.Exp(-v))
		}
	}
	return l.out
}

// Backward returns dx = dout·(1-out)·out elementwise (same shape as dout).
// It does not modify dout. It panics if called before Forward or if dout's
// shape is not out's.
func (l *Sigmoid) Backward(dout *mat.Dense) *mat.Dense {
	if l.out == nil {
		panic(fmt.Sprintf("nn: %s Backward called before Forward", l.name))
	}
	r, c := dout.Dims()
	if or, oc := l.out.Dims(); r != or || c != oc {
		panic(fmt.Sprintf("nn: %s dout is %d×%d, want %d×%d", l.name, r, c, or, oc))
	}
	l.dx = reuse(l.dx, r, c)
	dr, or, xr := dout.RawMatrix(), l.out.RawMatrix(), l.dx.RawMatrix()
	for i := range r {
		di := dr.Data[i*dr.Stride : i*dr.Stride+c]
		oi := or.Data[i*or.Stride : i*or.Stride+c]
		xi := xr.Data[i*xr.Stride : i*xr.Stride+c]
		oi, xi = oi[:len(di)], xi[:len(di)]
		for j, d := range di {
			y := oi[j]
			xi[j] = d * (1 - y) * y
		}
	}
	return l.dx
}

// X returns a read-only view of the last Forward's input, or nil.
func (l *Sigmoid) X() mat.Matrix { return viewOf(l.x) }

// Out returns a read-only view of the last Forward's output, or nil.
func (l *Sigmoid) Out() mat.Matrix { return viewOf(l.out) }

// DX returns a read-only view of the last Backward's dx, or nil.
func (l *Sigmoid) DX() mat.Matrix { return viewOf(l.dx) }
