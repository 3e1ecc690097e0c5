package nn

import "sync"

// Products with a mostly zero left operand, in plain Go.
//
// MNIST images are about 81% zeros, so in x·W1 and in dW1 = xᵀ·dout four
// multiply-adds in five are 0·w. The dense loops of kernel_blocked.go test
// each step for zeros and skip it, but they still walk every step. The loops
// here first list the nonzeros of a (its rows for a·b, its columns for aᵀ·b)
// and then walk only those:
//
//	row i of c = Σ over the list of i of v·(row l of b)
//
// with 8 columns of that row of c in local variables for the whole list (Go's
// wasm backend has 16 float64 registers: 8 sums, the value and the loads fit).
// The terms are added in the order of l, as in the dense loops, so the result
// is the same except for the sign of a zero sum, and for 0·Inf or 0·NaN,
// which a skipped step does not turn into NaN (gonum's Dgemm skips zeros of a
// the same way).
//
// Listing costs one pass over a (m·k compares); the products then cost
// nnz(a)·n multiply-adds instead of m·n·k. Under js/wasm they are what gemm
// runs for x·W1 and xᵀ·dout (see gemmWasm); the file has no build tags, so
// the native tests check it against gonum's Dgemm too.

// sparseDensity is the largest share of nonzeros for which gemmWasm lists
// them; above it, it runs the dense loops. A listed step costs an index and a
// value load more than a dense one, so listing pays when it skips most
// steps. (MNIST batches are about 19% nonzero; the crossover itself was not
// measured.)
const sparseDensity = 0.5

// nonzeros lists the nonzero values of r vectors: vector i has the values
// val[ptr[i]:ptr[i+1]] at the positions idx[ptr[i]:ptr[i+1]], in increasing
// order of position (a compressed sparse row matrix).
type nonzeros struct {
	ptr []int32
	idx []int32
	val []float64
}

// lists holds the lists between calls (two: listCols needs a second), so
// that a training step allocates nothing once they have grown to a batch's
// size. (A sync.Pool would drop them at every garbage collection, and a
// trainer that allocates them again fills its heap with their garbage.) Under
// js/wasm nothing runs in parallel, so the lock is never contended; the
// native tests may run nets in parallel.
var lists struct {
	sync.Mutex
	s [2]nonzeros
}

// reset makes room for r vectors and up to capacity values.
func (s *nonzeros) reset(r, capacity int) {
	if cap(s.ptr) < r+1 {
		s.ptr = make([]int32, r+1)
	}
	s.ptr = s.ptr[:r+1]
	if cap(s.idx) < capacity {
		s.idx = make([]int32, capacity)
		s.val = make([]float64, capacity)
	}
	s.idx, s.val = s.idx[:capacity], s.val[:capacity]
}

// listRows lists the nonzeros of each row of a (r×c with leading dimension
// lda). It reports false, and lists nothing useful, when more than
// sparseDensity of a is nonzero.
func (s *nonzeros) listRows(r, c int, a []float64, lda int) bool {
	limit := int(sparseDensity * float64(r*c))
	s.reset(r, limit)
	idx, val := s.idx, s.val
	n := 0
	for i := range r {
		s.ptr[i] = int32(n)
		row := a[i*lda : i*lda+c]
		for l, v := range row {
			if v != 0 {
				if n == limit {
					return false
				}
				idx[n], val[n] = int32(l), v
				n++
			}
		}
	}
	s.ptr[r] = int32(n)
	return true
}

// listCols lists the nonzeros of each column of a (r×c with leading
// dimension lda), that is of each row of aᵀ, in increasing row order. It
// lists the rows into rows first and sorts their entries by column (a
// counting sort, two passes over the nonzeros instead of two over a). It
// reports false when more than sparseDensity of a is nonzero.
func (s *nonzeros) listCols(r, c int, a []float64, lda int, rows *nonzeros) bool {
	if !rows.listRows(r, c, a, lda) {
		return false
	}
	total := int(rows.ptr[r])
	s.reset(c, total)
	// Count the nonzeros of column j in ptr[j+1], then turn the counts into
	// the starts of the columns.
	ptr := s.ptr
	clear(ptr)
	ridx, rval := rows.idx[:total], rows.val[:total]
	for _, j := range ridx {
		ptr[j+1]++
	}
	for j := range c {
		ptr[j+1] += ptr[j]
	}
	// Fill: ptr[j] walks column j, so after the fill it has reached the start
	// of column j+1.
	idx, val := s.idx, s.val
	for i := range r {
		lo, hi := rows.ptr[i], rows.ptr[i+1]
		for t := lo; t < hi; t++ {
			j := ridx[t]
			p := ptr[j]
			idx[p], val[p] = int32(i), rval[t]
			ptr[j] = p + 1
		}
	}
	copy(ptr[1:], ptr[:c]) // back to the starts
	ptr[0] = 0
	return true
}

// mulListed sets row i of c (r×n) to Σ v·(row l of b) over the list of
// vector i of s, for the r vectors of s; b has leading dimension ldb and at
// least n columns.
func mulListed(s *nonzeros, r, n int, b []float64, ldb int, c []float64, ldc int) {
	for i := range r {
		lo, hi := s.ptr[i], s.ptr[i+1]
		idx := s.idx[lo:hi]
		val := s.val[lo:hi]
		val = val[:len(idx)]
		ci := c[i*ldc : i*ldc+n]
		j := 0
		for ; j+8 <= n; j += 8 {
			var s0, s1, s2, s3, s4, s5, s6, s7 float64
			bj := b[j:]
			for t, l := range idx {
				v := val[t]
				o := int(l) * ldb
				bl := bj[o : o+8 : o+8]
				s0 += v * bl[0]
				s1 += v * bl[1]
				s2 += v * bl[2]
				s3 += v * bl[3]
				s4 += v * bl[4]
				s5 += v * bl[5]
				s6 += v * bl[6]
				s7 += v * bl[7]
			}
			store4(ci[j:], s0, s1, s2, s3)
			store4(ci[j+4:], s4, s5, s6, s7)
		}
		for ; j+4 <= n; j += 4 {
			var s0, s1, s2, s3 float64
			bj := b[j:]
			for t, l := range idx {
				v := val[t]
				o := int(l) * ldb
				bl := bj[o : o+4 : o+4]
				s0 += v * bl[0]
				s1 += v * bl[1]
				s2 += v * bl[2]
				s3 += v * bl[3]
			}
			store4(ci[j:], s0, s1, s2, s3)
		}
		for ; j+2 <= n; j += 2 {
			var s0, s1 float64
			bj := b[j:]
			for t, l := range idx {
				v := val[t]
				o := int(l) * ldb
				bl := bj[o : o+2 : o+2]
				s0 += v * bl[0]
				s1 += v * bl[1]
			}
			ci[j], ci[j+1] = s0, s1
		}
		if j < n {
			var s0 float64
			bj := b[j:]
			for t, l := range idx {
				s0 += val[t] * bj[int(l)*ldb]
			}
			ci[j] = s0
		}
	}
}

// gemmWasm sets c (m×n) = op(a)·op(b) the way gemm does under js/wasm: a·b
// and aᵀ·b with a mostly zero a walk only its nonzeros (mulListed), all
// other products run the dense register-blocked loops (gemmBlocked).
func gemmWasm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	if tB || m == 0 || n == 0 || k == 0 {
		gemmBlocked(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	lists.Lock()
	defer lists.Unlock()
	s := &lists.s[0]
	var listed bool
	if tA {
		listed = mostlyZero(k, m, a, lda) && s.listCols(k, m, a, lda, &lists.s[1])
	} else {
		listed = mostlyZero(m, k, a, lda) && s.listRows(m, k, a, lda)
	}
	if !listed {
		gemmBlocked(tA, tB, m, n, k, a, lda, b, ldb, c, ldc)
		return
	}
	mulListed(s, m, n, b, ldb, c, ldc)
}
