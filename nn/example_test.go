package nn_test

import (
	"fmt"
	"log"

	"github.com/backprop-lab/backprop-lab/nn"
)

// Example trains a tiny net on a toy task: tell whether the left or the
// right half of a 4-pixel "image" is brighter.
func Example() {
	pixels := []uint8{
		200, 180, 10, 0, // left
		0, 30, 250, 220, // right
		150, 255, 60, 20, // left
		40, 0, 90, 200, // right
		255, 120, 0, 100, // left
		10, 90, 255, 40, // right
	}
	labels := []uint8{0, 1, 0, 1, 0, 1}
	data, err := nn.NewDataset(pixels, labels, 6, 4)
	if err != nil {
		log.Fatal(err)
	}
	net, err := nn.NewTwoLayerNet(nn.Config{Input: 4, Hidden: 8, Output: 2, Activation: nn.ActReLU, Init: nn.InitHe, Seed: 42})
	if err != nil {
		log.Fatal(err)
	}
	tr, err := nn.NewTrainer(net, nn.TrainConfig{LearningRate: 0.5, BatchSize: 3, Iters: 300, Sampling: nn.Shuffle, Seed: 7}, data)
	if err != nil {
		log.Fatal(err)
	}
	acc, loss := nn.Evaluate(net, data, 0)
	fmt.Printf("before: accuracy %.2f, loss %.1f\n", acc, loss)
	for !tr.Done() {
		if _, err := tr.Step(); err != nil {
			log.Fatal(err)
		}
	}
	acc, loss = nn.Evaluate(net, data, 0)
	fmt.Printf("after %d steps: accuracy %.2f, loss below 0.05: %t\n", tr.Iter(), acc, loss < 0.05)
	// Output:
	// before: accuracy 0.50, loss 0.7
	// after 300 steps: accuracy 1.00, loss below 0.05: true
}
