package ui

import "fmt"

// labels are the words on the page.
type labels struct {
	LossChart, AccChart, Iteration, Loss, Epoch, Accuracy, Smoothed, TrainAcc, TestAcc string
}

// PerBatch names the raw loss line; with merged points it says how many
// iterations each point averages.
func (l labels) PerBatch(per int) string {
	if per == 1 {
		return "mini-batch loss"
	}
	return fmt.Sprintf("mean of %d mini-batches", per)
}

var english = labels{
	LossChart: "Loss per iteration", AccChart: "Accuracy per epoch",
	Iteration: "iteration", Loss: "loss", Epoch: "epoch", Accuracy: "accuracy",
	Smoothed: "smoothed", TrainAcc: "train", TestAcc: "test",
}
