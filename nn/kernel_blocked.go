package nn

// Register-blocked matrix products in plain Go.
//
// They are what gemm runs under js/wasm (see kernel_js.go), where gonum's
// pure-Go Dgemm reaches only about 0.6 GFLOP/s: its inner loop is an axpy that
// loads and stores every element of a row of C for each multiply-add. Here a
// 4×4 block of C lives in 16 local variables for the whole k loop, so each
// step loads 4 values of A and 4 of B and does 16 multiply-adds, and C is
// written once at the end. Row slices are cut to length k before the loop so
// the compiler drops the bounds checks inside it. Edges (m or n not a multiple
// of 4) use 4×1 and 1×1 loops.
//
// The file has no build tags, so the native tests check these loops against
// gonum's Dgemm too. All functions set c = op(A)·op(B) (they overwrite c) for
// row-major A, B, C with leading dimensions lda, ldb, ldc.

// gemmBlocked sets c (m×n) = op(a)·op(b), where op transposes when tA or tB
// is set; op(a) is m×k and op(b) is k×n.
func gemmBlocked(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if m == 0 || n == 0 {
		return
	}
	if k == 0 {
		for i := range m {
			clear(c[i*ldc : i*ldc+n])
		}
		return
	}
	switch {
	case !tA && !tB:
		blockedNN(m, n, k, a, lda, b, ldb, c, ldc)
	case tA && !tB:
		blockedTN(m, n, k, a, lda, b, ldb, c, ldc)
	case !tA && tB:
		blockedNT(m, n, k, a, lda, b, ldb, c, ldc)
	default:
		panic("nn: gemmBlocked does not implement aᵀ·bᵀ")
	}
}

// blockedNN sets c = a·b; a is m×k, b is k×n.
func blockedNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		a2 := a[(i+2)*lda : (i+2)*lda+k]
		a3 := a[(i+3)*lda : (i+3)*lda+k]
		a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		c2 := c[(i+2)*ldc : (i+2)*ldc+n]
		c3 := c[(i+3)*ldc : (i+3)*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			var s20, s21, s22, s23, s30, s31, s32, s33 float64
			bj := b[j:]
			for l, x0 := range a0 {
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				x1, x2, x3 := a1[l], a2[l], a3[l]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
				s20 += x2 * b0
				s21 += x2 * b1
				s22 += x2 * b2
				s23 += x2 * b3
				s30 += x3 * b0
				s31 += x3 * b1
				s32 += x3 * b2
				s33 += x3 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
			store4(c2[j:], s20, s21, s22, s23)
			store4(c3[j:], s30, s31, s32, s33)
		}
		for ; j < n; j++ {
			var s0, s1, s2, s3 float64
			bj := b[j:]
			for l, x0 := range a0 {
				v := bj[l*ldb]
				s0 += x0 * v
				s1 += a1[l] * v
				s2 += a2[l] * v
				s3 += a3[l] * v
			}
			c0[j], c1[j], c2[j], c3[j] = s0, s1, s2, s3
		}
	}
	for ; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			var s float64
			bj := b[j:]
			for l, x := range ai {
				s += x * bj[l*ldb]
			}
			ci[j] = s
		}
	}
}

// blockedTN sets c = aᵀ·b; a is k×m, b is k×n. Both operands are read along
// their rows, which makes this the friendliest of the three to the cache.
func blockedTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	i := 0
	for ; i+4 <= m; i += 4 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		c2 := c[(i+2)*ldc : (i+2)*ldc+n]
		c3 := c[(i+3)*ldc : (i+3)*ldc+n]
		ai := a[i:]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			var s20, s21, s22, s23, s30, s31, s32, s33 float64
			bj := b[j:]
			for l := range k {
				al := ai[l*lda : l*lda+4 : l*lda+4]
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				x0, x1, x2, x3 := al[0], al[1], al[2], al[3]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
				s20 += x2 * b0
				s21 += x2 * b1
				s22 += x2 * b2
				s23 += x2 * b3
				s30 += x3 * b0
				s31 += x3 * b1
				s32 += x3 * b2
				s33 += x3 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
			store4(c2[j:], s20, s21, s22, s23)
			store4(c3[j:], s30, s31, s32, s33)
		}
		for ; j < n; j++ {
			var s0, s1, s2, s3 float64
			bj := b[j:]
			for l := range k {
				al := ai[l*lda : l*lda+4 : l*lda+4]
				v := bj[l*ldb]
				s0 += al[0] * v
				s1 += al[1] * v
				s2 += al[2] * v
				s3 += al[3] * v
			}
			c0[j], c1[j], c2[j], c3[j] = s0, s1, s2, s3
		}
	}
	for ; i < m; i++ {
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			var s float64
			for l := range k {
				s += a[l*lda+i] * b[l*ldb+j]
			}
			ci[j] = s
		}
	}
}

// blockedNT sets c = a·bᵀ; a is m×k, b is n×k. Each element of c is a dot
// product of a row of a and a row of b, so all eight streams are contiguous.
func blockedNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	i := 0
	for ; i+4 <= m; i += 4 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		a2 := a[(i+2)*lda : (i+2)*lda+k]
		a3 := a[(i+3)*lda : (i+3)*lda+k]
		a1, a2, a3 = a1[:len(a0)], a2[:len(a0)], a3[:len(a0)]
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		c2 := c[(i+2)*ldc : (i+2)*ldc+n]
		c3 := c[(i+3)*ldc : (i+3)*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			var s20, s21, s22, s23, s30, s31, s32, s33 float64
			b0 := b[j*ldb : j*ldb+k]
			b1 := b[(j+1)*ldb : (j+1)*ldb+k]
			b2 := b[(j+2)*ldb : (j+2)*ldb+k]
			b3 := b[(j+3)*ldb : (j+3)*ldb+k]
			b0, b1, b2, b3 = b0[:len(a0)], b1[:len(a0)], b2[:len(a0)], b3[:len(a0)]
			for l, x0 := range a0 {
				x1, x2, x3 := a1[l], a2[l], a3[l]
				y0, y1, y2, y3 := b0[l], b1[l], b2[l], b3[l]
				s00 += x0 * y0
				s01 += x0 * y1
				s02 += x0 * y2
				s03 += x0 * y3
				s10 += x1 * y0
				s11 += x1 * y1
				s12 += x1 * y2
				s13 += x1 * y3
				s20 += x2 * y0
				s21 += x2 * y1
				s22 += x2 * y2
				s23 += x2 * y3
				s30 += x3 * y0
				s31 += x3 * y1
				s32 += x3 * y2
				s33 += x3 * y3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
			store4(c2[j:], s20, s21, s22, s23)
			store4(c3[j:], s30, s31, s32, s33)
		}
		for ; j < n; j++ {
			var s0, s1, s2, s3 float64
			bj := b[j*ldb : j*ldb+k]
			bj = bj[:len(a0)]
			for l, x0 := range a0 {
				v := bj[l]
				s0 += x0 * v
				s1 += a1[l] * v
				s2 += a2[l] * v
				s3 += a3[l] * v
			}
			c0[j], c1[j], c2[j], c3[j] = s0, s1, s2, s3
		}
	}
	for ; i < m; i++ {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		for j := range ci {
			bj := b[j*ldb : j*ldb+k]
			bj = bj[:len(ai)]
			var s float64
			for l, x := range ai {
				s += x * bj[l]
			}
			ci[j] = s
		}
	}
}

// store4 writes four values to the start of c with a single bounds check.
func store4(c []float64, v0, v1, v2, v3 float64) {
	c = c[:4:4]
	c[0], c[1], c[2], c[3] = v0, v1, v2, v3
}
