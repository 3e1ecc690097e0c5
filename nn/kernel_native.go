//go:build !js

package nn

import (
	"runtime"
	"sync"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
)

// Natively the products run on gonum's Dgemm, whose inner loops are assembly
// on amd64 and arm64. Dgemm goes parallel by itself for products larger than
// gonum's 3 blocks of 64×64, but then it makes a channel and a goroutine per
// block on every call (tens of allocations per product). So gemm cuts c into
// tiles small enough for Dgemm's serial path and spreads the rows of c over a
// few long-lived worker goroutines itself, which costs no allocation.
//
// Every element of c is still summed over k in the same order whatever the
// tiling or the number of workers, so results are bit-identical for any
// GOMAXPROCS.

const (
	gonumBlock   = 64      // gonum's blockSize
	gonumSerial  = 3       // gonum runs serially below 4 blocks (minParBlock)
	parMinWork   = 1 << 17 // m·n·k below which one goroutine does it all
	parMinRows   = 8       // no worker gets fewer rows of c than this
	maxGemmProcs = 16
)

// gemm sets c (m×n) = op(a)·op(b), where op(a) is m×k and op(b) is k×n.
func gemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	p := 1
	if m*n*k >= parMinWork {
		p = min(runtime.GOMAXPROCS(0), m/parMinRows, maxGemmProcs)
	}
	job := gemmJob{tA: tA, tB: tB, m: m, n: n, k: k, a: a, lda: lda, b: b, ldb: ldb, c: c, ldc: ldc}
	if p <= 1 {
		job.i1 = m
		job.run()
		return
	}
	pool.start(p - 1)
	call := callPool.Get().(*gemmCall)
	call.wg.Add(p - 1)
	job.call = call
	// Rows of c are split in p nearly equal parts; the caller does part 0.
	for w := 1; w < p; w++ {
		job.i0, job.i1 = w*m/p, (w+1)*m/p
		pool.jobs <- job
	}
	job.i0, job.i1 = 0, m/p
	job.call = nil
	job.run()
	call.wg.Wait()
	callPool.Put(call)
}

// gemmJob computes rows i0..i1 of c = op(a)·op(b).
type gemmJob struct {
	tA, tB  bool
	m, n, k int
	a       []float64
	lda     int
	b       []float64
	ldb     int
	c       []float64
	ldc     int
	i0, i1  int
	call    *gemmCall // nil when run by the caller itself
}

// gemmCall lets the caller of a parallel gemm wait for its workers.
type gemmCall struct{ wg sync.WaitGroup }

var callPool = sync.Pool{New: func() any { return new(gemmCall) }}

// Tile sizes of gemmJob.run; see there.
var tileM, tileN, tileK = 64, 64, 64

// run computes the job's rows tile by tile. A tile of at most 64×64 of c is
// one block for Dgemm, which keeps it on its serial, allocation-free path,
// and cutting k into pieces of 64 keeps the pieces of a, b and c that the
// inner loops touch in the L1 cache. The pieces of k are added onto c in
// order (beta = 1), so each element is summed in the same order as by a
// single call.
func (j *gemmJob) run() {
	ta, tb := blas.NoTrans, blas.NoTrans
	if j.tA {
		ta = blas.Trans
	}
	if j.tB {
		tb = blas.Trans
	}
	impl := gonum.Implementation{}
	for i := j.i0; i < j.i1; i += tileM {
		mi := min(tileM, j.i1-i)
		for jj := 0; jj < j.n; jj += tileN {
			nj := min(tileN, j.n-jj)
			c := j.c[i*j.ldc+jj:]
			beta := 0.0
			for l := 0; l < j.k; l += tileK {
				kl := min(tileK, j.k-l)
				// Top-left corners of the pieces of op(a) (rows i, columns
				// l) and op(b) (rows l, columns jj).
				ai, bj := i*j.lda+l, l*j.ldb+jj
				if j.tA {
					ai = l*j.lda + i
				}
				if j.tB {
					bj = jj*j.ldb + l
				}
				impl.Dgemm(ta, tb, mi, nj, kl, 1, j.a[ai:], j.lda, j.b[bj:], j.ldb, beta, c, j.ldc)
				beta = 1
			}
		}
	}
}

// pool holds the worker goroutines of gemm. They are started on first need
// and then wait on jobs forever; an idle goroutine costs no CPU.
var pool gemmPool

type gemmPool struct {
	mu      sync.Mutex
	started int
	jobs    chan gemmJob
}

// start makes sure at least n workers run.
func (p *gemmPool) start(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.jobs == nil {
		p.jobs = make(chan gemmJob, maxGemmProcs)
	}
	for ; p.started < n; p.started++ {
		go func() {
			for job := range p.jobs {
				job.run()
				job.call.wg.Done()
			}
		}()
	}
}
