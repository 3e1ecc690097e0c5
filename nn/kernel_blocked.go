package nn

// Register-blocked matrix products in plain Go.
//
// They are what gemm runs under js/wasm (see kernel_js.go), where gonum has
// no assembly and its pure-Go Dgemm reaches only about 0.6 GFLOP/s: its inner
// loop is an axpy that loads and stores an element of C for every
// multiply-add. Here a 2×4 block of C lives in 8 local variables for the
// whole k loop, so each step loads 2 values of A and 4 of B, does 8
// multiply-adds and stores nothing; C is written once at the end. Row slices
// are cut to length k before the loop so the compiler drops the bounds checks
// inside it, and a piece of a row of B is cut once per step ([:4:4]) so its
// four loads need no further checks.
//
// Why 2×4 and not 4×4: Go's wasm backend has 16 float64 registers. A 4×4
// block needs 16 accumulators plus 8 operands, and the spills go to the Go
// stack in linear memory. Measured under Node 20 (best of 40 runs of a
// 96×784·784×48 product, on a busy machine): 4×4 2.6 GFLOP/s, 3×4 3.0,
// 3×3 3.1, 4×2 3.0, 2×4 3.35, and an axpy loop as in gonum's Dgemm 0.6-0.7
// (gonum's Dgemm itself: 0.5-0.9 in BenchmarkKernel).
//
// For a mostly zero A (MNIST images) the 2×4 loops of a·b and aᵀ·b skip the
// steps where both values of A are 0; see mostlyZero. Edges (m odd, n not a
// multiple of 4) use 2×1, 1×4 and 1×1 loops. The file
// has no build tags, so the native tests check these loops against gonum's
// Dgemm too. All functions set c = op(A)·op(B) (they overwrite c) for
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

// blockedNN sets c = a·b; a is m×k, b is k×n. c[i][j] = Σ_l a[i][l]·b[l][j]:
// the rows of a are read along k, b down its columns.
func blockedNN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	sparse := mostlyZero(m, k, a, lda)
	i := 0
	for ; i+2 <= m; i += 2 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		a1 = a1[:len(a0)]
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		j := 0
		for ; j+4 <= n && sparse; j += 4 {
			// As below, but skipping the steps where both values of a
			// are 0 (most of an MNIST image).
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			bj := b[j:]
			for l, x0 := range a0 {
				x1 := a1[l]
				if x0 == 0 && x1 == 0 {
					continue
				}
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
		}
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			bj := b[j:]
			for l, x0 := range a0 {
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				x1 := a1[l]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
		}
		for ; j < n; j++ {
			var s0, s1 float64
			bj := b[j:]
			for l, x0 := range a0 {
				v := bj[l*ldb]
				s0 += x0 * v
				s1 += a1[l] * v
			}
			c0[j], c1[j] = s0, s1
		}
	}
	if i < m {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			bj := b[j:]
			for l, x := range ai {
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				s0 += x * bl[0]
				s1 += x * bl[1]
				s2 += x * bl[2]
				s3 += x * bl[3]
			}
			store4(ci[j:], s0, s1, s2, s3)
		}
		for ; j < n; j++ {
			var s float64
			bj := b[j:]
			for l, x := range ai {
				s += x * bj[l*ldb]
			}
			ci[j] = s
		}
	}
}

// blockedTN sets c = aᵀ·b; a is k×m, b is k×n. c[i][j] = Σ_l a[l][i]·b[l][j]:
// step l reads two neighbours in row l of a and four in row l of b.
func blockedTN(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	sparse := mostlyZero(k, m, a, lda)
	i := 0
	for ; i+2 <= m; i += 2 {
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		ai := a[i:]
		j := 0
		for ; j+4 <= n && sparse; j += 4 {
			// As below, but skipping the steps where both values of a are 0.
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			bj := b[j:]
			for l := range k {
				al := ai[l*lda : l*lda+2 : l*lda+2]
				x0, x1 := al[0], al[1]
				if x0 == 0 && x1 == 0 {
					continue
				}
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
		}
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			bj := b[j:]
			for l := range k {
				al := ai[l*lda : l*lda+2 : l*lda+2]
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				x0, x1 := al[0], al[1]
				b0, b1, b2, b3 := bl[0], bl[1], bl[2], bl[3]
				s00 += x0 * b0
				s01 += x0 * b1
				s02 += x0 * b2
				s03 += x0 * b3
				s10 += x1 * b0
				s11 += x1 * b1
				s12 += x1 * b2
				s13 += x1 * b3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
		}
		for ; j < n; j++ {
			var s0, s1 float64
			bj := b[j:]
			for l := range k {
				al := ai[l*lda : l*lda+2 : l*lda+2]
				v := bj[l*ldb]
				s0 += al[0] * v
				s1 += al[1] * v
			}
			c0[j], c1[j] = s0, s1
		}
	}
	if i < m {
		ci := c[i*ldc : i*ldc+n]
		ai := a[i:]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			bj := b[j:]
			for l := range k {
				x := ai[l*lda]
				bl := bj[l*ldb : l*ldb+4 : l*ldb+4]
				s0 += x * bl[0]
				s1 += x * bl[1]
				s2 += x * bl[2]
				s3 += x * bl[3]
			}
			store4(ci[j:], s0, s1, s2, s3)
		}
		for ; j < n; j++ {
			var s float64
			bj := b[j:]
			for l := range k {
				s += ai[l*lda] * bj[l*ldb]
			}
			ci[j] = s
		}
	}
}

// blockedNT sets c = a·bᵀ; a is m×k, b is n×k. c[i][j] = Σ_l a[i][l]·b[j][l]
// is a dot product of a row of a and a row of b, so all six streams are
// contiguous.
func blockedNT(m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	i := 0
	for ; i+2 <= m; i += 2 {
		a0 := a[i*lda : i*lda+k]
		a1 := a[(i+1)*lda : (i+1)*lda+k]
		a1 = a1[:len(a0)]
		c0 := c[i*ldc : i*ldc+n]
		c1 := c[(i+1)*ldc : (i+1)*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			var s00, s01, s02, s03, s10, s11, s12, s13 float64
			b0 := b[j*ldb : j*ldb+k]
			b1 := b[(j+1)*ldb : (j+1)*ldb+k]
			b2 := b[(j+2)*ldb : (j+2)*ldb+k]
			b3 := b[(j+3)*ldb : (j+3)*ldb+k]
			b0, b1, b2, b3 = b0[:len(a0)], b1[:len(a0)], b2[:len(a0)], b3[:len(a0)]
			for l, x0 := range a0 {
				x1 := a1[l]
				y0, y1, y2, y3 := b0[l], b1[l], b2[l], b3[l]
				s00 += x0 * y0
				s01 += x0 * y1
				s02 += x0 * y2
				s03 += x0 * y3
				s10 += x1 * y0
				s11 += x1 * y1
				s12 += x1 * y2
				s13 += x1 * y3
			}
			store4(c0[j:], s00, s01, s02, s03)
			store4(c1[j:], s10, s11, s12, s13)
		}
		for ; j < n; j++ {
			var s0, s1 float64
			bj := b[j*ldb : j*ldb+k]
			bj = bj[:len(a0)]
			for l, x0 := range a0 {
				v := bj[l]
				s0 += x0 * v
				s1 += a1[l] * v
			}
			c0[j], c1[j] = s0, s1
		}
	}
	if i < m {
		ai := a[i*lda : i*lda+k]
		ci := c[i*ldc : i*ldc+n]
		j := 0
		for ; j+4 <= n; j += 4 {
			b0 := b[j*ldb : j*ldb+k]
			b1 := b[(j+1)*ldb : (j+1)*ldb+k]
			b2 := b[(j+2)*ldb : (j+2)*ldb+k]
			b3 := b[(j+3)*ldb : (j+3)*ldb+k]
			b0, b1, b2, b3 = b0[:len(ai)], b1[:len(ai)], b2[:len(ai)], b3[:len(ai)]
			var s0, s1, s2, s3 float64
			for l, x := range ai {
				s0 += x * b0[l]
				s1 += x * b1[l]
				s2 += x * b2[l]
				s3 += x * b3[l]
			}
			store4(ci[j:], s0, s1, s2, s3)
		}
		for ; j < n; j++ {
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

// mostlyZero reports whether more than half of a sample of the r×c matrix a
// (every 8th element of each row) is exactly 0. MNIST images are about 80%
// zeros, so x·W and xᵀ·dout then skip the steps whose two values of a are
// both 0: under Node 20 that makes them about 1.4 times faster on MNIST-like
// data, and 15% slower on dense data, hence the test. Skipping 0·b changes
// nothing for finite b except possibly the sign of a zero result (gonum's
// Dgemm skips zeros the same way).
func mostlyZero(r, c int, a []float64, lda int) bool {
	zeros, total := 0, 0
	for i := range r {
		row := a[i*lda : i*lda+c]
		for j := 0; j < len(row); j += 8 {
			if row[j] == 0 {
				zeros++
			}
			total++
		}
	}
	return 2*zeros > total
}

// store4 writes four values to the start of c with a single bounds check.
func store4(c []float64, v0, v1, v2, v3 float64) {
	c = c[:4:4]
	c[0], c[1], c[2], c[3] = v0, v1, v2, v3
}
