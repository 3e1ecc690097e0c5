//go:build js

package nn

// gemm sets c (m×n) = op(a)·op(b) with the loops of kernel_sparse.go (a
// mostly zero a) and kernel_blocked.go (the rest): under js/wasm gonum has
// no assembly and its pure-Go Dgemm is several times slower than they are.
func gemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	gemmWasm(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
}
