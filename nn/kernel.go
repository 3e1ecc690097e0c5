package nn

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// This file is the kernel layer: every hot matrix product and the bias and
// column-sum loops of nn go through the functions below. Which
// implementation runs is decided by gemm, defined once per platform in
// kernel_native.go (gonum's BLAS) and kernel_js.go (the register-blocked
// loops of kernel_blocked.go). Nothing else in nn knows which one it is.
//
// All functions overwrite dst (they are "=", not "+="), never modify their
// other arguments, and require dst not to share memory with them. Shapes are
// checked and a mismatch panics: it is a bug inside nn, because the exported
// API validates shapes before it gets here.

// mulNN sets dst = a·b for a (m×k), b (k×n) and dst (m×n).
func mulNN(dst, a, b *mat.Dense) {
	ar, br, cr := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ar.Cols != br.Rows || cr.Rows != ar.Rows || cr.Cols != br.Cols {
		panic(fmt.Sprintf("nn: mulNN shapes %d×%d · %d×%d -> %d×%d", ar.Rows, ar.Cols, br.Rows, br.Cols, cr.Rows, cr.Cols))
	}
	gemm(false, false, ar.Rows, br.Cols, ar.Cols, ar.Data, ar.Stride, br.Data, br.Stride, cr.Data, cr.Stride)
}

// mulTN sets dst = aᵀ·b for a (k×m), b (k×n) and dst (m×n). It computes
// dW = xᵀ·dout of Affine without forming xᵀ.
func mulTN(dst, a, b *mat.Dense) {
	ar, br, cr := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ar.Rows != br.Rows || cr.Rows != ar.Cols || cr.Cols != br.Cols {
		panic(fmt.Sprintf("nn: mulTN shapes (%d×%d)ᵀ · %d×%d -> %d×%d", ar.Rows, ar.Cols, br.Rows, br.Cols, cr.Rows, cr.Cols))
	}
	gemm(true, false, ar.Cols, br.Cols, ar.Rows, ar.Data, ar.Stride, br.Data, br.Stride, cr.Data, cr.Stride)
}

// mulNT sets dst = a·bᵀ for a (m×k), b (n×k) and dst (m×n). It computes
// dx = dout·Wᵀ of Affine without forming Wᵀ.
func mulNT(dst, a, b *mat.Dense) {
	ar, br, cr := a.RawMatrix(), b.RawMatrix(), dst.RawMatrix()
	if ar.Cols != br.Cols || cr.Rows != ar.Rows || cr.Cols != br.Rows {
		panic(fmt.Sprintf("nn: mulNT shapes %d×%d · (%d×%d)ᵀ -> %d×%d", ar.Rows, ar.Cols, br.Rows, br.Cols, cr.Rows, cr.Cols))
	}
	gemm(false, true, ar.Rows, br.Rows, ar.Cols, ar.Data, ar.Stride, br.Data, br.Stride, cr.Data, cr.Stride)
}

// addBias adds b to every row of dst (m×n, b of length n), in place.
func addBias(dst *mat.Dense, b *mat.VecDense) {
	cr, bv := dst.RawMatrix(), b.RawVector()
	if bv.N != cr.Cols {
		panic(fmt.Sprintf("nn: addBias bias of length %d for %d columns", bv.N, cr.Cols))
	}
	n := cr.Cols
	bias := denseVec(bv.Data, bv.Inc, n)
	for i := 0; i < cr.Rows; i++ {
		row := cr.Data[i*cr.Stride : i*cr.Stride+n]
		row = row[:len(bias)] // lets the compiler drop the bounds checks below
		for j, v := range bias {
			row[j] += v
		}
	}
}

// colSums sets dst[j] = Σ_i a[i][j], the column sums of a (m×n); it is
// db = Σ_rows dout of Affine's backward. Rows are added in order, so the
// result is the same as a naive loop.
func colSums(dst *mat.VecDense, a *mat.Dense) {
	ar, dv := a.RawMatrix(), dst.RawVector()
	if dv.N != ar.Cols {
		panic(fmt.Sprintf("nn: colSums into length %d for %d columns", dv.N, ar.Cols))
	}
	n := ar.Cols
	sum := denseVec(dv.Data, dv.Inc, n)
	clear(sum)
	for i := 0; i < ar.Rows; i++ {
		row := ar.Data[i*ar.Stride : i*ar.Stride+n]
		row = row[:len(sum)]
		for j, v := range row {
			sum[j] += v
		}
	}
}

// denseVec returns the n elements of a vector with increment inc as a slice.
// Vectors made by nn always have inc 1; anything else is a bug.
func denseVec(data []float64, inc, n int) []float64 {
	if inc != 1 {
		panic(fmt.Sprintf("nn: vector increment %d, want 1", inc))
	}
	return data[:n]
}
