package stepper

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/nn"
)

// A Term is one addend of an entry of a pass, as Explain lists them: one
// product of a dot product (x[n,i]·W1[i,j] of z[n,j]), one image's share
// of a sum over the batch (a[n,j]·dout[n,k] of dW2[j,k]), a bias, or, for
// an entry that is no sum (a, y, dz), the entry itself.
type Term struct {
	// Index is the index the sum runs over: the pixel i of z, the unit j
	// of s, the class k of da, the image n of dW2, db2, dW1 and db1; -1
	// for a bias, for the terms of dout and for the only term of an entry
	// that is no sum.
	Index int
	// Name writes the term in the book's notation with its indices, e.g.
	// "x[0,3]·W1[3,7]", "b1[7]" or "y[2,4]/7".
	Name string
	// A and B are the engine's numbers the term is made of, the two
	// factors of Name: Value = A·B. A bias, a pixel, a label and the
	// engine's own a or y are A alone, with B = 1; ReLU's a and dz are
	// z·h'(z) and da·h'(z), with B the derivative 0 or 1. The two terms of
	// dout are divisions instead: Value = A/B with A = y or −t and B = N.
	A, B float64
	// Value is the addend.
	Value float64
	// Masked reports that ReLU's mask zeroes the term: the unit was off
	// (z ≤ 0) for that image, so its a is 0 forward and its dz is 0
	// backward, and Value is 0 (or −0).
	Masked bool
	// Unmasked is what the term would be without the mask, with the
	// masked factor taken before it: z for a, da for dz (so x[n,i]·da[n,j]
	// for a term of dW1). It equals Value where the term is not Masked.
	Unmasked float64
}

// An Explanation is how one entry of a pass comes about, with the engine's
// numbers: its terms, which add up to the entry.
type Explanation struct {
	Tensor Tensor
	I, J   int // the entry's row and column, as At takes them (0, j for db1 and db2)
	// Value is the entry as the engine computed it (At).
	Value float64
	// Terms are the entry's addends, the largest |Value| first (ties in
	// the order of Index). Their sum is Value up to rounding: the engine's
	// kernels add in another order, so Sum may differ from Value by a few
	// units in the last place of the sum of |Value|.
	Terms []Term
	// Formula is the entry's formula with its indices, e.g.
	// "dW1[3,7] = Σ_n x[n,3]·dz[n,7]".
	Formula string
	// Shapes is the shape strip of the product or batch sum the entry
	// belongs to, transposes written out, e.g. "dW1 = xᵀ·dz: 784×7 · 7×50";
	// "" for a tensor that is no product or sum (x, a, y, t, dout, dz).
	Shapes string
	// Divisor is the batch size N that divides the entry: dout = (y − t)/N
	// divides by it, and every gradient after dout carries it, since each
	// of its terms has a factor of dout. It is 1 for the forward tensors
	// and t.
	Divisor int
}

// Sum returns the terms' values added in the order of Terms.
func (e *Explanation) Sum() float64 {
	var s float64
	for _, t := range e.Terms {
		s += t.Value
	}
	return s
}

// MaskedTerms returns how many terms ReLU's mask zeroes.
func (e *Explanation) MaskedTerms() int {
	n := 0
	for _, t := range e.Terms {
		if t.Masked {
			n++
		}
	}
	return n
}

// Explain returns how entry (i, j) of tensor t comes about, from the
// numbers the engine computed and Batch keeps:
//
//	x[n,i], t[n,k]     the data: one term, the entry
//	z[n,j]             Σ_i x[n,i]·W1[i,j] + b1[j]: Input products and the bias
//	a[n,j]             z[n,j]·h'(z) for ReLU (masked where z ≤ 0), σ(z[n,j]) for the sigmoid
//	s[n,k]             Σ_j a[n,j]·W2[j,k] + b2[k]: Hidden products (masked where unit j is off) and the bias
//	y[n,k]             softmax(s[n,:])[k]: one term, the entry
//	dout[n,k]          y[n,k]/N − t[n,k]/N: the ÷batch of SoftmaxWithLoss
//	dW2[j,k]           Σ_n a[n,j]·dout[n,k]: one term per image
//	db2[0,k]           Σ_n dout[n,k]
//	da[n,j]            Σ_k dout[n,k]·W2[j,k]
//	dz[n,j]            da[n,j]·h'(z[n,j]): 0 or 1 for ReLU (masked where 0), a(1−a) for the sigmoid
//	dW1[i,j]           Σ_n x[n,i]·dz[n,j]: one term per image, masked where unit j was off
//	db1[0,j]           Σ_n dz[n,j]
//
// It returns an error if t is not a tensor or (i, j) is outside Dims(t).
func (b *Batch) Explain(t Tensor, i, j int) (*Explanation, error) {
	if err := b.checkIndex(t, i, j); err != nil {
		return nil, err
	}
	v, _ := b.At(t, i, j)
	e := &Explanation{Tensor: t, I: i, J: j, Value: v, Divisor: 1}
	N, in, hid, out := b.N, b.Input, b.Hidden, b.Output
	relu := b.Activation == nn.ActReLU
	masked := func(n, j int) bool { return relu && b.Mask[n*hid+j] }
	sz := func(r, c int) string { return strconv.Itoa(r) + "×" + strconv.Itoa(c) }
	ix := func(name string, r, c int) string { return name + "[" + strconv.Itoa(r) + "," + strconv.Itoa(c) + "]" }
	one := func(name string, v float64) []Term {
		return []Term{{Index: -1, Name: name, A: v, B: 1, Value: v, Unmasked: v}}
	}
	prod := func(index int, nameA string, a float64, nameB string, b float64) Term {
		return Term{Index: index, Name: nameA + "·" + nameB, A: a, B: b, Value: a * b, Unmasked: a * b}
	}
	// mask marks term m of a sum masked where unit jj is off for image n,
	// and sets what it would be with z or da in place of the 0 of a or dz.
	mask := func(m *Term, n, jj int, before float64) {
		if masked(n, jj) {
			m.Masked = true
			m.Unmasked = before
		}
	}
	if t >= TensorDout {
		e.Divisor = N
	}

	switch t {
	case TensorX:
		e.Formula = ix("x", i, j)
		e.Terms = one(ix("x", i, j), v)
	case TensorT:
		e.Formula = fmt.Sprintf("t[%d,%d] = onehot(%d)[%d] = %s", i, j, b.Labels[i], j, boolDigit(b.Labels[i] == j))
		e.Terms = one(ix("t", i, j), v)
	case TensorZ:
		e.Formula = fmt.Sprintf("z[%d,%d] = Σ_i x[%d,i]·W1[i,%d] + b1[%d]", i, j, i, j, j)
		e.Shapes = "z = x·W1 + b1: " + sz(N, in) + " · " + sz(in, hid) + " + " + sz(1, hid)
		e.Terms = make([]Term, 0, in+1)
		for p := range in {
			e.Terms = append(e.Terms, prod(p, ix("x", i, p), b.X[i*in+p], ix("W1", p, j), b.W1[p*hid+j]))
		}
		e.Terms = append(e.Terms, Term{Index: -1, Name: "b1[" + strconv.Itoa(j) + "]", A: b.B1[j], B: 1, Value: b.B1[j], Unmasked: b.B1[j]})
	case TensorA:
		z := b.Z[i*hid+j]
		if relu {
			e.Formula = fmt.Sprintf("a[%d,%d] = max(0, z[%d,%d]) = z[%d,%d]·[z[%d,%d] > 0]", i, j, i, j, i, j, i, j)
			m := prod(-1, ix("z", i, j), z, "["+ix("z", i, j)+" > 0]", b.Local[i*hid+j])
			mask(&m, i, j, z)
			e.Terms = []Term{m}
		} else {
			e.Formula = fmt.Sprintf("a[%d,%d] = σ(z[%d,%d]) = 1/(1 + exp(−z[%d,%d]))", i, j, i, j, i, j)
			e.Terms = one("σ("+ix("z", i, j)+")", v)
		}
	case TensorS:
		e.Formula = fmt.Sprintf("s[%d,%d] = Σ_j a[%d,j]·W2[j,%d] + b2[%d]", i, j, i, j, j)
		e.Shapes = "s = a·W2 + b2: " + sz(N, hid) + " · " + sz(hid, out) + " + " + sz(1, out)
		e.Terms = make([]Term, 0, hid+1)
		for u := range hid {
			w := b.W2[u*out+j]
			m := prod(u, ix("a", i, u), b.A[i*hid+u], ix("W2", u, j), w)
			mask(&m, i, u, b.Z[i*hid+u]*w)
			e.Terms = append(e.Terms, m)
		}
		e.Terms = append(e.Terms, Term{Index: -1, Name: "b2[" + strconv.Itoa(j) + "]", A: b.B2[j], B: 1, Value: b.B2[j], Unmasked: b.B2[j]})
	case TensorY:
		e.Formula = fmt.Sprintf("y[%d,%d] = exp(s[%d,%d])/Σ_k exp(s[%d,k])", i, j, i, j, i)
		e.Terms = one(ix("y", i, j), v)
	case TensorDout:
		e.Formula = fmt.Sprintf("dout[%d,%d] = (y[%d,%d] − t[%d,%d])/%d", i, j, i, j, i, j, N)
		y, tt := b.Y[i*out+j], b.T[i*out+j]
		n := strconv.Itoa(N)
		e.Terms = []Term{
			{Index: -1, Name: ix("y", i, j) + "/" + n, A: y, B: float64(N), Value: y / float64(N), Unmasked: y / float64(N)},
			{Index: -1, Name: "−" + ix("t", i, j) + "/" + n, A: -tt, B: float64(N), Value: -tt / float64(N), Unmasked: -tt / float64(N)},
		}
	case TensorDW2:
		e.Formula = fmt.Sprintf("dW2[%d,%d] = Σ_n a[n,%d]·dout[n,%d]", i, j, i, j)
		e.Shapes = "dW2 = aᵀ·dout: " + sz(hid, N) + " · " + sz(N, out)
		e.Terms = make([]Term, 0, N)
		for n := range N {
			d := b.Dout[n*out+j]
			m := prod(n, ix("a", n, i), b.A[n*hid+i], ix("dout", n, j), d)
			mask(&m, n, i, b.Z[n*hid+i]*d)
			e.Terms = append(e.Terms, m)
		}
	case TensorDB2:
		e.Formula = fmt.Sprintf("db2[%d] = Σ_n dout[n,%d]", j, j)
		e.Shapes = "db2 = Σ_n dout[n,:]: " + sz(N, out) + " → " + sz(1, out)
		e.Terms = make([]Term, 0, N)
		for n := range N {
			d := b.Dout[n*out+j]
			e.Terms = append(e.Terms, Term{Index: n, Name: ix("dout", n, j), A: d, B: 1, Value: d, Unmasked: d})
		}
	case TensorDA:
		e.Formula = fmt.Sprintf("da[%d,%d] = Σ_k dout[%d,k]·W2[%d,k]", i, j, i, j)
		e.Shapes = "da = dout·W2ᵀ: " + sz(N, out) + " · " + sz(out, hid)
		e.Terms = make([]Term, 0, out)
		for k := range out {
			e.Terms = append(e.Terms, prod(k, ix("dout", i, k), b.Dout[i*out+k], ix("W2", j, k), b.W2[j*out+k]))
		}
	case TensorDZ:
		q := i*hid + j
		local := "[" + ix("z", i, j) + " > 0]"
		if !relu {
			local = ix("a", i, j) + "(1 − " + ix("a", i, j) + ")"
		}
		e.Formula = ix("dz", i, j) + " = " + ix("da", i, j) + "·" + local
		m := prod(-1, ix("da", i, j), b.DA[q], local, b.Local[q])
		mask(&m, i, j, b.DA[q])
		e.Terms = []Term{m}
	case TensorDW1:
		e.Formula = fmt.Sprintf("dW1[%d,%d] = Σ_n x[n,%d]·dz[n,%d]", i, j, i, j)
		e.Shapes = "dW1 = xᵀ·dz: " + sz(in, N) + " · " + sz(N, hid)
		e.Terms = make([]Term, 0, N)
		for n := range N {
			x := b.X[n*in+i]
			m := prod(n, ix("x", n, i), x, ix("dz", n, j), b.DZ[n*hid+j])
			mask(&m, n, j, x*b.DA[n*hid+j])
			e.Terms = append(e.Terms, m)
		}
	case TensorDB1:
		e.Formula = fmt.Sprintf("db1[%d] = Σ_n dz[n,%d]", j, j)
		e.Shapes = "db1 = Σ_n dz[n,:]: " + sz(N, hid) + " → " + sz(1, hid)
		e.Terms = make([]Term, 0, N)
		for n := range N {
			d := b.DZ[n*hid+j]
			m := Term{Index: n, Name: ix("dz", n, j), A: d, B: 1, Value: d, Unmasked: d}
			mask(&m, n, j, b.DA[n*hid+j])
			e.Terms = append(e.Terms, m)
		}
	}
	slices.SortStableFunc(e.Terms, func(p, q Term) int {
		return cmp.Compare(math.Abs(q.Value), math.Abs(p.Value))
	})
	return e, nil
}

func boolDigit(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

// Index formats entry (i, j) of tensor t as the page's data-index: "j"
// for the bias gradients db1 and db2, which are one row, and "i,j" for
// every other tensor.
func (t Tensor) Index(i, j int) string {
	if t == TensorDB1 || t == TensorDB2 {
		return strconv.Itoa(j)
	}
	return strconv.Itoa(i) + "," + strconv.Itoa(j)
}

// ParseIndex reads a data-index as Index writes it, surrounding spaces
// ignored, and returns the row and column At and Explain take. It returns
// an error if s has the wrong form for t; whether the entry exists is for
// At and Explain to say.
func (t Tensor) ParseIndex(s string) (i, j int, err error) {
	if !t.Valid() {
		return 0, 0, fmt.Errorf("stepper: unknown tensor %v", t)
	}
	parts := strings.Split(strings.TrimSpace(s), ",")
	want, form := 2, "i,j"
	if t == TensorDB1 || t == TensorDB2 {
		want, form = 1, "j"
	}
	if len(parts) != want {
		return 0, 0, fmt.Errorf("stepper: index %q of %s is not of the form %s", s, t, form)
	}
	nums := make([]int, want)
	for k, p := range parts {
		nums[k], err = strconv.Atoi(strings.TrimSpace(p))
		if err != nil {
			return 0, 0, fmt.Errorf("stepper: index %q of %s: %q is not a number", s, t, p)
		}
	}
	if want == 1 {
		return 0, nums[0], nil
	}
	return nums[0], nums[1], nil
}
