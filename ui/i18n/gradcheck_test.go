package i18n

import (
	"testing"

	"github.com/backprop-lab/backprop-lab/broken"
)

// Every broken kind says where it shows in the gradient check's maps, in
// both languages: the bug hunt's reveal reads it.
func TestBreakPrintsComplete(t *testing.T) {
	for _, l := range Langs {
		for _, k := range broken.Kinds() {
			if l.W.BreakPrints[k.Name] == "" {
				t.Errorf("%s: broken kind %q has no fingerprint", l.Code, k.Name)
			}
		}
		if len(l.W.BreakPrints) != len(broken.Kinds()) {
			t.Errorf("%s: %d fingerprints for %d kinds", l.Code, len(l.W.BreakPrints), len(broken.Kinds()))
		}
	}
}
