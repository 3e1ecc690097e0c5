package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Relu is the ReLU layer of book section 5.5.1: out = max(0, x). Forward
// caches the mask x ≤ 0; Backward passes dout through where the mask is
// false and zeroes it where it is true. Unlike the book's Python, which
// zeroes dout in place, Backward writes into its own dx.
type Relu struct {
	name string
	x    *mat.Dense
	mask []bool // row-major batch×n, true where x ≤ 0
	out  *mat.Dense
	dx   *mat.Dense
}

// NewRelu returns a Relu layer named name (the book's "Relu1").
func NewRelu(name string) *Relu { return &Relu{name: name} }

// Name returns the name given to NewRelu.
func (l *Relu) Name() string { return l.name }

// Forward returns out = max(0, x) (same shape as x) and caches the mask
// x ≤ 0. It does not modify x.
func (l *Relu) Forward(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	l.x = x
	l.out = reuse(l.out, r, c)
	if cap(l.mask) < r*c {
		l.mask = make([]bool, r*c)
	}
	l.mask = l.mask[:r*c]
	xr, or := x.RawMatrix(), l.out.RawMatrix()
	for i := range r {
		xi := xr.Data[i*xr.Stride : i*xr.Stride+c]
		oi := or.Data[i*or.Stride : i*or.Stride+c]
		mi := l.mask[i*c : i*c+c]
		oi, mi = oi[:len(xi)], mi[:len(xi)]
		for j, v := range xi {
			m := v <= 0 // NaN is not masked, so it propagates
			mi[j] = m
			if m {
				v = 0
			}
			oi[j] = v
		}
	}
	return l.out
}

// Backward returns dx = dout where x > 0 and 0 where x ≤ 0 (same shape as
// dout). It does not modify dout. It panics if called before Forward or if
// dout's shape is not x's.
func (l *Relu) Backward(dout *mat.Dense) *mat.Dense {
	if l.x == nil {
		panic(fmt.Sprintf("nn: %s Backward called before Forward", l.name))
	}
	r, c := dout.Dims()
	if xr, xc := l.x.Dims(); r != xr || c != xc {
		panic(fmt.Sprintf("nn: %s dout is %d×%d, want %d×%d", l.name, r, c, xr, xc))
	}
	l.dx = reuse(l.dx, r, c)
	dr, xr := dout.RawMatrix(), l.dx.RawMatrix()
	for i := range r {
		di := dr.Data[i*dr.Stride : i*dr.Stride+c]
		xi := xr.Data[i*xr.Stride : i*xr.Stride+c]
		mi := l.mask[i*c : i*c+c]
		xi, mi = xi[:len(di)], mi[:len(di)]
		for j, v := range di {
			if mi[j] {
				v = 0
			}
			xi[j] = v
		}
	}
	return l.dx
}

// X returns a read-only view of the last Forward's input, or nil.
func (l *Relu) X() mat.Matrix { return viewOf(l.x) }

// Out returns a read-only view of the last Forward's output, or nil.
func (l *Relu) Out() mat.Matrix { return viewOf(l.out) }

// DX returns a read-only view of the last Backward's dx, or nil.
func (l *Relu) DX() mat.Matrix { return viewOf(l.dx) }

// Mask returns a read-only view of the cached mask (batch×n): 1 where the
// last Forward's x ≤ 0 (the gradient is blocked there), 0 elsewhere; nil
// before the first Forward.
func (l *Relu) Mask() mat.Matrix {
	if l.x == nil {
		return nil
	}
	r, c := l.x.Dims()
	return maskView{mask: l.mask, r: r, c: c}
}

// Masked reports whether element (i, j) of the last Forward's x was ≤ 0.
// It panics before the first Forward or if i or j is out of range.
func (l *Relu) Masked(i, j int) bool {
	if l.x == nil {
		panic(fmt.Sprintf("nn: %s Masked called before Forward", l.name))
	}
	r, c := l.x.Dims()
	if i < 0 || i >= r || j < 0 || j >= c {
		panic(fmt.Sprintf("nn: %s mask index (%d, %d) out of range %d×%d", l.name, i, j, r, c))
	}
	return l.mask[i*c+j]
}

// maskView is a read-only mat.Matrix of 0s and 1s over a []bool.
type maskView struct {
	mask []bool
	r, c int
}

func (v maskView) Dims() (r, c int) { return v.r, v.c }
func (v maskView) T() mat.Matrix    { return mat.Transpose{Matrix: v} }
func (v maskView) At(i, j int) float64 {
	if i < 0 || i >= v.r || j < 0 || j >= v.c {
		panic(mat.ErrIndexOutOfRange)
	}
	if v.mask[i*v.c+j] {
		return 1
	}
	return 0
}
