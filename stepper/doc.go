// Package stepper runs one forward and backward pass of a two-layer net
// (book "Deep Learning from Scratch", chapter 5: Affine1 → ReLU → Affine2 →
// SoftmaxWithLoss) on a batch of images and keeps every intermediate value,
// so that the page can walk through the pass stage by stage (Stage) with the
// engine's own numbers, open any of them (Batch.Explain), nudge a weight to
// see backprop's gradient predict the change of the loss (Batch.Nudge), and
// wake a quiet pass, where the net already gets the image right and the
// gradient is nearly 0, with another label (Batch.WhatIf) or another image
// (Hardest).
//
// # Names
//
// The thirteen tensors of a pass are named as the page's hooks name them
// (Tensor): x, z = x·W1 + b1 (Affine1's output), a = h(z) (the
// activation's), s = a·W2 + b2, y = softmax(s), t, dout = (y − t)/N, dW2,
// db2, da = dout·W2ᵀ (Affine2's dx), dz = da ⊙ h'(z) (the activation's dx),
// dW1 and db1. Indices are written n for the image, i for an input pixel, j
// for a hidden unit and k for a class, as in z[n,j] or dW1[i,j]. Pass, the
// older single-image record, names Affine1's output A and the activation's
// Z; it is kept for the page's current stepper.
//
// RunBatch works on a clone of the net: it runs the clone's nn layers
// (Forward through Layers and Last, then Backward in reverse order, exactly
// what nn.TwoLayerNet.Gradient does) and copies what each layer cached into
// a Batch of plain slices, which stays valid however the net changes later.
// The caller's net, its parameters and its layers' caches are never
// touched. WhatIf and Nudge need no net: they rebuild one from the
// parameters the Batch keeps, which runs the same pass bit for bit.
//
// The package is pure Go (no syscall/js) and light enough for the page's
// UI instance: a pass of 100 images is three products of the size of one
// training step.
package stepper
