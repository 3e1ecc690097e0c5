package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/backprop-lab/backprop-lab/assets"
	"github.com/backprop-lab/backprop-lab/augment"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/internal/gomnist"
	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/backprop-lab/backprop-lab/nn"
	"github.com/backprop-lab/backprop-lab/wire"
)

// gradcheckLimit is the largest mean |numerical - backprop| difference that
// passes: the book's run prints 4e-10 to 1.4e-7, and a wrong backward gives
// differences of 1e-3 and more.
const gradcheckLimit = 1e-6

type options struct {
	iters, batch, hidden int
	lr                   float64
	activation, init     string
	sampling             string
	seed                 uint64
	data                 string
	full                 bool
	augment              bool
	json                 bool
	gradcheck            bool
	save                 string
}

// usageError is a bad flag value: exit status 2.
type usageError struct{ error }

func parseFlags(args []string, stderr io.Writer) (options, error) {
	var o options
	fs := flag.NewFlagSet("train", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.IntVar(&o.iters, "iters", 10000, "training iterations (mini-batches)")
	fs.IntVar(&o.batch, "batch", 100, "mini-batch size")
	fs.Float64Var(&o.lr, "lr", 0.1, "learning rate")
	fs.IntVar(&o.hidden, "hidden", 50, "hidden units")
	fs.StringVar(&o.activation, "activation", "relu", "activation: relu|sigmoid")
	fs.StringVar(&o.init, "init", "book", "weight init: book (0.01·N(0,1)) | he | xavier")
	fs.Uint64Var(&o.seed, "seed", 1, "seed of the weights and the batch order")
	fs.StringVar(&o.sampling, "sampling", "replace", "batches: replace (with replacement, as the book) | shuffle (shuffled epochs)")
	fs.StringVar(&o.data, "data", "", "folder with the four official MNIST files, as downloaded (.gz) or decompressed (default: the bundled subset)")
	fs.BoolVar(&o.full, "full", false, "train on all of MNIST: the official files of module "+gomnist.Module+", fetched by the go command and MD5-checked")
	fs.BoolVar(&o.augment, "augment", false, "augment the training images (package augment's Default, seeded with -seed)")
	fs.BoolVar(&o.json, "json", false, "print one JSON object per epoch, the last one the final state")
	fs.BoolVar(&o.gradcheck, "gradcheck", false, "compare numerical and backprop gradients on 3 training images and exit")
	fs.StringVar(&o.save, "save", "", "write the trained weights to this file")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			fs.SetOutput(stderr)
			fmt.Fprintln(stderr, "usage: train [flags]")
			fs.PrintDefaults()
			return o, err
		}
		return o, usageError{err}
	}
	if fs.NArg() > 0 {
		return o, usageError{fmt.Errorf("unexpected argument %q", fs.Arg(0))}
	}
	if o.full && o.data != "" {
		return o, usageError{errors.New("-full and -data both name the data; give one")}
	}
	return o, nil
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err == nil {
		err = train(o, stdout)
	}
	if err != nil {
		fmt.Fprintln(stderr, "train:", err)
		var ge gradcheckError
		if errors.As(err, &ge) {
			return 1
		}
		return 2
	}
	return 0
}

type gradcheckError struct{ error }

func configs(o options) (nn.Config, nn.TrainConfig, error) {
	nc := nn.DefaultConfig()
	nc.Hidden, nc.Seed = o.hidden, o.seed
	var err error
	if nc.Activation, err = nn.ParseActivation(o.activation); err != nil {
		return nc, nn.TrainConfig{}, err
	}
	if nc.Init, err = nn.ParseInit(o.init); err != nil {
		return nc, nn.TrainConfig{}, err
	}
	if err := nc.Validate(); err != nil {
		return nc, nn.TrainConfig{}, err
	}
	tc := nn.DefaultTrainConfig()
	tc.LearningRate, tc.BatchSize, tc.Iters, tc.Seed = o.lr, o.batch, o.iters, o.seed
	if tc.Sampling, err = nn.ParseSampling(o.sampling); err != nil {
		return nc, tc, err
	}
	return nc, tc, tc.Validate()
}

// loadData reads the data o names: the bundled subset, all of MNIST from
// the GoMNIST module, or the four official files in o.data (each as
// distributed, NAME.gz, or decompressed, NAME). It also returns the data's description for the weights
// file.
func loadData(o options) (*mnist.Set, string, error) {
	var set *mnist.Set
	var err error
	name := wire.BundledData
	switch {
	case o.full:
		set, err = gomnist.Load()
		name = "MNIST (" + gomnist.Module + ")"
	case o.data != "":
		set, err = loadDir(o.data)
		name = "the MNIST files of -data"
	default:
		set, err = assets.MNISTSubset()
	}
	if err != nil {
		return nil, "", err
	}
	return set, wire.DataDesc(name, set.Train.Images.N, set.Test.Images.N), nil
}

// loadDir reads the four official files in dir, each as distributed
// (NAME.gz) or decompressed (NAME).
func loadDir(dir string) (*mnist.Set, error) {
	var files [4]io.Reader
	for i, name := range []string{"train-images-idx3-ubyte", "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"} {
		f, err := openEither(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("data folder %s: %w", dir, err)
		}
		defer f.Close()
		files[i] = f
	}
	return mnist.Load(files[0], files[1], files[2], files[3])
}

// openEither opens name.gz or, if there is none, name; mnist.Load tells a
// gzip stream by its content, so either name may hold either form.
func openEither(name string) (*os.File, error) {
	f, err := os.Open(name + ".gz")
	if errors.Is(err, fs.ErrNotExist) {
		if f, err = os.Open(name); errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("no %s.gz or %s", filepath.Base(name), filepath.Base(name))
		}
	}
	return f, err
}

func datasets(set *mnist.Set) (train, test nn.Dataset, err error) {
	if train, err = nn.NewDataset(set.Train.Images.Pix, set.Train.Labels, set.Train.Images.N, set.Train.Images.Rows*set.Train.Images.Cols); err != nil {
		return
	}
	test, err = nn.NewDataset(set.Test.Images.Pix, set.Test.Labels, set.Test.Images.N, set.Test.Images.Rows*set.Test.Images.Cols)
	return
}

// epochLine is one line of -json output.
type epochLine struct {
	Epoch         int     `json:"epoch"`
	Iter          int     `json:"iter"`
	TrainAcc      float64 `json:"train_acc"`
	TestAcc       float64 `json:"test_acc"`
	Loss          float64 `json:"loss"`
	SamplesPerSec float64 `json:"samples_per_sec"`
	Final         bool    `json:"final,omitempty"`
}

func train(o options, stdout io.Writer) error {
	nc, tc, err := configs(o)
	if err != nil {
		return usageError{err}
	}
	set, data, err := loadData(o)
	if err != nil {
		return err
	}
	trainSet, testSet, err := datasets(set)
	if err != nil {
		return err
	}
	net, err := nn.NewTwoLayerNet(nc)
	if err != nil {
		return err
	}
	if o.gradcheck {
		return gradcheck(net, trainSet, stdout)
	}
	tr, err := nn.NewTrainer(net, tc, trainSet)
	if err != nil {
		return usageError{err}
	}
	var aug *augment.Augmenter
	if o.augment {
		if aug, err = augment.New(augment.Default(), o.seed); err != nil {
			return err
		}
		// Each batch is changed in a buffer of its own before the net's
		// gradient, so the Trainer's sampling and the data stay as they
		// are.
		xa := mat.NewDense(tc.BatchSize, trainSet.Cols(), nil)
		tr.SetGradient(func(x *mat.Dense, labels []int) (float64, *nn.Grads) {
			aug.Batch(xa, x)
			return net.Gradient(xa, labels)
		})
	}
	per := tr.ItersPerEpoch()
	enc := json.NewEncoder(stdout)
	var (
		lossSum               float64 // since the last line
		lossN                 int
		stepTime, totalTime   time.Duration
		stepSamples, totalSam int
		last                  epochLine
		history               []checkpoint.Epoch
	)
	emit := func(l epochLine) error {
		if o.json {
			return enc.Encode(l)
		}
		if l.Final {
			_, err := fmt.Fprintf(stdout, "final      iter %6d  train acc %.4f  test acc %.4f  loss %.4f  %6.0f samples/s overall\n",
				l.Iter, l.TrainAcc, l.TestAcc, l.Loss, l.SamplesPerSec)
			return err
		}
		_, err := fmt.Fprintf(stdout, "epoch %4d iter %6d  train acc %.4f  test acc %.4f  loss %.4f  %6.0f samples/s\n",
			l.Epoch, l.Iter, l.TrainAcc, l.TestAcc, l.Loss, l.SamplesPerSec)
		return err
	}
	line := func() epochLine {
		trainAcc, _ := nn.Evaluate(net, trainSet, 1000)
		testAcc, _ := nn.Evaluate(net, testSet, 1000)
		loss := lossSum / float64(lossN)
		history = append(history, checkpoint.Epoch{Iter: tr.Iter(), Loss: loss, TrainAcc: trainAcc, TestAcc: testAcc})
		l := epochLine{Epoch: (tr.Iter() + per - 1) / per, Iter: tr.Iter(), TrainAcc: round4(trainAcc), TestAcc: round4(testAcc),
			Loss: round4(loss)}
		if stepTime > 0 {
			l.SamplesPerSec = math.Round(float64(stepSamples) / stepTime.Seconds())
		}
		lossSum, lossN, stepTime, stepSamples = 0, 0, 0, 0
		return l
	}
	for tr.Iter() < tc.Iters {
		t0 := time.Now()
		loss, err := tr.Step()
		d := time.Since(t0)
		if err != nil {
			return err
		}
		stepTime += d
		totalTime += d
		stepSamples += tc.BatchSize
		totalSam += tc.BatchSize
		lossSum += loss
		lossN++
		if tr.Iter()%per == 0 {
			last = line()
			if err := emit(last); err != nil {
				return err
			}
		}
	}
	// The final state: the last epoch's line again when the run ended on an
	// epoch's end, else the figures of the iterations since.
	if lossN > 0 {
		last = line()
	}
	last.Final = true
	if totalTime > 0 {
		last.SamplesPerSec = math.Round(float64(totalSam) / totalTime.Seconds())
	}
	if err := emit(last); err != nil {
		return err
	}
	if o.save != "" {
		return save(o, net, testSet, trainSet, tr.Iter(), data, aug, history)
	}
	return nil
}

func round4(v float64) float64 { return math.Round(v*1e4) / 1e4 }

func gradcheck(net *nn.TwoLayerNet, train nn.Dataset, stdout io.Writer) error {
	x := train.Rows(0, 3)
	d := nn.GradCheck(net, x, train.Labels[:3], nil)
	worst := 0.0
	for _, p := range []struct {
		name string
		v    float64
	}{{"W1", d.W1}, {"b1", d.B1}, {"W2", d.W2}, {"b2", d.B2}} {
		fmt.Fprintf(stdout, "%s:%e\n", p.name, p.v)
		if !(p.v <= worst) {
			worst = p.v
		}
	}
	if !(worst < gradcheckLimit) {
		return gradcheckError{fmt.Errorf("gradient check failed: a mean difference of %e is above %g", worst, gradcheckLimit)}
	}
	return nil
}

// save writes the net to o.save with its options, what it was trained on,
// its augmentation (nil for none) and its history.
func save(o options, net *nn.TwoLayerNet, test, train nn.Dataset, iters int, data string, aug *augment.Augmenter, history []checkpoint.Epoch) error {
	c := net.Config()
	ck := checkpoint.Checkpoint{
		W1: make([]float64, c.Input*c.Hidden), B1: make([]float64, c.Hidden),
		W2: make([]float64, c.Hidden*c.Output), B2: make([]float64, c.Output),
	}
	net.CopyParams(ck.W1, ck.B1, ck.W2, ck.B2)
	testAcc, _ := nn.Evaluate(net, test, 1000)
	trainAcc, trainLoss := nn.Evaluate(net, train, 1000)
	ck.Meta = checkpoint.Meta{
		Input: c.Input, Hidden: c.Hidden, Output: c.Output,
		Activation: c.Activation.String(), Init: c.Init.String(), WeightStd: c.WeightStd, Seed: c.Seed,
		LearningRate: o.lr, BatchSize: o.batch, Iters: iters, Sampling: o.sampling,
		Metrics: &checkpoint.Metrics{TestAcc: testAcc, TrainAcc: trainAcc, Loss: trainLoss},
		Creator: "cmd/train",
		Data:    data,
	}
	if aug != nil {
		a := aug.Config()
		ck.Meta.Augment = &checkpoint.Augment{Seed: o.seed, Shift: a.Shift, Rotate: a.Rotate, Scale: a.Scale, Width: a.Width}
	}
	ck.History = history
	f, err := os.Create(o.save)
	if err != nil {
		return err
	}
	if _, err := ck.WriteTo(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
