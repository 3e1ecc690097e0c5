package stepper

import "fmt"

// UnitDetail is how hidden unit j's pre-activation a[j] comes about in the
// affine1 stage: a[j] = Σ_i x[i]·W1[i][j] + b1[j].
type UnitDetail struct {
	J        int
	Template []float64 // W1[:,j], Input values: what the unit looks for (28×28 for MNIST)
	Products []float64 // x[i]·W1[i][j], Input values: what each pixel contributes
	Sum      float64   // Σ Products, added in index order
	Bias     float64   // b1[j]
	// A is a[j] as the engine computed it. It equals Sum + Bias up to
	// rounding: the engine's kernel adds the products in another order.
	A float64
}

// Unit returns the detail of hidden unit j, computed from the pass's X and
// W1 (the parameters the pass ran with). It returns an error if j is not in
// [0, Hidden).
func (p *Pass) Unit(j int) (UnitDetail, error) {
	if j < 0 || j >= p.Hidden {
		return UnitDetail{}, fmt.Errorf("stepper: unit %d is not in [0, %d)", j, p.Hidden)
	}
	d := UnitDetail{
		J:        j,
		Template: make([]float64, p.Input),
		Products: make([]float64, p.Input),
		Bias:     p.B1[j],
		A:        p.A[j],
	}
	for i, x := range p.X {
		w := p.W1[i*p.Hidden+j]
		d.Template[i] = w
		d.Products[i] = x * w
		d.Sum += x * w
	}
	return d, nil
}
