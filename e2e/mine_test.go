//go:build e2e

package e2e

import (
	"archive/zip"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/mnist"
	"github.com/chromedp/chromedp"
)

// mineCount is the size of the learner's set as the page says it.
func (tb *tab) mineCount() int {
	tb.t.Helper()
	return eval[int](tb, `+document.querySelector('[data-testid="my-digits"]').dataset.count`)
}

// waitMine waits until the page's set has n digits.
func (tb *tab) waitMine(what string, n int) {
	tb.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for tb.mineCount() != n {
		if time.Now().After(deadline) {
			tb.t.Fatalf("%s: the set has %d digits, want %d", what, tb.mineCount(), n)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

var mineResultRe = regexp.MustCompile(`([0-9.]+) → ([0-9.]+)`)

// Teach it your digits: a drawn test digit labelled as another digit is
// refused without a drawing, then taught one SGD step at a time until the
// page predicts the label, in at most 30 presses, each lowering the
// digit's loss; the set survives a reload; its export is MNIST's IDX
// format, and a delete is undone or the export imported back.
func TestTeachYourDigits(t *testing.T) {
	tb := newTab(t)
	tb.open("")
	tb.click("load-pretrained")
	tb.waitFor("the pretrained net", 20*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })

	// Nothing drawn: a label is refused with a message.
	if err := tb.ClickSel(`[data-testid="my-label"] [data-digit="3"]`, "label 3"); err != nil {
		t.Fatal(err)
	}
	tb.waitIDs("the refusal of an empty drawing", 5*time.Second, func(r kit.Readouts) bool { return r["error"] != "" }, "error")
	if n := tb.mineCount(); n != 0 {
		t.Fatalf("an empty drawing joined the set: %d digits", n)
	}
	tb.click("dismiss")

	pred := tb.drawTestDigit(0)
	p, _ := strconv.Atoi(pred)
	label := (p + 5) % 10
	if err := tb.ClickSel(`[data-testid="my-label"] [data-digit="`+strconv.Itoa(label)+`"]`, "the label"); err != nil {
		t.Fatal(err)
	}
	tb.waitMine("after labelling the drawing", 1)
	if pressed := eval[string](tb, `[...document.querySelectorAll('[data-testid="my-label"] [aria-pressed="true"]')].map(b => b.dataset.digit).join()`); pressed != strconv.Itoa(label) {
		t.Errorf("pressed label buttons %q, want %d", pressed, label)
	}

	presses := 0
	for pred != strconv.Itoa(label) {
		if presses++; presses > 30 {
			t.Fatalf("after 30 steps the page predicts %s, not the label %d", pred, label)
		}
		tb.click("my-step")
		deadline := time.Now().Add(10 * time.Second)
		for eval[string](tb, `document.querySelector('[data-testid="mine"]').dataset.steps`) != strconv.Itoa(presses) {
			if time.Now().After(deadline) {
				t.Fatalf("press %d: no step within 10 s", presses)
			}
			time.Sleep(30 * time.Millisecond)
		}
		pred = tb.waitPrediction()
		res := tb.read("my-result")["my-result"]
		t.Logf("press %d: %s", presses, res)
		m := mineResultRe.FindStringSubmatch(res)
		if m == nil {
			t.Fatalf("press %d: the result %q has no loss before → after", presses, res)
		}
		before, _ := strconv.ParseFloat(m[1], 64)
		after, _ := strconv.ParseFloat(m[2], 64)
		if !(after < before) {
			t.Errorf("press %d: loss %v → %v, want it lower", presses, before, after)
		}
	}
	t.Logf("the drawn %d became a %d in %d steps", p, label, presses)
	if n := eval[int](tb, `document.querySelectorAll('[data-view="my-dw1"] canvas').length`); n != 1 {
		t.Errorf("the gradient of the step is not shown (%d canvases)", n)
	}
	if acc := tb.read("my-acc")["my-acc"]; acc == "" {
		t.Error("no accuracy on the set")
	}

	// A reload: the set is still there.
	if err := tb.Open(srv.URL + "/"); err != nil {
		t.Fatal(err)
	}
	if _, err := tb.WaitStatus(60*time.Second, "ready", "paused", "done"); err != nil {
		t.Fatal(err)
	}
	tb.waitMine("after a reload", 1)

	// The export is MNIST's IDX: one 28×28 image labelled label.
	file := tb.download("my-digits-export")
	z, err := zip.NewReader(bytes.NewReader(file), int64(len(file)))
	if err != nil {
		t.Fatalf("the export is not a zip: %v", err)
	}
	var im *mnist.Images
	var labels []uint8
	for _, f := range z.File {
		r, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		switch mnist.Kind(b) {
		case mnist.KindImages:
			im, err = mnist.DecodeRawImages(bytes.NewReader(b))
		case mnist.KindLabels:
			labels, err = mnist.DecodeRawLabels(bytes.NewReader(b))
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
	}
	if im == nil || im.N != 1 || im.Rows != 28 || len(labels) != 1 || int(labels[0]) != label {
		t.Fatalf("the export holds %+v, labels %v; want one 28×28 image labelled %d", im, labels, label)
	}

	// Delete, undo; delete, import the export back.
	tb.click("my-digits-clear")
	tb.waitMine("after the delete", 0)
	tb.click("my-digits-undo")
	tb.waitMine("after the undo", 1)
	tb.click("my-digits-clear")
	tb.waitMine("after the second delete", 0)
	path := filepath.Join(t.TempDir(), "my-digits.zip")
	if err := os.WriteFile(path, file, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := tb.Do(10*time.Second, chromedp.SetUploadFiles(chromedp.CSS(kit.Sel("my-digits-import")), []string{path}, chromedp.NodeReady)); err != nil {
		t.Fatal(err)
	}
	tb.waitMine("after importing the export", 1)

	// A fine-tune: 200 more iterations of the run, the set measured again.
	tb.click("my-finetune")
	tb.waitFor("the fine-tune's iterations", 60*time.Second, func(r kit.Readouts) bool { return r.Int("iteration") == 10200 })
	if tb.read("notice")["notice"] == "" {
		t.Error("no word on the fine-tune")
	}
	if acc := tb.read("my-acc")["my-acc"]; !strings.Contains(acc, "10200") {
		t.Errorf("the set's accuracy %q is not of iteration 10200", acc)
	}

	// A key labels the drawing too.
	if err := tb.ScrollIntoView("draw-canvas"); err != nil {
		t.Fatal(err)
	}
	tb.drawTestDigit(1)
	tb.press("4")
	tb.waitMine("after the key 4", 2)
	tb.noConsoleErrors()
}
