package i18n

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/wire"
)

// koASCII lists the ASCII words the Korean page may keep: proper names the
// book keeps (and the page's own), math symbols of its formulas, key caps,
// and a file extension. Anything else in ASCII letters is English left
// untranslated.
var koASCII = map[string]bool{
	// names
	"Backprop": true, "Lab": true, "MNIST": true, "ReLU": true, "Sigmoid": true, "Affine": true,
	"Affine1": true, "Affine2": true, "Relu1": true, "Sigmoid1": true, "SoftmaxWithLoss": true,
	"SGD": true, "He": true, "Xavier": true, "Go": true, "WebAssembly": true, "SHA": true,
	"ColorBrewer": true, "RdBu": true, "NaN": true, "IDX": true, "zip": true, "MB": true, "A": true, "B": true,
	// keys on the keyboard
	"Shift": true, "Enter": true, "Tab": true, "Home": true, "End": true,
	"L": true, "lr": true, "w": true, "2h": true,
	// formulas: the book's symbols and functions
	"x": true, "y": true, "z": true, "t": true, "p": true, "a": true, "s": true, "h": true, "i": true, "j": true, "k": true, "N": true, "n": true, "e": true, "W": true,
	"W1": true, "W2": true, "b1": true, "b2": true, "dW": true, "db": true, "dW1": true, "dW2": true, "db1": true, "db2": true,
	"da": true, "dz": true, "dout": true, "softmax": true, "exp": true, "log": true, "ln": true, "max": true,
	// the weights file's extension
	"bplw": true,
}

// fmtVerb matches a fmt verb with an optional explicit argument index.
var fmtVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*[\d.]*(\[\d+\])?[a-zA-Z%]`)

// asciiWord is a run of ASCII letters and digits that holds a letter;
// numbers like 1e-4 are allowed by sciNum.
var (
	asciiWord = regexp.MustCompile(`[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*`)
	sciNum    = regexp.MustCompile(`^\d+(\.\d+)?e$`)
)

// stringsOf returns every string of l, by a name for failure messages:
// each field of its Words (with the stage titles and the maps) and each
// message.
func stringsOf(l *Lang) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(l.W).Elem()
	for i := range v.NumField() {
		f, name := v.Field(i), v.Type().Field(i).Name
		switch f.Kind() {
		case reflect.String:
			out[name] = f.String()
		case reflect.Array:
			for k := range f.Len() {
				out[fmt.Sprintf("%s[%d]", name, k)] = f.Index(k).String()
			}
		case reflect.Map:
			for _, key := range f.MapKeys() {
				out[name+"["+key.String()+"]"] = f.MapIndex(key).String()
			}
		}
	}
	for id, s := range l.msgs {
		out["message "+string(id)] = s
	}
	return out
}

// Every word and every message of the page exists in both languages.
func TestWordsComplete(t *testing.T) {
	en, ko := stringsOf(English), stringsOf(Korean)
	for _, l := range Langs {
		for name, s := range stringsOf(l) {
			if s == "" {
				t.Errorf("%s: %s is empty", l.Code, name)
			}
		}
	}
	for name := range en {
		if _, ok := ko[name]; !ok {
			t.Errorf("ko lacks %s", name)
		}
	}
	for name := range ko {
		if _, ok := en[name]; !ok {
			t.Errorf("en lacks %s", name)
		}
	}
}

// Every code the trainer sends, every reason of a refused file, every
// setting and every broken layer has its words, in both languages.
func TestMessagesComplete(t *testing.T) {
	var ids []ID
	for _, c := range wire.Codes() {
		if c != wire.ErrImport { // worded by its reasons
			ids = append(ids, TrainerID(string(c)))
		}
	}
	for _, r := range wire.ImportReasons() {
		ids = append(ids, ImportID(string(r)))
	}
	for _, f := range wire.Fields {
		ids = append(ids, FieldID(string(f)))
	}
	// The choices and the switch, which a bad link names too.
	for _, f := range []string{"activation", "init", "sampling", "augment"} {
		ids = append(ids, FieldID(f))
	}
	for _, l := range Langs {
		for _, id := range ids {
			if !l.Has(id) {
				t.Errorf("%s: no message %q", l.Code, id)
			}
		}
		for _, k := range broken.Kinds() {
			if l.W.BreakName(k.Name) == k.Name || l.W.BreakDesc(k.Name) == "" {
				t.Errorf("%s: broken kind %q has no name or description of its own", l.Code, k.Name)
			}
		}
		for _, s := range []string{"loading", "ready", "training", "paused", "done", "error"} {
			if l.W.Status(s) == "" {
				t.Errorf("%s: no word for status %s", l.Code, s)
			}
		}
	}
}

// The Korean page has no English left: only the allowed names and symbols.
func TestKoreanHasNoEnglish(t *testing.T) {
	for name, s := range stringsOf(Korean) {
		for _, w := range asciiWord.FindAllString(fmtVerb.ReplaceAllString(s, " "), -1) {
			if !koASCII[w] && !sciNum.MatchString(w) {
				t.Errorf("ko: %s has the ASCII word %q: %q", name, w, s)
			}
		}
	}
}

// verbs returns the fmt verbs of format as "argument:verb", in argument
// order, following explicit indexes as fmt does.
func verbs(format string) []string {
	var out []string
	arg := 1
	for _, m := range fmtVerb.FindAllStringSubmatch(format, -1) {
		v := m[0]
		if strings.HasSuffix(v, "%") {
			continue
		}
		idx := m[1]
		if idx == "" {
			idx = m[2]
		}
		if idx != "" {
			fmt.Sscanf(idx, "[%d]", &arg)
		}
		out = append(out, fmt.Sprintf("%d:%c", arg, v[len(v)-1]))
		arg++
	}
	sort.Strings(out)
	return slices.Compact(out)
}

// Each format takes the same arguments, as the same verbs, in both
// languages (Korean may reorder them with explicit indexes).
func TestFormatsAgree(t *testing.T) {
	en, ko := stringsOf(English), stringsOf(Korean)
	for name, e := range en {
		k, ok := ko[name]
		if !ok {
			continue
		}
		if ve, vk := verbs(e), verbs(k); strings.Join(ve, " ") != strings.Join(vk, " ") {
			t.Errorf("%s: English takes %v, Korean %v\n en %q\n ko %q", name, ve, vk, e, k)
		}
	}
}

// A message is said in the language asked for, its phrases and lists too,
// and an unknown ID says itself rather than nothing.
func TestSay(t *testing.T) {
	m := M(Loaded, M(ThePretrained), 50, "ReLU")
	if got := English.Say(m); got != "Loaded the pretrained net: a 784-50-10 ReLU net." {
		t.Errorf("en: %q", got)
	}
	if got := Korean.Say(m); !strings.Contains(got, "미리 학습한 신경망") || !strings.Contains(got, "784-50-10") {
		t.Errorf("ko: %q", got)
	}
	l := M(BadLink, List{M(FieldID("lr")), M(FieldID("seed"))})
	if got := English.Say(l); !strings.Contains(got, "learning rate, seed") {
		t.Errorf("en list: %q", got)
	}
	if got := Korean.Say(l); !strings.Contains(got, "학습률, 시드") {
		t.Errorf("ko list: %q", got)
	}
	if got := English.Say(M("no-such-message")); got != "no-such-message" {
		t.Errorf("unknown ID said %q", got)
	}
	if English.Say(Message{}) != "" {
		t.Error("the zero message says something")
	}
	if got := Korean.Say(M(DivergedBlowUp, 2, 6.907755, 0)); !strings.Contains(got, "반복 2부터") || !strings.Contains(got, "6.91") || strings.Contains(got, "%!") {
		t.Errorf("ko blow-up: %q", got)
	}
}

func TestGet(t *testing.T) {
	for code, want := range map[string]string{"ko": "ko", "en": "en", "": "en", "fr": "en", "ko-KR": "en"} {
		if got := Get(code).Code; got != want {
			t.Errorf("Get(%q) = %s, want %s", code, got, want)
		}
	}
}
