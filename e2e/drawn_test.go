//go:build e2e

package e2e

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/backprop-lab/backprop-lab/e2e/internal/kit"
	"github.com/backprop-lab/backprop-lab/internal/drawnset"
	"github.com/chromedp/chromedp"
)

// drawnDigits is how many MNIST test digits TestDrawnSet draws, each at
// the three sizes: the issue asks for at least 200.
const drawnDigits = 200

// drawnShards is how many tabs draw the set, half by mouse, half by finger.
const drawnShards = 4

// The bundled pretrained net recognises handwriting drawn through the real
// pad: the drawn set (MNIST test digits not in the bundled subset, traced
// into strokes and drawn small, medium and large in different places),
// half with the mouse on a desktop, half with a finger on a 390-px phone.
// At least 92% of all drawings and 88% of each size are recognised;
// natively, digit.Render of the same strokes gives 94.7% (go run
// ./internal/cmd/drawn -n 200), and the page's earlier input, the canvas's
// pixels normalised, 92.5% (89.5% of the small ones). What the net sees is
// the strokes rendered (digit.Render) for every drawing, by either device:
// that check is what tells the two inputs apart for certain.
func TestDrawnSet(t *testing.T) {
	set, err := kit.DrawnSet(drawnDigits)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var right, total [len(drawnset.Sizes)][2]int // [size][touch]
	var wrong []string
	// Chromium acknowledges a pointer move at the next frame, so a drawing
	// takes about a second of mostly waiting: tabs drawing side by side
	// share that wait.
	t.Run("tabs", func(t *testing.T) {
		for shard := range drawnShards {
			touch := shard%2 == 1
			device := map[bool]string{false: "mouse", true: "finger"}[touch]
			t.Run(fmt.Sprintf("%s%d", device, shard/2), func(t *testing.T) {
				t.Parallel()
				tb := newTab(t)
				if touch {
					// A phone: touch events, a page scaled by 2.
					if err := tb.Do(10*time.Second, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2), chromedp.EmulateMobile, chromedp.EmulateTouch)); err != nil {
						t.Fatal(err)
					}
					if err := tb.EnableTouch(); err != nil {
						t.Fatal(err)
					}
				}
				tb.open("")
				tb.click("load-pretrained")
				tb.waitFor("the pretrained net", 60*time.Second, func(r kit.Readouts) bool { return r["iteration"] == "10000" && r["test-acc"] != "" })
				if err := tb.ScrollIntoView("draw-canvas"); err != nil {
					t.Fatal(err)
				}
				t0, n, mine := time.Now(), 0, 0
				for i, d := range set {
					// The digits of each device in turn to its shards,
					// the three sizes of a digit together.
					if d.Touch != touch {
						continue
					}
					if mine++; (mine-1)/3%(drawnShards/2) != shard/2 {
						continue
					}
					var err error
					if touch {
						err = tb.DrawTouch("draw-canvas", d.Strokes)
					} else {
						err = tb.DrawMouse("draw-canvas", d.Strokes)
					}
					if err != nil {
						t.Fatalf("drawing %d: %v", i, err)
					}
					pred := tb.waitPrediction()
					previewIsRenderOfStrokes(tb, d.Strokes, d.Index)
					tt := map[bool]int{false: 0, true: 1}[touch]
					mu.Lock()
					total[d.Size][tt]++
					if pred == strconv.Itoa(d.Label) {
						right[d.Size][tt]++
					} else {
						wrong = append(wrong, fmt.Sprintf("%d (a %d, %v, %s) read as %s", d.Index, d.Label, d.Size, device, pred))
					}
					mu.Unlock()
					n++
					tb.clearDrawing()
				}
				t.Logf("%d drawings by %s in %v", n, device, time.Since(t0).Round(time.Second))
				tb.noConsoleErrors()
			})
		}
	})
	pct := func(r, n int) float64 { return 100 * float64(r) / float64(max(n, 1)) }
	var r, n int
	for _, s := range drawnset.Sizes {
		rs, ns := right[s][0]+right[s][1], total[s][0]+total[s][1]
		r, n = r+rs, n+ns
		t.Logf("%-6v %d/%d (%.1f%%): mouse %d/%d, finger %d/%d", s, rs, ns, pct(rs, ns), right[s][0], total[s][0], right[s][1], total[s][1])
		if pct(rs, ns) < 88 {
			t.Errorf("%v drawings: %d of %d recognised (%.1f%%), want at least 88%%", s, rs, ns, pct(rs, ns))
		}
	}
	slices.Sort(wrong)
	t.Logf("all    %d/%d (%.1f%%); missed: %s", r, n, pct(r, n), strings.Join(wrong, "; "))
	if n != 3*drawnDigits {
		t.Errorf("%d drawings drawn, want %d", n, 3*drawnDigits)
	}
	if pct(r, n) < 92 {
		t.Errorf("%d of %d drawings recognised (%.1f%%), want at least 92%%", r, n, pct(r, n))
	}
}
