package nn

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/gonum"
	"gonum.org/v1/gonum/mat"
)

// kernelShapes are m, n, k of op(a)·op(b): degenerate, odd, not divisible by
// the 4×4 block in any combination, and the demo's real products.
var kernelShapes = []struct{ m, n, k int }{
	{1, 1, 1},
	{3, 5, 7},
	{4, 4, 4},
	{5, 5, 5},
	{7, 3, 1},
	{9, 6, 11},
	{2, 13, 3},
	{100, 50, 784}, // x·W1
	{784, 50, 100}, // xᵀ·dout (dW1)
	{100, 50, 10},  // dout·W2ᵀ (dx of Affine2)
	{50, 10, 100},  // hᵀ·dout (dW2)
	{33, 17, 65},
}

// randStrided returns an r×c matrix of values in [-1, 1) whose stride is
// larger than c when pad is set, so the kernels' leading dimensions are tested.
func randStrided(rng *rand.Rand, r, c int, pad bool) *mat.Dense {
	stride := c
	if pad {
		stride = c + 3
	}
	data := make([]float64, r*stride)
	for i := range data {
		data[i] = 2*rng.Float64() - 1
	}
	return mat.NewDense(r, stride, data).Slice(0, r, 0, c).(*mat.Dense)
}

// refGemm is gonum's Dgemm, the reference for all kernels.
func refGemm(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int) {
	ta, tb := blas.NoTrans, blas.NoTrans
	if tA {
		ta = blas.Trans
	}
	if tB {
		tb = blas.Trans
	}
	gonum.Implementation{}.Dgemm(ta, tb, m, n, k, 1, a, lda, b, ldb, 0, c, ldc)
}

func TestKernelsMatchGonum(t *testing.T) {
	kernels := []struct {
		name string
		gemm func(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)
	}{
		{"blocked", gemmBlocked},
		{"wasm", gemmWasm},
		{"dispatch", gemm}, // whatever this GOOS/GOARCH runs
	}
	// Products of k terms of size ≤ 1 summed in another order differ by a few
	// k·ε at most; 1e-12 is far above that (k ≤ 784) and far below any real bug.
	const tol = 1e-12
	rng := rand.New(rand.NewPCG(1, 2))
	for _, kern := range kernels {
		for _, s := range kernelShapes {
			for _, v := range []struct {
				name   string
				tA, tB bool
			}{{"NN", false, false}, {"TN", true, false}, {"NT", false, true}} {
				for _, o := range []struct{ pad, sparse bool }{{false, false}, {true, false}, {false, true}, {true, true}} {
					pad := o.pad
					name := fmt.Sprintf("%s/%s/%dx%dx%d/pad=%t/sparse=%t", kern.name, v.name, s.m, s.n, s.k, pad, o.sparse)
					t.Run(name, func(t *testing.T) {
						ar, ac := s.m, s.k
						if v.tA {
							ar, ac = s.k, s.m
						}
						br, bc := s.k, s.n
						if v.tB {
							br, bc = s.n, s.k
						}
						a := randStrided(rng, ar, ac, pad).RawMatrix()
						if o.sparse {
							// 80% zeros, as MNIST, for the kernels' zero-skipping paths.
							for i := range a.Data {
								if rng.Float64() < 0.8 {
									a.Data[i] = 0
								}
							}
						}
						b := randStrided(rng, br, bc, pad).RawMatrix()
						want := mat.NewDense(s.m, s.n, nil)
						w := want.RawMatrix()
						refGemm(v.tA, v.tB, s.m, s.n, s.k, a.Data, a.Stride, b.Data, b.Stride, w.Data, w.Stride)
						got := randStrided(rng, s.m, s.n, pad) // garbage that must be overwritten
						g := got.RawMatrix()
						kern.gemm(v.tA, v.tB, s.m, s.n, s.k, a.Data, a.Stride, b.Data, b.Stride, g.Data, g.Stride)
						if !mat.EqualApprox(got, want, tol) {
							t.Errorf("result differs from gonum's Dgemm by more than %g:\n got %v\nwant %v",
								tol, mat.Formatted(got, mat.Excerpt(3)), mat.Formatted(want, mat.Excerpt(3)))
						}
						if pad {
							// The padding columns of c must be left alone.
							for i := range s.m {
								for j := s.n; j < g.Stride && i*g.Stride+j < len(g.Data); j++ {
									if g.Data[i*g.Stride+j] != got.RawMatrix().Data[i*g.Stride+j] {
										t.Fatal("padding changed")
									}
								}
							}
						}
					})
				}
			}
		}
	}
}

func TestKernelsEmptySum(t *testing.T) {
	for _, kern := range []struct {
		name string
		gemm func(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)
	}{{"blocked", gemmBlocked}, {"wasm", gemmWasm}, {"dispatch", gemm}} {
		for _, tr := range [][2]bool{{false, false}, {true, false}, {false, true}} {
			c := []float64{1, 2, 3, 4, 5, 6}
			// k = 0: every element is an empty sum. lda/ldb only need to be ≥ 1.
			kern.gemm(tr[0], tr[1], 2, 3, 0, nil, 3, nil, 3, c, 3)
			if !sameBits(c, make([]float64, 6)) {
				t.Errorf("%s %v: k = 0 gives %v, want zeros", kern.name, tr, c)
			}
		}
	}
}

func TestMulWrappers(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	a := randStrided(rng, 6, 5, true)
	b := randStrided(rng, 5, 7, false)
	bt := mat.DenseCopyOf(b.T())
	at := mat.DenseCopyOf(a.T())
	var want mat.Dense
	want.Mul(a, b)
	const tol = 1e-12 // as in TestKernelsMatchGonum
	for _, c := range []struct {
		name string
		mul  func(dst *mat.Dense)
	}{
		{"mulNN", func(dst *mat.Dense) { mulNN(dst, a, b) }},
		{"mulTN", func(dst *mat.Dense) { mulTN(dst, at, b) }},
		{"mulNT", func(dst *mat.Dense) { mulNT(dst, a, bt) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dst := mat.NewDense(6, 7, nil)
			c.mul(dst)
			if !mat.EqualApprox(dst, &want, tol) {
				t.Errorf("got %v\nwant %v", mat.Formatted(dst), mat.Formatted(&want))
			}
		})
	}
	t.Run("shape mismatch panics", func(t *testing.T) {
		defer func() {
			if recover() == nil {
				t.Error("no panic")
			}
		}()
		mulNN(mat.NewDense(6, 7, nil), a, at)
	})
}

func TestAddBiasColSums(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	x := randStrided(rng, 5, 3, true)
	orig := mat.DenseCopyOf(x)
	b := mat.NewVecDense(3, []float64{1, -2, 0.5})
	addBias(x, b)
	for i := range 5 {
		for j := range 3 {
			if got, want := x.At(i, j), orig.At(i, j)+b.AtVec(j); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("addBias at (%d,%d) = %v, want %v", i, j, got, want)
			}
		}
	}
	sums := mat.NewVecDense(3, []float64{9, 9, 9})
	colSums(sums, orig)
	for j := range 3 {
		var want float64
		for i := range 5 {
			want += orig.At(i, j)
		}
		// Same order of additions as the loop above, so bit-identical.
		if got := sums.AtVec(j); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("colSums[%d] = %v, want %v", j, got, want)
		}
	}
}

func BenchmarkKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, s := range []struct {
		name    string
		tA, tB  bool
		m, n, k int
	}{
		{"NN/x·W1", false, false, 100, 50, 784},
		{"TN/xᵀ·dout", true, false, 784, 50, 100},
		{"NT/dout·W1ᵀ", false, true, 100, 784, 50},
	} {
		ar, ac := s.m, s.k
		if s.tA {
			ar, ac = s.k, s.m
		}
		br, bc := s.k, s.n
		if s.tB {
			br, bc = s.n, s.k
		}
		a := randStrided(rng, ar, ac, false).RawMatrix()
		bm := randStrided(rng, br, bc, false).RawMatrix()
		c := mat.NewDense(s.m, s.n, nil).RawMatrix()
		flops := 2 * float64(s.m*s.n*s.k)
		for _, k := range []struct {
			name string
			gemm func(tA, tB bool, m, n, k int, a []float64, lda int, b []float64, ldb int, c []float64, ldc int)
		}{{"gonum", refGemm}, {"blocked", gemmBlocked}, {"dispatch", gemm}} {
			b.Run(s.name+"/"+k.name, func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					k.gemm(s.tA, s.tB, s.m, s.n, s.k, a.Data, a.Stride, bm.Data, bm.Stride, c.Data, c.Stride)
				}
				b.ReportMetric(flops*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}
