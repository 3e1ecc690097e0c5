package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Affine is the fully connected layer of book section 5.6: out = x·W + b.
// Its backward pass is
//
//	dx = dout·Wᵀ   dW = xᵀ·dout   db = Σ_rows dout
//
// W and b are shared with whoever passed them to NewAffine (the net's
// parameters live here).
type Affine struct {
	// SkipDX makes Backward skip dx = dout·Wᵀ and return nil. The net sets
	// it on its first layer, whose dx nobody needs, which saves a third of
	// the backward pass.
	SkipDX bool

	name string
	w    *mat.Dense
	b    *mat.VecDense

	x   *mat.Dense // the last Forward's input, owned by the caller
	out *mat.Dense
	dw  *mat.Dense
	db  *mat.VecDense
	dx  *mat.Dense
}

// NewAffine returns an Affine layer named name with weights W (in×out) and
// bias b (out). It keeps W and b, not copies. It panics if b's length is not
// W's column count.
func NewAffine(name string, W *mat.Dense, b *mat.VecDense) *Affine {
	if _, c := W.Dims(); b.Len() != c {
		panic(fmt.Sprintf("nn: %s bias has length %d, want %d", name, b.Len(), c))
	}
	return &Affine{name: name, w: W, b: b}
}

// Name returns the name given to NewAffine.
func (a *Affine) Name() string { return a.name }

// Forward returns out = x·W + b (batch×out) for x (batch×in). It keeps x
// until the next Forward for Backward (as the book does) and does not modify
// it. It panics if x does not have in columns.
func (a *Affine) Forward(x *mat.Dense) *mat.Dense {
	r, c := x.Dims()
	in, out := a.w.Dims()
	if c != in {
		panic(fmt.Sprintf("nn: %s input has %d columns, want %d", a.name, c, in))
	}
	a.x = x
	a.out = reuse(a.out, r, out)
	mulNN(a.out, x, a.w)
	addBias(a.out, a.b)
	return a.out
}

// Backward takes dout (batch×out) and computes dW = xᵀ·dout (in×out),
// db = the column sums of dout (out) and, unless SkipDX is set,
// dx = dout·Wᵀ (batch×in), which it returns (nil with SkipDX). It does not
// modify dout. It panics if called before Forward or if dout's shape is not
// that of the last Forward's output.
func (a *Affine) Backward(dout *mat.Dense) *mat.Dense {
	if a.x == nil {
		panic(fmt.Sprintf("nn: %s Backward called before Forward", a.name))
	}
	r, c := dout.Dims()
	xr, _ := a.x.Dims()
	in, out := a.w.Dims()
	if r != xr || c != out {
		panic(fmt.Sprintf("nn: %s dout is %d×%d, want %d×%d", a.name, r, c, xr, out))
	}
	a.dw = reuse(a.dw, in, out)
	mulTN(a.dw, a.x, dout)
	if a.db == nil || a.db.Len() != out {
		a.db = mat.NewVecDense(out, nil)
	}
	colSums(a.db, dout)
	if a.SkipDX {
		return nil
	}
	a.dx = reuse(a.dx, r, in)
	mulNT(a.dx, dout, a.w)
	return a.dx
}

// Params returns the live W (in×out) and b (out) of the layer.
func (a *Affine) Params() (W *mat.Dense, b *mat.VecDense) { return a.w, a.b }

// Grads returns dW (in×out) and db (out) of the last Backward, owned by the
// layer; nil before the first Backward.
func (a *Affine) Grads() (dW *mat.Dense, db *mat.VecDense) { return a.dw, a.db }

// W returns a read-only view of the weights (in×out).
func (a *Affine) W() mat.Matrix { return viewOf(a.w) }

// B returns a read-only view of the bias (out).
func (a *Affine) B() mat.Vector { return vecViewOf(a.b) }

// X returns a read-only view of the last Forward's input (batch×in), or nil.
func (a *Affine) X() mat.Matrix { return viewOf(a.x) }

// Out returns a read-only view of the last Forward's output (batch×out), or nil.
func (a *Affine) Out() mat.Matrix { return viewOf(a.out) }

// DW returns a read-only view of dW (in×out) of the last Backward, or nil.
func (a *Affine) DW() mat.Matrix { return viewOf(a.dw) }

// DB returns a read-only view of db (out) of the last Backward, or nil.
func (a *Affine) DB() mat.Vector { return vecViewOf(a.db) }

// DX returns a read-only view of dx (batch×in) of the last Backward, or nil
// if none was computed (SkipDX).
func (a *Affine) DX() mat.Matrix {
	if a.SkipDX {
		return nil
	}
	return viewOf(a.dx)
}
