// Package testids is the page's data-testid contract: every hook that
// tests, teachers' scripts and browser tools other than this project's can
// drive the page by, what it is and the attributes it carries. It is the
// one source of README.md's "Drive it from your own tests" table
// (go generate ./ui/testids writes it); its test checks the table against
// the templates (ui/page/*.vugu), the views (ui/markup), the browser code
// (ui/dom) and the boot loader (web/app.js), both ways.
package testids

//go:generate go run ./internal/readme -readme ../../README.md

import (
	"fmt"
	"strings"
)

// A TestID is one hook: [data-testid=Name].
type TestID struct {
	Name string
	// What it is, in a few words.
	What string
	// Attrs are the attributes to read beyond its text: data-* attributes
	// (of the element or, "items:", of its children) and the element's
	// own (value, disabled). A data-* attribute of the element in its
	// template must be listed.
	Attrs string
}

const (
	btn = "button; `disabled`"
	sel = "select; `value`"
	inp = "text field; `value`"
)

// All is the contract, in the page's order.
var All = []TestID{
	// The page's top and its messages.
	{"lang", "the page's language (en, ko)", sel},
	{"status", "the trainer's state, in English whatever the language: loading, ready, training, paused, done, error", "`data-state` (the same)"},
	{"status-text", "the state as shown, in the page's language", "`data-state`"},
	{"status-say", "the state said to screen readers", ""},
	{"error", "the alert: a warning or a fatal error (empty when none)", ""},
	{"dismiss", "closes a warning", btn},
	{"restart-trainer", "restarts a crashed trainer with the last weights", btn},
	{"notice", "news: a file loaded or saved (absent when none)", ""},
	{"update-ready", "a new build is installed and waits (web/app.js; absent when none)", ""},
	{"update-reload", "switches to the new build and reloads", btn},
	{"keys", "the keyboard shortcuts", ""},

	// The bench page (?bench=train).
	{"bench-state", "what the bench is doing", ""},
	{"bench-result", "the bench's JSON result", ""},
	{"bench-stop", "stops the bench", btn},
	{"bench-again", "times N more steps in the same tab", btn},

	// Settings.
	{"lr", "learning rate", inp},
	{"lr-error", "why the learning rate is refused (empty when it is not)", ""},
	{"batch", "batch size", inp},
	{"batch-error", "why the batch size is refused", ""},
	{"iters", "iteration budget", inp},
	{"iters-error", "why the budget is refused", ""},
	{"hidden", "hidden units", inp},
	{"hidden-error", "why the hidden units are refused", ""},
	{"activation", "relu or sigmoid", sel},
	{"seed", "the seed", inp},
	{"seed-error", "why the seed is refused", ""},
	{"init", "weight init: book, he, xavier", sel},
	{"sampling", "batch sampling: replace, shuffle", sel},
	{"augment", "checkbox: vary the training images (seeded shifts, turns, scaling, stroke width), off by default", ""},
	{"confirm-rebuild", "in the dialog of a new shape: throw the trained weights away", btn},
	{"confirm-keep", "in that dialog: keep them, cancel the change", btn},

	// Training.
	{"train-toggle", "play / pause", btn},
	{"train-step", "one mini-batch", btn},
	{"train-reset", "back to the same initial weights", btn},
	{"train-new-seed", "a new seed", btn},
	{"budget-text", "the iteration budget as said", ""},
	{"train-progress", "progress towards the budget", "progress; `value` (0 to 1)"},
	{"iteration", "iterations done", ""},
	{"epoch", "epochs done (of each data set the net was trained on; empty when a loaded file does not say its data's size)", ""},
	{"epoch-note", "for a net loaded from a file trained on other data: which data its epochs and the accuracies are of (else empty)", ""},
	{"loss", "the last mini-batch's loss (empty before the first step)", ""},
	{"train-acc", "training accuracy of the last epoch", ""},
	{"test-acc", "test accuracy of the last epoch", ""},
	{"samples-per-sec", "training speed", "`data-trained-samples`, `data-trained-ms` (the trainer's totals), `data-settling` (true while warming up)"},
	{"memory", "the page's and the trainer's memory (hidden)", "`data-page-bytes`, `data-worker-bytes`, `data-page-live-bytes`, `data-page-goal-bytes`"},

	// Keep and share.
	{"weights-export", "saves the weights file", btn},
	{"weights-import", "loads a weights file", "file input"},
	{"load-pretrained", "loads the bundled pretrained net", btn},
	{"discard-kept", "forgets the net kept in the browser", btn},
	{"kept-offer", "offer of the kept net when a link has other settings (absent otherwise)", ""},
	{"restore-kept", "takes the kept net", btn},
	{"discard-kept-offer", "forgets it", btn},

	// Charts.
	{"loss-chart", "the loss per iteration (with a line at the iteration the timeline shows)", ""},
	{"race", "the race's box", ""},
	{"race-setting", "the setting the race's two runs differ in: activation, init, lr, batch, hidden, sampling", "select"},
	{"race-value", "run B's value of it (run A has the page's settings)", "select for a choice, text input for a number"},
	{"race-start", "starts both runs from iteration 0 (the page's own run pauses)", btn},
	{"race-stop", "stops both runs; their curves stay", btn},
	{"race-close", "stops the race and forgets it (absent without one)", btn},
	{"race-a", "run A's readouts (absent without a race)", "`data-iteration`, `data-test-acc`, `data-loss` (empty before the first epoch, or the first step)"},
	{"race-b", "run B's readouts (absent without a race)", "`data-iteration`, `data-test-acc`, `data-loss`"},
	{"race-w1-a", "run A's W1 tiles", "canvas"},
	{"race-w1-b", "run B's W1 tiles", "canvas"},
	{"race-loss", "both runs' smoothed losses, one colour each, with a legend", ""},
	{"race-acc", "both runs' test accuracy per epoch", ""},
	{"train-hidden", "keeps training while the tab is hidden (off: a hidden tab pauses, and resumes when shown)", "checkbox"},
	{"timeline", "a range input over the trainer's kept snapshots, the last position the net now", "range; `data-iteration` (the iteration every view shows)"},
	{"timeline-text", "which iteration the views show, and what the timeline keeps", ""},
	{"timeline-play", "plays the timeline back from the start (or from where it is) and pauses it", "button; `aria-pressed`"},
	{"timeline-speed", "snapshots a second of the playback", "select"},
	{"timeline-live", "back to the net now", btn},
	{"timeline-train-here", "goes on training from the iteration shown, dropping the run after it", btn},
	{"viewing-bar", "while the views show a past iteration: says which, with a way back (absent otherwise)", ""},
	{"acc-chart", "train and test accuracy per epoch", ""},

	// Drawing.
	{"draw-canvas", "the drawing pad (280×280); draw with pointer or touch events", "canvas"},
	{"draw-clear", "clears the drawing", btn},
	{"draw-preview", "the 28×28 image the net sees", "canvas"},
	{"prediction", "the predicted digit (empty without a drawing)", ""},
	{"prediction-hint", "a hint while there is no prediction", ""},
	{"prediction-say", "the prediction said to screen readers", ""},
	{"probabilities", "the ten probabilities", "`data-evals` (predictions made); items: `data-digit`, `data-prob`"},

	// Your digits.
	{"mine", "the box of the learner's own digits", "`data-steps` (steps taken on the drawing since it was labelled or changed)"},
	{"my-label", "labels the drawing: one button per digit", "items: buttons with `data-digit` (0-9), `aria-pressed` on the drawing's label"},
	{"my-step", "one SGD step on the labelled drawing alone", btn},
	{"my-lr", "the learning rate of that step (0.0001, 0.001, 0.01 or 0.1; 0.001 at first)", "select"},
	{"my-dw1", "dW1 of the last step on the learner's digit, as tiles (absent before a step)", "canvas"},
	{"my-result", "what the last step did: loss and probability of the label before and after, the prediction now", ""},
	{"my-digits", "the learner's set of digits", "`data-count` (how many)"},
	{"my-acc", "how many of them the net gets right, and at which iteration", ""},
	{"my-confusion", "their confusion matrix (absent without digits)", "table; cells `data-true`, `data-pred`"},
	{"my-finetune", "trains 200 iterations with a fifth of each mini-batch from the learner's digits", btn},
	{"my-digits-export", "saves the set as MNIST's two IDX files in a zip", btn},
	{"my-digits-import", "adds digits from IDX files (an export, or an image and a label file)", "file input (multiple)"},
	{"my-digits-clear", "deletes the set", btn},
	{"my-digits-undo", "brings back the set just deleted (absent otherwise)", btn},

	// Inside the net.
	{"weights-w1", "W1 as 50 tiles of 28×28", "canvas"},
	{"weights-w2", "W2 as a heatmap", "canvas"},
	{"gradients-w1", "dW1 of the last mini-batch", "canvas"},
	{"gradients-w2", "dW2 of the last mini-batch", "canvas"},
	{"mask-caption", "what the ReLU mask shows", ""},
	{"relu-mask", "the hidden units' mask for the drawing or a test image", "items: `data-unit`, `data-active`"},
	{"relu-summary", "how many units are active", ""},
	{"dead-units", "units dead over the test set", ""},
	{"probe-drawing", "goes back from a test image to the drawing", btn},
	{"grad-norms", "gradient norm per parameter over the run", ""},
	{"norm-text", "the last gradient norms as text", ""},

	// The stepper.
	{"stepper", "the stepper's section", ""},
	{"stepper-use-drawing", "steps the drawing instead of a test image", btn},
	{"stepper-test-index", "the test image to step", inp},
	{"stepper-label", "the label: auto or a digit", sel},
	{"stepper-batch", "images in the pass (1 to 100)", inp},
	{"stepper-run", "makes the pass", btn},
	{"stepper-what-if", "the same image woken by another label", btn},
	{"stepper-unsure", "jumps to a test image the net is unsure of", btn},
	{"stepper-wrong", "jumps to a test image the net gets wrong", btn},
	{"graph", "the layers, the current one marked", "items: `data-node`"},
	{"stepper-prev", "the stage before", btn},
	{"stepper-stage", "the stage: input, affine1, relu, affine2, softmax, dout, affine2-back, relu-back, affine1-back, update", ""},
	{"stepper-next", "the stage after", btn},
	{"stepper-x", "the input image", "canvas"},
	{"stepper-template", "the selected unit's weights", "canvas"},
	{"stepper-products", "input × weights of the selected unit", "canvas"},
	{"stepper-dw1", "dW1 of the pass", "canvas"},
	{"stepper-dw2", "dW2 of the pass", "canvas"},
	{"stepper-unit", "the hidden unit to follow", sel},
	{"stepper-sum", "how the unit's sum comes about", ""},
	{"stepper-loss", "the pass's loss", ""},
	{"stepper-delta", "in the update stage, one parameter's change", "`data-value` (full precision)"},
	{"cell-tensor", "the tensor of the entry to open", sel},
	{"cell-index", "the entry's index, \"i,j\"", inp},
	{"cell-open", "opens the entry into its terms", btn},
	{"cell-close", "closes it", btn},
	{"cell-explain", "the entry and its terms", "`data-tensor`, `data-index`, `data-value`; items: `data-term`, `data-value`, `data-masked`"},
	{"nudge-param", "the parameter to nudge", sel},
	{"nudge-index", "its index, \"i,j\"", inp},
	{"nudge-h", "the nudge h", sel},
	{"nudge-run", "nudges it", btn},
	{"nudge-central", "(L(w+h) − L(w−h)) / 2h", "`data-value`"},
	{"nudge-linear", "(L(w+h) − L(w)) / h", "`data-value`"},
	{"nudge-grad", "backprop's gradient of the weight", "`data-value`"},
	{"nudge-dloss", "the loss's change", "`data-value`"},

	// The gradient check.
	{"gradcheck-break", "the layer to break (none or a bug)", sel},
	{"gradcheck-break-note", "what the chosen bug does", "`data-break` (the chosen bug)"},
	{"gradcheck-left-out", "the bugs the check cannot catch, and why", ""},
	{"gradcheck-run", "runs the check", btn},
	{"gradcheck-status", "the check's progress", ""},
	{"gradcheck-results", "mean |numerical − backprop| per parameter", "`data-break` (of the results shown)"},
	{"gradcheck-W1", "W1's mean difference", ""},
	{"gradcheck-b1", "b1's mean difference", ""},
	{"gradcheck-W2", "W2's mean difference", ""},
	{"gradcheck-b2", "b2's mean difference", ""},
	{"gradcheck-map-W1", "map of W1's differences", "`data-state`: none, running, missing, shown"},
	{"gradcheck-map-b1", "map of b1's differences", "`data-state`"},
	{"gradcheck-map-W2", "map of W2's differences", "`data-state`"},
	{"gradcheck-map-b2", "map of b2's differences", "`data-state`"},
	{"gc-map-W1", "the picture of W1's map", "canvas"},
	{"gc-map-b1", "the picture of b1's map", "canvas"},
	{"gc-map-W2", "the picture of W2's map", "canvas"},
	{"gc-map-b2", "the picture of b2's map", "canvas"},
	{"bughunt-start", "breaks a layer at random", btn},
	{"bughunt-guess", "the guessed bug", sel},
	{"bughunt-submit", "submits the guess", btn},
	{"bughunt-status", "the hunt's state", ""},
	{"bughunt-result", "the reveal (absent before)", "`data-correct` (true, false), `data-bug`"},

	// The confusion matrix.
	{"conf-later", "said before the first epoch", ""},
	{"confusion", "the confusion matrix of the test set", "items: `data-true`, `data-pred`"},
	{"gallery-text", "which images the gallery shows", ""},
	{"gallery", "the test images of the chosen cell", "canvas"},
}

// Begin and End mark the table in README.md.
const (
	Begin = "<!-- data-testid table: written by go generate ./ui/testids from ui/testids/testids.go -->\n"
	End   = "<!-- end of the data-testid table -->\n"
)

// Markdown is the README's table, between Begin and End.
func Markdown() string {
	var b strings.Builder
	b.WriteString(Begin)
	b.WriteString("\n| `data-testid` | what it is | attributes |\n|---|---|---|\n")
	for _, t := range All {
		fmt.Fprintf(&b, "| `%s` | %s | %s |\n", t.Name, strings.ReplaceAll(t.What, "|", `\|`), t.Attrs)
	}
	b.WriteString("\n")
	b.WriteString(End)
	return b.String()
}

// Replace returns readme with its table replaced by Markdown.
func Replace(readme string) (string, error) {
	i := strings.Index(readme, Begin)
	j := strings.Index(readme, End)
	if i < 0 || j < i {
		return "", fmt.Errorf("README.md lacks the markers %q and %q", strings.TrimSpace(Begin), strings.TrimSpace(End))
	}
	return readme[:i] + Markdown() + readme[j+len(End):], nil
}
