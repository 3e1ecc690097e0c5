package nn_test

import (
	"testing"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/nn"
)

// BenchmarkTrainStepMNIST is a training step of the demo (784→50→10, batch
// 100, the book's settings) on the bundled MNIST subset: the workload of the
// page, where the kernels' handling of the images' zeros matters.
func BenchmarkTrainStepMNIST(b *testing.B) {
	set, err := assets.MNISTSubset()
	if err != nil {
		b.Fatal(err)
	}
	im := set.Train.Images
	d, err := nn.NewDataset(im.Pix, set.Train.Labels, im.N, im.Rows*im.Cols)
	if err != nil {
		b.Fatal(err)
	}
	net, err := nn.NewTwoLayerNet(nn.DefaultConfig())
	if err != nil {
		b.Fatal(err)
	}
	tr, err := nn.NewTrainer(net, nn.DefaultTrainConfig(), d)
	if err != nil {
		b.Fatal(err)
	}
	tr.Step() // the layers allocate their buffers on first use
	b.ReportAllocs()
	for b.Loop() {
		if _, err := tr.Step(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(100*float64(b.N)/b.Elapsed().Seconds(), "samples/s")
}
