// Package stepper runs one forward and backward pass of a two-layer net
// (book "Deep Learning from Scratch", chapter 5: Affine1 → ReLU → Affine2 →
// SoftmaxWithLoss) on a single input and keeps every intermediate value, so
// that the page can walk through the pass stage by stage (Stage) with the
// engine's own numbers.
//
// Run works on a clone of the net: it runs the clone's nn layers (Forward
// through Layers and Last, then Backward in reverse order, exactly what
// nn.TwoLayerNet.Gradient does) and copies what each layer cached into a
// Pass of plain slices, which stays valid however the net changes later.
// The caller's net, its parameters and its layers' caches are never
// touched.
//
// The package is pure Go (no syscall/js) and light enough for the page's
// UI instance: one pass on one sample is three small products.
package stepper
