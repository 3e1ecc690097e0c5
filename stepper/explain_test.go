package stepper

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/nn"
)

// termsAddUp bounds |Sum − Value| relative to |Value|. The engine's kernels
// and Sum add the same terms in different orders, so the two differ by the
// rounding of a sum of up to 785 terms: at most about 785·ε ≈ 9e-14 times
// Σ|term|, which is |Value| unless the terms cancel. An entry of 0 may be a
// cancellation, so it is held to Σ|term| instead.
const termsAddUp = 1e-12

// explainCases are the nets and batch sizes of the explained cells: ReLU
// and Sigmoid, one image and seven.
var explainCases = []struct {
	name string
	cfg  nn.Config
	n    int
}{
	{"relu/1", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 11}, 1},
	{"relu/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 12}, 7},
	{"sigmoid/1", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 13}, 1},
	{"sigmoid/7", nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 14}, 7},
}

// wantTerm is the spec of Explain: the factors A and B of the term with
// summation index idx of entry (i, j) of tensor t, read from the batch by
// the formulas of the book, and whether the ReLU mask zeroes it. For the
// terms without an index (bias, single term, dout) idx is -1 and which
// tells them apart: 0 for the first, 1 for the second.
func wantTerm(b *Batch, t Tensor, i, j, idx, which int) (a, bb float64, masked bool) {
	in, hid, out := b.Input, b.Hidden, b.Output
	relu := b.Activation == nn.ActReLU
	off := func(n, u int) bool { return relu && b.Mask[n*hid+u] }
	switch t {
	case TensorX:
		return b.X[i*in+j], 1, false
	case TensorT:
		return b.T[i*out+j], 1, false
	case TensorY:
		return b.Y[i*out+j], 1, false
	case TensorZ:
		if idx < 0 {
			return b.B1[j], 1, false
		}
		return b.X[i*in+idx], b.W1[idx*hid+j], false
	case TensorA:
		if relu {
			return b.Z[i*hid+j], b.Local[i*hid+j], off(i, j)
		}
		return b.A[i*hid+j], 1, false
	case TensorS:
		if idx < 0 {
			return b.B2[j], 1, false
		}
		return b.A[i*hid+idx], b.W2[idx*out+j], off(i, idx)
	case TensorDout:
		if which == 0 {
			return b.Y[i*out+j], float64(b.N), false
		}
		return -b.T[i*out+j], float64(b.N), false
	case TensorDW2:
		return b.A[idx*hid+i], b.Dout[idx*out+j], off(idx, i)
	case TensorDB2:
		return b.Dout[idx*out+j], 1, false
	case TensorDA:
		return b.Dout[i*out+idx], b.W2[j*out+idx], false
	case TensorDZ:
		return b.DA[i*hid+j], b.Local[i*hid+j], off(i, j)
	case TensorDW1:
		return b.X[idx*in+i], b.DZ[idx*hid+j], off(idx, j)
	case TensorDB1:
		return b.DZ[idx*hid+j], 1, off(idx, j)
	}
	panic("unknown tensor")
}

// numTerms is how many terms entry of t has.
func numTerms(b *Batch, t Tensor) int {
	switch t {
	case TensorZ:
		return b.Input + 1
	case TensorS:
		return b.Hidden + 1
	case TensorDout:
		return 2
	case TensorDW2, TensorDB2, TensorDW1, TensorDB1:
		return b.N
	case TensorDA:
		return b.Output
	}
	return 1
}

// TestExplainEveryCell opens every entry of every tensor and checks that
// its terms are the batch's numbers (which TestRunBatchMatchesEngine shows
// to be the engine's, bit for bit) by the book's formulas, that the mask
// flags the terms it zeroes, that the terms are sorted by size and that
// they add up to the entry.
func TestExplainEveryCell(t *testing.T) {
	for k, c := range explainCases {
		t.Run(c.name, func(t *testing.T) {
			x, labels := images(uint64(k)+300, c.n, c.cfg.Input, c.cfg.Output)
			b, err := RunBatch(newNet(t, c.cfg), x, labels, 0.1)
			if err != nil {
				t.Fatal(err)
			}
			for _, tn := range Tensors() {
				var worst, worstValue float64 // |Sum − Value| over Σ|term| and over |Value|
				masked := 0
				rows, cols := b.Dims(tn)
				for i := range rows {
					for j := range cols {
						e, err := b.Explain(tn, i, j)
						if err != nil {
							t.Fatal(err)
						}
						if v, _ := b.At(tn, i, j); e.Tensor != tn || e.I != i || e.J != j || math.Float64bits(e.Value) != math.Float64bits(v) {
							t.Fatalf("%v[%d,%d]: explanation of %v[%d,%d] = %v, want the entry %v", tn, i, j, e.Tensor, e.I, e.J, e.Value, v)
						}
						checkTerms(t, b, e)
						masked += e.MaskedTerms()
						var scale float64
						for _, m := range e.Terms {
							scale += math.Abs(m.Value)
						}
						d := math.Abs(e.Sum() - e.Value)
						bound := termsAddUp * math.Abs(e.Value)
						if e.Value == 0 {
							bound = termsAddUp * scale
						}
						if d > bound {
							t.Fatalf("%v[%d,%d]: terms add up to %v, entry %v (Σ|term| %v)", tn, i, j, e.Sum(), e.Value, scale)
						}
						if scale > 0 {
							worst = max(worst, d/scale)
						}
						if e.Value != 0 {
							worstValue = max(worstValue, d/math.Abs(e.Value))
						}
					}
				}
				t.Logf("%-4v worst |Σ terms − entry|: %.1e of Σ|term|, %.1e of |entry|; %d masked terms", tn, worst, worstValue, masked)
				// ReLU zeroes terms of a, s, dz, dW2, dW1 and db1, and of
				// nothing else; the sigmoid masks nothing.
				canMask := map[Tensor]bool{TensorA: true, TensorS: true, TensorDW2: true, TensorDZ: true, TensorDW1: true, TensorDB1: true}
				if want := c.cfg.Activation == nn.ActReLU && canMask[tn]; (masked > 0) != want {
					t.Errorf("%v: %d masked terms, want some: %v", tn, masked, want)
				}
			}
		})
	}
}

// checkTerms checks e's terms against wantTerm.
func checkTerms(t *testing.T, b *Batch, e *Explanation) {
	t.Helper()
	tn := e.Tensor
	if len(e.Terms) != numTerms(b, tn) {
		t.Fatalf("%v[%d,%d]: %d terms, want %d", tn, e.I, e.J, len(e.Terms), numTerms(b, tn))
	}
	seen := make(map[int]bool)
	single := 0
	for q, m := range e.Terms {
		if q > 0 && math.Abs(m.Value) > math.Abs(e.Terms[q-1].Value) {
			t.Fatalf("%v[%d,%d]: term %d (%v) is larger than term %d (%v)", tn, e.I, e.J, q, m.Value, q-1, e.Terms[q-1].Value)
		}
		which := 0
		if m.Index < 0 {
			which = single
			single++
		} else if seen[m.Index] {
			t.Fatalf("%v[%d,%d]: index %d twice", tn, e.I, e.J, m.Index)
		}
		seen[m.Index] = true
		if tn == TensorDout {
			// Sorting may swap y/N and −t/N; the name says which is which.
			which = 0
			if strings.HasPrefix(m.Name, "−") {
				which = 1
			}
		}
		a, bb, masked := wantTerm(b, tn, e.I, e.J, m.Index, which)
		same := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
		if !same(m.A, a) || !same(m.B, bb) || m.Masked != masked {
			t.Fatalf("%v[%d,%d] term %+v: want A %v, B %v, masked %v", tn, e.I, e.J, m, a, bb, masked)
		}
		want := a * bb
		if tn == TensorDout {
			want = a / bb
		}
		if !same(m.Value, want) {
			t.Fatalf("%v[%d,%d] term %+v: Value is not A·B = %v", tn, e.I, e.J, m, want)
		}
		switch {
		case masked && m.Value != 0:
			t.Fatalf("%v[%d,%d] term %+v is masked but not 0", tn, e.I, e.J, m)
		case !masked && !same(m.Unmasked, m.Value):
			t.Fatalf("%v[%d,%d] term %+v: Unmasked differs from Value", tn, e.I, e.J, m)
		}
		if m.Name == "" {
			t.Fatalf("%v[%d,%d] term %d has no name", tn, e.I, e.J, q)
		}
	}
}

// TestExplainMasked follows one masked unit through the pass: the terms
// the mask zeroes carry what they would have been, z for a and da for dz.
func TestExplainMasked(t *testing.T) {
	c := explainCases[1]
	x, labels := images(320, c.n, c.cfg.Input, c.cfg.Output)
	b, err := RunBatch(newNet(t, c.cfg), x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	n, j := -1, -1
	for q, m := range b.Mask {
		if m && b.DA[q] != 0 {
			n, j = q/b.Hidden, q%b.Hidden
			break
		}
	}
	if n < 0 {
		t.Fatal("no masked unit")
	}
	q := n*b.Hidden + j
	a, _ := b.Explain(TensorA, n, j)
	dz, _ := b.Explain(TensorDZ, n, j)
	if !a.Terms[0].Masked || a.Terms[0].Unmasked != b.Z[q] || a.Value != 0 {
		t.Errorf("a[%d,%d]: %+v, want masked, unmasked z = %v", n, j, a.Terms[0], b.Z[q])
	}
	if !dz.Terms[0].Masked || dz.Terms[0].Unmasked != b.DA[q] || dz.Value != 0 {
		t.Errorf("dz[%d,%d]: %+v, want masked, unmasked da = %v", n, j, dz.Terms[0], b.DA[q])
	}
	// The image's term of db1[j] is masked, and so is its term of
	// dW1[i,j] for every pixel, with x[n,i]·da[n,j] as the blocked value.
	db1, _ := b.Explain(TensorDB1, 0, j)
	found := false
	for _, m := range db1.Terms {
		if m.Index == n {
			found = m.Masked && m.Unmasked == b.DA[q]
		}
	}
	if !found {
		t.Errorf("db1[%d]: image %d's term is not masked with da: %+v", j, n, db1.Terms)
	}
	for i := range b.Input {
		e, _ := b.Explain(TensorDW1, i, j)
		for _, m := range e.Terms {
			if m.Index == n && (!m.Masked || m.Unmasked != b.X[n*b.Input+i]*b.DA[q]) {
				t.Fatalf("dW1[%d,%d]: image %d's term %+v, want masked with x·da", i, j, n, m)
			}
		}
	}
}

// TestExplainText checks the formulas, the shape strips and the divisor
// that the page prints.
func TestExplainText(t *testing.T) {
	cfg := nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 15}
	x, labels := images(330, 7, cfg.Input, cfg.Output)
	b, err := RunBatch(newNet(t, cfg), x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t               Tensor
		i, j            int
		formula, shapes string
		divisor         int
	}{
		{TensorX, 2, 300, "x[2,300]", "", 1},
		{TensorZ, 1, 7, "z[1,7] = Σ_i x[1,i]·W1[i,7] + b1[7]", "z = x·W1 + b1: 7×784 · 784×50 + 1×50", 1},
		{TensorA, 1, 7, "a[1,7] = max(0, z[1,7]) = z[1,7]·[z[1,7] > 0]", "", 1},
		{TensorS, 0, 3, "s[0,3] = Σ_j a[0,j]·W2[j,3] + b2[3]", "s = a·W2 + b2: 7×50 · 50×10 + 1×10", 1},
		{TensorY, 0, 3, "y[0,3] = exp(s[0,3])/Σ_k exp(s[0,k])", "", 1},
		{TensorT, 0, labels[0], fmt.Sprintf("t[0,%d] = onehot(%d)[%d] = 1", labels[0], labels[0], labels[0]), "", 1},
		{TensorDout, 4, 2, "dout[4,2] = (y[4,2] − t[4,2])/7", "", 7},
		{TensorDW2, 9, 4, "dW2[9,4] = Σ_n a[n,9]·dout[n,4]", "dW2 = aᵀ·dout: 50×7 · 7×10", 7},
		{TensorDB2, 0, 4, "db2[4] = Σ_n dout[n,4]", "db2 = Σ_n dout[n,:]: 7×10 → 1×10", 7},
		{TensorDA, 6, 49, "da[6,49] = Σ_k dout[6,k]·W2[49,k]", "da = dout·W2ᵀ: 7×10 · 10×50", 7},
		{TensorDZ, 6, 49, "dz[6,49] = da[6,49]·[z[6,49] > 0]", "", 7},
		{TensorDW1, 783, 0, "dW1[783,0] = Σ_n x[n,783]·dz[n,0]", "dW1 = xᵀ·dz: 784×7 · 7×50", 7},
		{TensorDB1, 0, 0, "db1[0] = Σ_n dz[n,0]", "db1 = Σ_n dz[n,:]: 7×50 → 1×50", 7},
	} {
		e, err := b.Explain(c.t, c.i, c.j)
		if err != nil {
			t.Fatal(err)
		}
		if e.Formula != c.formula || e.Shapes != c.shapes || e.Divisor != c.divisor {
			t.Errorf("%v[%d,%d]: %q, %q, ÷%d; want %q, %q, ÷%d", c.t, c.i, c.j, e.Formula, e.Shapes, e.Divisor, c.formula, c.shapes, c.divisor)
		}
	}
	z, _ := b.Explain(TensorZ, 1, 7)
	names := map[string]bool{}
	for _, m := range z.Terms {
		names[m.Name] = true
	}
	if !names["x[1,0]·W1[0,7]"] || !names["b1[7]"] {
		t.Errorf("z[1,7] lacks the term x[1,0]·W1[0,7] or the bias b1[7]")
	}
	d, _ := b.Explain(TensorDout, 4, 2)
	if d.Terms[0].Name != "y[4,2]/7" && d.Terms[1].Name != "y[4,2]/7" {
		t.Errorf("dout terms %+v", d.Terms)
	}

	sb, err := RunBatch(newNet(t, nn.Config{Input: 784, Hidden: 50, Output: 10, Activation: nn.ActSigmoid, Init: nn.InitXavier, Seed: 16}), x[:784], labels[:1], 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t       Tensor
		formula string
	}{
		{TensorA, "a[0,5] = σ(z[0,5]) = 1/(1 + exp(−z[0,5]))"},
		{TensorDZ, "dz[0,5] = da[0,5]·a[0,5](1 − a[0,5])"},
	} {
		if e, _ := sb.Explain(c.t, 0, 5); e.Formula != c.formula {
			t.Errorf("sigmoid %v[0,5]: %q, want %q", c.t, e.Formula, c.formula)
		}
	}
}

func TestExplainErrors(t *testing.T) {
	cfg := nn.Config{Input: 20, Hidden: 8, Output: 10, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 6}
	x, labels := images(9, 3, cfg.Input, cfg.Output)
	b, err := RunBatch(newNet(t, cfg), x, labels, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		t    Tensor
		i, j int
		want string
	}{
		{Tensor(13), 0, 0, "stepper: unknown tensor Tensor(13)"},
		{TensorDW1, 20, 0, "stepper: index (20, 0) is outside dW1, which is 20×8"},
		{TensorDB1, 1, 0, "stepper: index (1, 0) is outside db1, which is 1×8"},
		{TensorX, 0, -1, "stepper: index (0, -1) is outside x, which is 3×20"},
	} {
		if e, err := b.Explain(c.t, c.i, c.j); err == nil || err.Error() != c.want || e != nil {
			t.Errorf("Explain(%v, %d, %d) = %v, %v; want %q", c.t, c.i, c.j, e, err, c.want)
		}
	}
}

func TestIndex(t *testing.T) {
	for _, c := range []struct {
		t    Tensor
		i, j int
		s    string
	}{
		{TensorX, 0, 783, "0,783"}, {TensorDW1, 12, 3, "12,3"}, {TensorDB1, 0, 49, "49"}, {TensorDB2, 0, 9, "9"},
	} {
		if got := c.t.Index(c.i, c.j); got != c.s {
			t.Errorf("%v.Index(%d, %d) = %q, want %q", c.t, c.i, c.j, got, c.s)
		}
		for _, s := range []string{c.s, " " + c.s + " ", strings.ReplaceAll(c.s, ",", " , ")} {
			if i, j, err := c.t.ParseIndex(s); err != nil || i != c.i || j != c.j {
				t.Errorf("%v.ParseIndex(%q) = %d, %d, %v", c.t, s, i, j, err)
			}
		}
	}
	for _, c := range []struct {
		t    Tensor
		s    string
		want string
	}{
		{TensorDB1, "0,3", `stepper: index "0,3" of db1 is not of the form j`},
		{TensorZ, "3", `stepper: index "3" of z is not of the form i,j`},
		{TensorZ, "1,x", `stepper: index "1,x" of z: "x" is not a number`},
		{TensorDB1, "", `stepper: index "" of db1: "" is not a number`},
		{Tensor(40), "1,1", "stepper: unknown tensor Tensor(40)"},
	} {
		if _, _, err := c.t.ParseIndex(c.s); err == nil || err.Error() != c.want {
			t.Errorf("%v.ParseIndex(%q): error %v, want %q", c.t, c.s, err, c.want)
		}
	}
}
