package ui

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/wire"
)

// The settings live in the page's URL (its hash), so that a run can be
// shared: opening the URL restores the same settings, and the same seed
// gives the same initial weights and batch order everywhere.

// maxURLState bounds what the page reads from its URL.
const maxURLState = 2048

// SettingsHash returns the URL fragment (without '#') that restores s.
func SettingsHash(s wire.Settings) string {
	v := url.Values{}
	v.Set("lr", strconv.FormatFloat(s.LearningRate, 'g', -1, 64))
	v.Set("batch", strconv.Itoa(s.BatchSize))
	v.Set("hidden", strconv.Itoa(s.Hidden))
	v.Set("act", s.Activation)
	v.Set("init", s.Init)
	v.Set("seed", strconv.FormatUint(s.Seed, 10))
	v.Set("iters", strconv.Itoa(s.Iters))
	v.Set("sampling", s.Sampling)
	return v.Encode()
}

// FormFromURL reads the settings of a URL fragment or query into a form
// that starts from base. Unknown keys are ignored; the values are taken as
// typed, so the form's validation explains any bad one at its field. It
// reports whether the fragment held any setting.
func FormFromURL(frag string, base wire.Settings) (Form, bool) {
	f := NewForm(base)
	frag = strings.TrimLeft(frag, "#?")
	if len(frag) > maxURLState {
		return f, false
	}
	v, err := url.ParseQuery(frag)
	if err != nil {
		return f, false
	}
	found := false
	text := map[string]*Field{"lr": &f.LR, "batch": &f.Batch, "hidden": &f.Hidden, "seed": &f.Seed, "iters": &f.Iters}
	for k, fld := range text {
		if x, ok := v[k]; ok && len(x) > 0 {
			fld.Raw, found = x[0], true
		}
	}
	choice := map[string]*string{"act": &f.Activation, "init": &f.Init, "sampling": &f.Sampling}
	allowed := map[string][]string{"act": {"relu", "sigmoid"}, "init": {"book", "he", "xavier"}, "sampling": {"replace", "shuffle"}}
	for k, dst := range choice {
		if x, ok := v[k]; ok && len(x) > 0 {
			found = true
			for _, a := range allowed[k] {
				if x[0] == a {
					*dst = a
				}
			}
		}
	}
	return f, found
}
