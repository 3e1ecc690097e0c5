package stepper

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Param names one of the four parameters of the net. Its String is the
// page's nudge-param value.
type Param uint8

const (
	ParamW1 Param = iota // W1, Input×Hidden
	ParamB1              // b1, 1×Hidden
	ParamW2              // W2, Hidden×Output
	ParamB2              // b2, 1×Output
)

// NumParams is the number of parameters; valid ones are 0 ≤ p < NumParams.
const NumParams = int(ParamB2) + 1

var paramNames = [NumParams]string{"W1", "b1", "W2", "b2"}

// Params returns the four parameters in order, a new slice on each call.
func Params() []Param { return []Param{ParamW1, ParamB1, ParamW2, ParamB2} }

// String returns "W1", "b1", "W2" or "b2"; "Param(n)" for an invalid value.
func (p Param) String() string {
	if !p.Valid() {
		return fmt.Sprintf("Param(%d)", int(p))
	}
	return paramNames[p]
}

// Valid reports whether p is one of the parameters.
func (p Param) Valid() bool { return int(p) < NumParams }

// Grad returns the tensor of p's gradient: dW1 for W1, and so on.
func (p Param) Grad() Tensor {
	return [NumParams]Tensor{TensorDW1, TensorDB1, TensorDW2, TensorDB2}[p]
}

// ParseParam returns the parameter named name (as String returns it,
// case-insensitive, surrounding spaces ignored), or an error naming it.
func ParseParam(name string) (Param, error) {
	n := strings.TrimSpace(name)
	for i, pn := range paramNames {
		if strings.EqualFold(n, pn) {
			return Param(i), nil
		}
	}
	return 0, fmt.Errorf("stepper: unknown parameter %q (want one of %s)", name, strings.Join(paramNames[:], ", "))
}

// Index formats element (i, j) of p as the page's nudge-index: "j" for
// the biases and "i,j" for the weights, as Tensor.Index writes their
// gradients.
func (p Param) Index(i, j int) string {
	if p == ParamB1 || p == ParamB2 {
		return strconv.Itoa(j)
	}
	return strconv.Itoa(i) + "," + strconv.Itoa(j)
}

// ParseIndex reads an index as Index writes it; see Tensor.ParseIndex.
func (p Param) ParseIndex(s string) (i, j int, err error) {
	if !p.Valid() {
		return 0, 0, fmt.Errorf("stepper: unknown parameter %v", p)
	}
	i, j, err = p.Grad().ParseIndex(s)
	if err != nil {
		// The gradient's message, with the parameter's name.
		return 0, 0, fmt.Errorf("%s", strings.Replace(err.Error(), " of "+p.Grad().String(), " of "+p.String(), 1))
	}
	return i, j, nil
}

// A Nudge is the gradient check of one parameter w, live: the loss of the
// batch's images with w, w + h and w − h, and backprop's ∂L/∂w from the
// same pass. As h shrinks, DLoss approaches Linear (the first-order
// prediction h·∂L/∂w), and Central approaches Grad with an error that
// shrinks like h² until rounding takes over, near h = 1e-5.
//
// L is the mean cross-entropy −Σ_n log y[n,t] / N without the Epsilon
// that nn adds inside the log, so it differs from Batch.Loss by about
// Epsilon/y[n,t]. Backprop's dout = (y − t)/N is the gradient of this L;
// the loss with Epsilon has the gradient (y − t)·y[t]/(y[t] + Epsilon)/N,
// which would put a floor of Epsilon/y[t] under the relative error of
// Central, reached at h ≈ 1e-2 for y[t] = 0.1 and never left for the small
// y[t] of a wrong label. L is +Inf if a y[n,t] underflows to 0.
type Nudge struct {
	Param Param
	I, J  int     // the element, (0, j) for a bias
	H     float64 // the step
	W     float64 // the parameter's value

	Loss      float64 // L(w)
	LossPlus  float64 // L(w + h)
	LossMinus float64 // L(w − h)
	Grad      float64 // ∂L/∂w by backprop: the entry of dW1, db1, dW2 or db2
}

// DLoss returns L(w + h) − L(w), how much the nudge changes the loss.
func (u *Nudge) DLoss() float64 { return u.LossPlus - u.Loss }

// Linear returns h·∂L/∂w, backprop's prediction of DLoss.
func (u *Nudge) Linear() float64 { return u.H * u.Grad }

// Central returns the central difference (L(w + h) − L(w − h))/2h, the
// numerical gradient of the book's gradient check.
func (u *Nudge) Central() float64 { return (u.LossPlus - u.LossMinus) / (2 * u.H) }

// Nudge runs the batch's images through a net with the batch's parameters
// and element (i, j) of p moved to w + h and to w − h, and returns the
// losses with backprop's gradient of that element. The batch is unchanged.
// It returns an error if p is invalid, (i, j) is outside p ((0, j) for a
// bias), or h is not positive and finite.
func (b *Batch) Nudge(p Param, i, j int, h float64) (*Nudge, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("stepper: unknown parameter %v", p)
	}
	g := p.Grad()
	rows, cols := b.Dims(g)
	if i < 0 || i >= rows || j < 0 || j >= cols {
		return nil, fmt.Errorf("stepper: index (%d, %d) is outside %s, which is %d×%d", i, j, p, rows, cols)
	}
	if !(h > 0) || math.IsInf(h, 0) {
		return nil, fmt.Errorf("stepper: step h = %v must be positive and finite", h)
	}
	grad, _ := b.At(g, i, j)
	n := b.net()
	// The parameter's live elements, row-major: nn's parameters are
	// contiguous.
	var theta []float64
	switch p {
	case ParamW1:
		theta = n.W1().RawMatrix().Data
	case ParamB1:
		theta = n.B1().RawVector().Data
	case ParamW2:
		theta = n.W2().RawMatrix().Data
	case ParamB2:
		theta = n.B2().RawVector().Data
	}
	k := i*cols + j
	x := mat.NewDense(b.N, b.Input, slices.Clone(b.X))
	var y mat.Dense
	loss := func() float64 {
		n.Probabilities(x, &y)
		var sum float64
		for r, t := range b.Labels {
			sum += math.Log(y.At(r, t))
		}
		return -sum / float64(b.N)
	}
	u := &Nudge{Param: p, I: i, J: j, H: h, W: theta[k], Grad: grad}
	u.Loss = loss()
	theta[k] = u.W + h
	u.LossPlus = loss()
	theta[k] = u.W - h
	u.LossMinus = loss()
	return u, nil
}
