// Package broken plugs deliberately wrong layers into a two-layer net, for
// the page's "break backprop" select: with a broken backward pass the
// gradient check (nn.GradCheck, numerical versus backprop gradient) jumps
// from about 1e-10..1e-7 to the size of the gradient itself, and the
// parameters whose difference jumps point at the broken layer.
//
// Apply returns a clone of the net with one layer replaced. Every broken
// layer embeds the nn layer it replaces, so Forward is the real one and
// only Backward (and the gradients it reports) is wrong, and it shares the
// clone's parameters, so the numerical gradient, which perturbs the
// parameters and runs Forward, sees the same net. nn's TwoLayerNet reaches
// its layers only through the nn.Layer, nn.Parametric and nn.LossLayer
// interfaces, which is what makes the swap possible.
//
// The package is pure Go (no syscall/js).
package broken
