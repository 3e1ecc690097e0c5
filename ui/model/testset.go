package model

import (
	"bytes"
	"fmt"

	"github.com/backprop-lab/backprop-lab/digit"
	"github.com/backprop-lab/backprop-lab/mnist"
)

// TestSet is the bundled test set as the page holds it: for the probe, the
// stepper, the confusion matrix and its gallery.
type TestSet struct {
	Pix    []uint8 // N×digit.Pixels
	Labels []uint8
	N      int
}

// Image returns test image i scaled to [0,1], in dst's memory if it is
// large enough.
func (t *TestSet) Image(i int, dst []float64) []float64 {
	dst = append(dst[:0], make([]float64, digit.Pixels)...)
	for k, v := range t.Pix[i*digit.Pixels : (i+1)*digit.Pixels] {
		dst[k] = float64(v) / 255
	}
	return dst
}

// DecodeTestSet reads the test images and labels, IDX as the page fetched
// them (decompressed by the browser) or gzip'd.
func DecodeTestSet(images, labels []byte) (*TestSet, error) {
	decodeImages, decodeLabels := mnist.DecodeRawImages, mnist.DecodeRawLabels
	if mnist.IsGzip(images) {
		decodeImages = mnist.DecodeImages
	}
	if mnist.IsGzip(labels) {
		decodeLabels = mnist.DecodeLabels
	}
	im, err := decodeImages(bytes.NewReader(images))
	if err != nil {
		return nil, err
	}
	lb, err := decodeLabels(bytes.NewReader(labels))
	if err != nil {
		return nil, err
	}
	if len(lb) != im.N {
		return nil, fmt.Errorf("model: %d test images but %d labels", im.N, len(lb))
	}
	return &TestSet{Pix: im.Pix, Labels: lb, N: im.N}, nil
}
