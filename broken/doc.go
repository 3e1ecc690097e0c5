// Package broken plugs deliberately wrong layers into a two-layer net, for
// the page's "break backprop" select: with a broken backward pass the
// gradient check (nn.GradCheck, numerical versus backprop gradient) jumps
// from about 1e-10..1e-7 to the size of the gradient itself, and the
// parameters whose difference jumps point at the broken layer.
//
// Apply returns a clone of the net with one layer replaced (two for
// bias-no-sum, a bug of the Affine layer that both Affine layers share).
// Every broken layer but the stale softmax embeds the nn layer it
// replaces, so Forward is the real one and only Backward (and the
// gradients it reports) is wrong, and it shares the clone's parameters, so
// the numerical gradient, which perturbs the parameters and runs Forward,
// sees the same net. nn's TwoLayerNet reaches its layers only through the
// nn.Layer, nn.Parametric and nn.LossLayer interfaces, which is what makes
// the swap possible.
//
// Each kind leaves a fingerprint in the per-element maps of
// nn.GradCheckElements (Kind.Fingerprint), which the tests check. Two
// kinds need a particular batch to show at all, and one never shows
// (Kind.Shows): softmax-batch and bias-no-sum need two images or more,
// affine-square as many images as hidden units, and relu-inplace, the
// book's own Relu.backward zeroing dout in place, spoils only da, which
// no gradient of this net reads afterwards.
//
// The package is pure Go (no syscall/js).
package broken
