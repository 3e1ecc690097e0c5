package model

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/backprop-lab/backprop-lab/ui/i18n"
	"github.com/backprop-lab/backprop-lab/wire"
)

// The settings live in the page's address (its fragment), so that a run can
// be shared: opening the address restores the same settings, and the same
// seed gives the same initial weights and batch order everywhere.

// MaxLink bounds what the page reads from its address.
const MaxLink = 2048

// linkKeys are the fragment's keys of the choices.
var linkKeys = map[string]string{"activation": "act", "init": "init", "sampling": "sampling"}

// SettingsHash returns the address fragment (without '#') that restores s.
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
	if s.Augment {
		// Only when on: the links of runs without it stay as they were.
		v.Set("augment", On)
	}
	return v.Encode()
}

// SettingsFromLink reads the settings of an address fragment (or query)
// over base: every valid setting is taken, every bad one left out and
// named in dropped (the wire.Field, or "activation", "init", "sampling",
// "augment").
// found says whether the fragment held any setting; unknown keys are
// ignored.
func SettingsFromLink(frag string, base wire.Settings, trainN int) (s wire.Settings, found bool, dropped []string) {
	s = base
	frag = strings.TrimLeft(frag, "#?")
	if frag == "" {
		return s, false, nil
	}
	if len(frag) > MaxLink {
		return s, true, []string{"link"}
	}
	v, err := url.ParseQuery(frag)
	if err != nil {
		// A malformed pair spoils only itself: ParseQuery keeps the others.
		found = true
		if len(v) == 0 {
			return s, true, []string{"link"}
		}
	}
	for _, f := range wire.Fields {
		raw, ok := v[string(f)]
		if !ok || len(raw) == 0 {
			continue
		}
		found = true
		val, p := parse(raw[0], f, wire.BoundOf(f, trainN))
		if p.Kind != NoProblem {
			dropped = append(dropped, string(f))
			continue
		}
		s.SetValue(f, val)
	}
	for _, name := range []string{"activation", "init", "sampling"} {
		raw, ok := v[linkKeys[name]]
		if !ok || len(raw) == 0 {
			continue
		}
		found = true
		var f Form
		dst, allowed := f.choice(name)
		if !slices.Contains(allowed, raw[0]) {
			dropped = append(dropped, name)
			continue
		}
		*dst = raw[0]
		switch name {
		case "activation":
			s.Activation = *dst
		case "init":
			s.Init = *dst
		case "sampling":
			s.Sampling = *dst
		}
	}
	if raw, ok := v["augment"]; ok && len(raw) > 0 {
		found = true
		switch raw[0] {
		case On, Off:
			s.Augment = raw[0] == On
		default:
			dropped = append(dropped, "augment")
		}
	}
	return s, found, dropped
}

// OpenLink applies the settings of the page's address when the page
// starts, says which were left out, and looks at the kept net (which the
// page restores when it belongs to the same run, else offers).
func (m *Model) OpenLink(frag string) Changed {
	s, found, dropped := SettingsFromLink(frag, m.Run.Applied, m.Run.trainN())
	m.Run.reset(s, 0)
	if v, err := url.ParseQuery(strings.TrimLeft(frag, "#?")); err == nil || len(v) > 0 {
		if pair := v.Get("race"); pair != "" && !m.openRaceLink(pair) {
			dropped = append(dropped, "race")
		}
	}
	if len(dropped) > 0 {
		names := make(i18n.List, len(dropped))
		for i, d := range dropped {
			names[i] = i18n.M(i18n.FieldID(d))
		}
		m.Notice.warn(i18n.M(i18n.BadLink, names), "")
	}
	m.openKept(found)
	m.openMine()
	return Everything | Address
}
