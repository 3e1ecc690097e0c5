//go:build !js

package nn

import (
	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// gemm sets c (m×n) = op(a)·op(b), where op(a) is m×k and op(b) is k×n.
//
// Natively the products run on gonum's BLAS, whose inner loops are assembly
// on amd64 and arm64, as one Dgemv per row of c: row i of a·b is
// bᵀ·(row i of a), row i of aᵀ·b is bᵀ·(column i of a), and row i of a·bᵀ is
// b·(row i of a). Dgemv's kernels keep a piece of the result in registers
// across four rows of the matrix, where Dgemm's inner loop is an axpy that
// loads and stores the result for every row: on the demo's products Dgemv is
// about twice as fast (best of 80 runs on one core: about 10 against 5-6.5
// GFLOP/s for both 100×784·784×50 and xᵀ·dout).
//
// It runs on the calling goroutine. gonum's Dgemm would go parallel by
// itself for large products, but it makes a channel and a goroutine per
// 64×64 block on every call (tens of allocations per product), and
// parallelism belongs a level higher anyway: the parts of a batch can run on
// separate nets (TwoLayerNet.GradientScaled).
func gemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	impl := gonum.Implementation{}
	for i := range m {
		y := c[i*ldc : i*ldc+n]
		if k == 0 {
			clear(y) // an empty sum; Dgemv would leave y alone
			continue
		}
		switch {
		case !tA && !tB:
			impl.Dgemv(blas.Trans, k, n, 1, b, ldb, a[i*lda:], 1, 0, y, 1)
		case tA && !tB:
			impl.Dgemv(blas.Trans, k, n, 1, b, ldb, a[i:], lda, 0, y, 1)
		case !tA && tB:
			impl.Dgemv(blas.NoTrans, n, k, 1, b, ldb, a[i*lda:], 1, 0, y, 1)
		default:
			panic("nn: gemm does not implement aᵀ·bᵀ")
		}
	}
}
