package broken

import (
	"errors"
	"fmt"
	"strings"

	"github.com/backprop-lab/backprop-lab/nn"
)

// Kind describes one way to break a net.
type Kind struct {
	Name        string // the value Apply takes, e.g. "relu-mask"
	Layer       string // the layer replaced, e.g. "Relu1"; "" for none
	Description string // one English sentence or two for the page

	// only is the activation the kind needs (its layer exists only in such
	// a net), or -1 for any.
	only int
}

// Fits reports whether the kind applies to a net with hidden activation a:
// relu-mask needs a ReLU net and sigmoid-derivative a Sigmoid net.
func (k Kind) Fits(a nn.Activation) bool { return k.only < 0 || nn.Activation(k.only) == a }

// The kinds' names.
const (
	None              = "none"
	ReluMask          = "relu-mask"
	SigmoidDerivative = "sigmoid-derivative"
	SoftmaxBatch      = "softmax-batch"
	AffineTranspose   = "affine-transpose"
)

var kinds = []Kind{
	{None, "", "No bug: an unchanged copy of the net, for comparison.", -1},
	{ReluMask, "Relu1", "Relu1's backward forgets the mask: it passes dout through unchanged, " +
		"also for the units that were off (a ≤ 0), instead of setting their gradient to 0. " +
		"The gradients of W1 and b1 go wrong.", int(nn.ActReLU)},
	{SigmoidDerivative, "Sigmoid1", "Sigmoid1's backward multiplies dout by out instead of by out·(1 − out), " +
		"the derivative of the sigmoid. The gradients of W1 and b1 go wrong.", int(nn.ActSigmoid)},
	{SoftmaxBatch, "SoftmaxWithLoss", "SoftmaxWithLoss's backward forgets to divide by the batch size: " +
		"it returns y − t instead of (y − t)/batch, so every gradient is batch times too large. " +
		"With a batch of 1 the bug is invisible.", -1},
	{AffineTranspose, "Affine2", "Affine2's backward computes doutᵀ·x (10×50) instead of xᵀ·dout (50×10) " +
		"and reshapes it to W2's shape instead of transposing it: dW2 holds the right numbers in the wrong places. " +
		"Only the gradient of W2 goes wrong.", -1},
}

// Kinds returns every kind, "none" first, as a new slice.
func Kinds() []Kind { return append([]Kind(nil), kinds...) }

// KindsFor returns the kinds that fit a net with hidden activation a.
func KindsFor(a nn.Activation) []Kind {
	var out []Kind
	for _, k := range kinds {
		if k.Fits(a) {
			out = append(out, k)
		}
	}
	return out
}

// Apply returns a clone of net (nn.TwoLayerNet.Clone: standard layers and a
// copy of the parameters) with the layer named by kind replaced by a broken
// one; "none" returns the plain clone, so Apply(net, "none") also repairs a
// net broken before. net itself is not changed. Kind names are matched
// case-insensitively.
//
// It returns an error, and never panics, if net is nil or not a valid
// two-layer net, kind is unknown, or kind does not fit net's activation
// (relu-mask on a Sigmoid net, sigmoid-derivative on a ReLU net).
func Apply(net *nn.TwoLayerNet, kind string) (*nn.TwoLayerNet, error) {
	k, err := lookup(kind)
	if err != nil {
		return nil, err
	}
	if net == nil {
		return nil, errors.New("broken: no net")
	}
	cfg := net.Config()
	if err := cfg.Validate(); err != nil {
		return nil, fmt.Errorf("broken: net: %w", err)
	}
	params := 0
	for _, l := range net.Layers {
		if _, ok := l.(nn.Parametric); ok {
			params++
		}
	}
	if params != 2 { // Clone would panic
		return nil, fmt.Errorf("broken: net has %d parametric layers, want 2", params)
	}
	if !k.Fits(cfg.Activation) {
		return nil, fmt.Errorf("broken: %s needs a %v net, this one is %v", k.Name, nn.Activation(k.only), cfg.Activation)
	}

	c := net.Clone()
	switch k.Name {
	case ReluMask:
		i, err := find(c, "Relu1")
		if err != nil {
			return nil, err
		}
		c.Layers[i] = &reluNoMask{Relu: nn.NewRelu(c.Layers[i].Name())}
	case SigmoidDerivative:
		i, err := find(c, "Sigmoid1")
		if err != nil {
			return nil, err
		}
		c.Layers[i] = &sigmoidOut{Sigmoid: nn.NewSigmoid(c.Layers[i].Name())}
	case SoftmaxBatch:
		c.Last = &softmaxNoBatch{SoftmaxWithLoss: nn.NewSoftmaxWithLoss()}
	case AffineTranspose:
		i, err := find(c, "Affine2")
		if err != nil {
			return nil, err
		}
		W, b := c.W2(), c.B2() // shared, not copied
		c.Layers[i] = &affineReshape{Affine: nn.NewAffine(c.Layers[i].Name(), W, b)}
	}
	return c, nil
}

// lookup returns the kind named name.
func lookup(name string) (Kind, error) {
	for _, k := range kinds {
		if strings.EqualFold(strings.TrimSpace(name), k.Name) {
			return k, nil
		}
	}
	names := make([]string, len(kinds))
	for i, k := range kinds {
		names[i] = k.Name
	}
	return Kind{}, fmt.Errorf("broken: unknown kind %q (want one of %s)", name, strings.Join(names, ", "))
}

// find returns the index of the layer named name in n.Layers.
func find(n *nn.TwoLayerNet, name string) (int, error) {
	for i, l := range n.Layers {
		if l.Name() == name {
			return i, nil
		}
	}
	return 0, fmt.Errorf("broken: net has no layer %s", name)
}
