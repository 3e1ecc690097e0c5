package broken

import (
	"errors"
	"fmt"
	"strings"

	"github.com/backprop-lab/backprop-lab/nn"
)

// Kind describes one way to break a net.
type Kind struct {
	Name        string // the value Apply takes and the page's code for it, e.g. "relu-mask"
	Layer       string // the layers replaced, e.g. "Relu1" or "Affine1, Affine2"; "" for none
	Description string // one English sentence or two for the page
	// Fingerprint says, in English, where the bug shows in the per-element
	// maps of the gradient check (nn.GradCheckElements), for the reveal of
	// the page's bug hunt.
	Fingerprint string

	// only is the activation the kind needs (its layer exists only in such
	// a net), or -1 for any.
	only int
	// shows reports whether the gradient check on batch images of a net
	// c catches the bug; nil for always.
	shows func(c nn.Config, batch int) bool
}

// Fits reports whether the kind applies to a net with hidden activation a:
// relu-mask and relu-inplace need a ReLU net, sigmoid-derivative and
// sigmoid-from-x a Sigmoid net.
func (k Kind) Fits(a nn.Activation) bool { return k.only < 0 || nn.Activation(k.only) == a }

// Shows reports whether the gradient check of a net c on batch images
// catches the kind: false for none, for a kind that does not fit c, for
// softmax-batch and bias-no-sum with one image (dividing by 1 and summing
// one row change nothing), for affine-square unless the batch has as many
// images as c has hidden units (only then does x·dout have W2's shape),
// and for relu-inplace always (no gradient reads the dout it spoils).
func (k Kind) Shows(c nn.Config, batch int) bool {
	if k.Name == None || !k.Fits(c.Activation) || batch < 1 {
		return false
	}
	return k.shows == nil || k.shows(c, batch)
}

// The kinds' names, which the page uses as codes: they do not change.
const (
	None              = "none"
	ReluMask          = "relu-mask"
	SigmoidDerivative = "sigmoid-derivative"
	SoftmaxBatch      = "softmax-batch"
	AffineTranspose   = "affine-transpose"
	SoftmaxStale      = "softmax-stale"
	ReluInPlace       = "relu-inplace"
	SigmoidFromX      = "sigmoid-from-x"
	BiasNoSum         = "bias-no-sum"
	AffineSquare      = "affine-square"
)

func batched(_ nn.Config, batch int) bool { return batch > 1 }
func never(nn.Config, int) bool           { return false }

var kinds = []Kind{
	{None, "", "No bug: an unchanged copy of the net, for comparison.",
		"Every map stays dark: numerical and backprop gradients differ by rounding only.", -1, nil},
	{ReluMask, "Relu1", "Relu1's backward forgets the mask: it passes dout through unchanged, " +
		"also for the units that were off (a ≤ 0), instead of setting their gradient to 0. " +
		"The gradients of W1 and b1 go wrong.",
		"Only W1 and b1, in the columns of the units that were off for an image: " +
			"there the numerical gradient is 0 and backprop's is not. The columns of units that were on for every image stay dark, " +
			"and so do W2 and b2.", int(nn.ActReLU), nil},
	{SigmoidDerivative, "Sigmoid1", "Sigmoid1's backward multiplies dout by out instead of by out·(1 − out), " +
		"the derivative of the sigmoid. The gradients of W1 and b1 go wrong.",
		"Only W1 and b1, all over: with one image, backprop's column j is 1/(1 − a_j) times the numerical one, " +
			"so the columns of the units with a near 1 are the brightest. W2 and b2 stay dark.", int(nn.ActSigmoid), nil},
	{SoftmaxBatch, "SoftmaxWithLoss", "SoftmaxWithLoss's backward forgets to divide by the batch size: " +
		"it returns y − t instead of (y − t)/batch, so every gradient is batch times too large. " +
		"With a batch of 1 the bug is invisible.",
		"All four maps light up alike: every backprop gradient is exactly batch times the numerical one, " +
			"so each map shows the gradient's own pattern.", -1, batched},
	{AffineTranspose, "Affine2", "Affine2's backward computes doutᵀ·x (10×50) instead of xᵀ·dout (50×10) " +
		"and reshapes it to W2's shape instead of transposing it: dW2 holds the right numbers in the wrong places. " +
		"Only the gradient of W2 goes wrong.",
		"Only W2, all over it; W1, b1 and b2 stay dark. Backprop's dW2 holds the numerical gradient's numbers in other places: " +
			"sorted, the two lists agree.", -1, nil},
	{SoftmaxStale, "SoftmaxWithLoss", "SoftmaxWithLoss computes the softmax only when it allocates its buffer for y, " +
		"on the first pass, and reuses that stale y in every later pass of the same batch size: " +
		"the loss no longer changes when a weight does, and backprop starts from the first pass's y − t.",
		"All four maps light up with the backprop gradient itself: the numerical gradient is exactly 0 everywhere, " +
			"because the loss ignores the weights. On the first check backprop is even right; the forward pass is what is broken.", -1, nil},
	{ReluInPlace, "Relu1", "Relu1's backward is the book's: it zeroes dout in place (dout[mask] = 0) and returns it, " +
		"so Affine2's da, which the page reuses to show the backward pass, becomes dz. " +
		"The gradients stay right: no gradient reads da after Relu1 has zeroed it.",
		"No map lights up: the gradient check passes. The bug shows in da, which equals dz, " +
			"0 at the units that were off; the gradient check cannot see it.", int(nn.ActReLU), never},
	{SigmoidFromX, "Sigmoid1", "Sigmoid1's backward computes the derivative from its input x instead of its output: " +
		"dout·x·(1 − x) instead of dout·out·(1 − out). The gradients of W1 and b1 go wrong.",
		"Only W1 and b1: with one image, backprop's column j is z_j(1 − z_j)/(a_j(1 − a_j)) times the numerical one, " +
			"of the wrong sign for the units with z < 0 or z > 1. W2 and b2 stay dark.", int(nn.ActSigmoid), nil},
	{BiasNoSum, "Affine1, Affine2", "The Affine layers' backward sets db instead of adding to it in the loop over the batch " +
		"(db = dout[n] for db += dout[n]), so db is the last image's gradient, not the sum over the batch. " +
		"The gradients of b1 and b2 go wrong; with a batch of 1 the bug is invisible.",
		"Only b1 and b2 light up, by the gradient of every image but the last; W1 and W2 stay dark.", -1, batched},
	{AffineSquare, "Affine2", "Affine2's backward computes dW = x·dout instead of xᵀ·dout. " +
		"The product has W2's shape only when the batch has as many images as there are hidden units (x is square); " +
		"with any other batch NumPy would refuse it, so the layer computes xᵀ·dout then and the bug hides.",
		"Only W2, all over it, with numbers unlike the numerical gradient's (not just moved, as with affine-transpose); " +
			"W1, b1 and b2 stay dark. It shows only with a batch of as many images as hidden units.",
		-1, func(c nn.Config, batch int) bool { return batch == c.Hidden }},
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
// (relu-mask or relu-inplace on a Sigmoid net, sigmoid-derivative or
// sigmoid-from-x on a ReLU net).
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
		c.Layers[i] = &affineReshape{Affine: affine(c, i)}
	case SoftmaxStale:
		c.Last = &softmaxStale{}
	case ReluInPlace:
		i, err := find(c, "Relu1")
		if err != nil {
			return nil, err
		}
		c.Layers[i] = &reluInPlace{Relu: nn.NewRelu(c.Layers[i].Name())}
	case SigmoidFromX:
		i, err := find(c, "Sigmoid1")
		if err != nil {
			return nil, err
		}
		c.Layers[i] = &sigmoidFromX{Sigmoid: nn.NewSigmoid(c.Layers[i].Name())}
	case BiasNoSum:
		for _, name := range []string{"Affine1", "Affine2"} {
			i, err := find(c, name)
			if err != nil {
				return nil, err
			}
			c.Layers[i] = &affineLastRow{Affine: affine(c, i)}
		}
	case AffineSquare:
		i, err := find(c, "Affine2")
		if err != nil {
			return nil, err
		}
		c.Layers[i] = &affineSquare{Affine: affine(c, i)}
	}
	return c, nil
}

// affine returns a new Affine layer like the clone's layer i: the same
// name and SkipDX, and the clone's parameters, shared, not copied.
func affine(c *nn.TwoLayerNet, i int) *nn.Affine {
	old := c.Layers[i].(*nn.Affine) // Clone makes standard layers
	W, b := old.Params()
	a := nn.NewAffine(old.Name(), W, b)
	a.SkipDX = old.SkipDX
	return a
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
