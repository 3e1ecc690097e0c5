package ui

import (
	"fmt"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/backprop-lab/backprop-lab/broken"
	"github.com/backprop-lab/backprop-lab/checkpoint"
	"github.com/backprop-lab/backprop-lab/nn"
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
	"ColorBrewer": true, "RdBu": true, "NaN": true,
	// keys on the keyboard
	"Shift": true, "Enter": true, "Tab": true,
	// formulas: the book's symbols and functions
	"x": true, "y": true, "z": true, "t": true, "a": true, "s": true, "h": true, "i": true, "j": true, "k": true, "N": true, "W": true,
	"W1": true, "W2": true, "b1": true, "b2": true, "dW": true, "dW1": true, "dW2": true, "db1": true, "db2": true,
	"da": true, "dz": true, "dout": true, "softmax": true, "exp": true, "log": true, "ln": true, "max": true,
	// the weights file's extension
	"bplw": true,
}

// fmtVerb matches a fmt verb with an optional explicit argument index.
var fmtVerb = regexp.MustCompile(`%(\[\d+\])?[-+# 0]*[\d.]*[a-zA-Z%]`)

// asciiWord is a run of ASCII letters and digits that holds a letter;
// numbers like 1e-4 are allowed by sciNum.
var (
	asciiWord = regexp.MustCompile(`[A-Za-z0-9]*[A-Za-z][A-Za-z0-9]*`)
	sciNum    = regexp.MustCompile(`^\d+(\.\d+)?e$`)
)

// strings of l: every string field, the stage titles, the maps and the
// engine rules, by a name for failure messages.
func stringsOf(l *labels) map[string]string {
	out := map[string]string{}
	v := reflect.ValueOf(l).Elem()
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
	for i, r := range l.engine {
		out[fmt.Sprintf("engine[%d] %q", i, r.prefix)] = r.say
	}
	return out
}

// Every word of the page exists in both languages.
func TestLabelsComplete(t *testing.T) {
	for _, l := range []*labels{&english, &korean} {
		v := reflect.ValueOf(l).Elem()
		for i := range v.NumField() {
			f, name := v.Field(i), v.Type().Field(i).Name
			switch f.Kind() {
			case reflect.String:
				if f.String() == "" {
					t.Errorf("%s: %s is empty", l.Lang, name)
				}
			case reflect.Array:
				for k := range f.Len() {
					if f.Index(k).String() == "" {
						t.Errorf("%s: %s[%d] is empty", l.Lang, name, k)
					}
				}
			}
		}
	}
	// English uses the broken package's own names and descriptions; Korean
	// has its own for every kind.
	for _, k := range broken.Kinds() {
		if korean.BreakNames[k.Name] == "" || korean.BreakDescs[k.Name] == "" {
			t.Errorf("ko: broken kind %q has no name or description", k.Name)
		}
	}
	if n := len(korean.engine); n == 0 || korean.engine[n-1].prefix != "" {
		t.Errorf("ko: the engine rules must end with the catch-all empty prefix")
	}
}

// The Korean page has no English left: only the allowed names and symbols.
func TestKoreanHasNoEnglish(t *testing.T) {
	for name, s := range stringsOf(&korean) {
		if name == "Lang" {
			continue
		}
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
		if m[1] != "" {
			fmt.Sscanf(m[1], "[%d]", &arg)
		}
		out = append(out, fmt.Sprintf("%d:%c", arg, v[len(v)-1]))
		arg++
	}
	sort.Strings(out)
	return slicesCompact(out)
}

func slicesCompact(s []string) []string {
	var out []string
	for i, v := range s {
		if i == 0 || v != s[i-1] {
			out = append(out, v)
		}
	}
	return out
}

// Each format takes the same arguments, as the same verbs, in both
// languages (Korean may reorder them with explicit indexes).
func TestLabelsFormatsAgree(t *testing.T) {
	en, ko := stringsOf(&english), stringsOf(&korean)
	for name, e := range en {
		k, ok := ko[name]
		if !ok {
			continue
		}
		ve, vk := verbs(e), verbs(k)
		if strings.Join(ve, " ") != strings.Join(vk, " ") {
			// DivergedAt: English leaves out the iteration, which its message holds.
			if name == "DivergedAt" && strings.Join(ve, " ") == "2:s" {
				continue
			}
			t.Errorf("%s: English takes %v, Korean %v\n en %q\n ko %q", name, ve, vk, e, k)
		}
	}
}

func TestFormErrorsKorean(t *testing.T) {
	for _, tc := range []struct {
		field, raw, want string
	}{
		{"lr", "", "학습률: 비어 있습니다"},
		{"lr", "abc", `학습률 "abc": 숫자가 아닙니다`},
		{"lr", "0", "0보다 커야 합니다"},
		{"lr", "1e9", "너무 큽니다. 최대 1000입니다"},
		{"batch", "0", "배치 크기 0: 1 이상이어야 합니다"},
		{"batch", "2.5", "정수여야 합니다"},
		{"batch", "99999999999999999999", "너무 큽니다"},
		{"hidden", "-3", "은닉층 뉴런 수 -3: 1 이상이어야 합니다"},
		{"seed", "x", `시드 "x": 정수가 아닙니다`},
		{"iters", "", "반복 횟수: 비어 있습니다. 정수를 입력하세요"},
	} {
		t.Run(tc.field+"="+tc.raw, func(t *testing.T) {
			f := NewForm(wire.DefaultSettings())
			fld := map[string]*Field{"lr": &f.LR, "batch": &f.Batch, "hidden": &f.Hidden, "seed": &f.Seed, "iters": &f.Iters}[tc.field]
			fld.Raw = tc.raw
			if _, ok := f.Settings(10000); ok {
				t.Fatal("accepted")
			}
			if got := fld.Problem.Text(&korean); !strings.Contains(got, tc.want) {
				t.Fatalf("Korean error %q does not say %q", got, tc.want)
			}
			if got := fld.Problem.Text(&english); got != fld.Err {
				t.Fatalf("English text %q differs from Err %q", got, fld.Err)
			}
		})
	}
}

// Engine messages get a Korean sentence that says what to do, with the
// message itself in parentheses.
func TestEngineKorean(t *testing.T) {
	_, ckErr := checkpoint.Decode([]byte("not a weights file"))
	if ckErr == nil {
		t.Fatal("garbage decoded")
	}
	for _, tc := range []struct {
		msg, want string
	}{
		{"the weights file was not loaded (the current net is unchanged): " + ckErr.Error(), "가중치 파일을 불러오지 못했습니다"},
		{"the trainer crashed: runtime error", "학습기가 예기치 않게 멈췄습니다"},
		{"worker: no net to check yet", "아직 확인할 신경망이 없습니다"},
		{"nn: batch size 0 must be positive", "학습기가 이 설정이나 데이터를 받아들이지 않았습니다"},
		{"something nobody expected", "문제가 생겼습니다"},
	} {
		got := korean.Engine(tc.msg)
		if !strings.HasPrefix(got, tc.want) || !strings.HasSuffix(got, "("+tc.msg+")") {
			t.Errorf("Engine(%q) = %q, want %q… (message)", tc.msg, got, tc.want)
		}
		if e := english.Engine(tc.msg); e != tc.msg {
			t.Errorf("English Engine(%q) = %q, want it unchanged", tc.msg, e)
		}
	}
	if got := korean.Engine("Some settings in the page's address cannot be used (see the fields); the book's defaults are used instead."); strings.Contains(got, "address") {
		t.Errorf("the URL warning is not translated: %q", got)
	}
}

func TestDivergedText(t *testing.T) {
	var err error = &nn.DivergedError{Iter: 412, What: "loss is NaN"}
	ko := korean.DivergedText(err.Error())
	for _, want := range []string{"학습이 발산했습니다", "반복 412에서", "학습률을 낮춘 뒤", "(" + err.Error() + ")"} {
		if !strings.Contains(ko, want) {
			t.Errorf("Korean divergence %q does not say %q", ko, want)
		}
	}
	blowUp := "training diverged: the loss has been above 6.91 (three times that of guessing, ln 10 = 2.30) since iteration 2; " +
		"the weights of iteration 0, the last with a sound loss, are restored"
	if ko := korean.DivergedText(blowUp); !strings.Contains(ko, "반복 2에서") || !strings.HasSuffix(ko, "("+blowUp+")") {
		t.Errorf("Korean blow-up %q", ko)
	}
	en := english.DivergedText(err.Error())
	if want := err.Error() + ". Lower the learning rate and press play to continue."; en != want {
		t.Errorf("English divergence %q, want %q", en, want)
	}
}

// A message the UI composed follows the language; one that other code
// wrote over it is explained as an engine message.
func TestMessagesFollowTheLanguage(t *testing.T) {
	a := &App{L: &english}
	a.warn(func(l *labels) string { return fmt.Sprintf(l.BadWeights, "nn: W1 has 3 values, want 39200") })
	if a.AlertText() != a.Warning || !strings.HasPrefix(a.Warning, "the trainer sent unusable weights") {
		t.Fatalf("English warning %q / %q", a.AlertText(), a.Warning)
	}
	a.L = &korean
	if got := a.AlertText(); !strings.HasPrefix(got, "학습기가 쓸 수 없는 가중치를 보냈습니다") {
		t.Fatalf("Korean warning %q", got)
	}
	a.Warning = "the test images could not be read: ui: 3 test images but 2 labels" // as run_js.go writes it
	if got := a.AlertText(); !strings.HasPrefix(got, "시험 이미지를 읽지 못해") {
		t.Fatalf("Korean warning from elsewhere %q", got)
	}
	a.trainerDown("the trainer crashed: boom")
	if got := a.AlertText(); !strings.HasPrefix(got, "학습기가 멈췄습니다") || !strings.HasSuffix(got, "(the trainer crashed: boom)") {
		t.Fatalf("Korean fatal %q", got)
	}
	if !strings.HasPrefix(a.Fatal, "the trainer crashed: boom Press") {
		t.Fatalf("English fatal %q", a.Fatal)
	}
}

func TestLabelsFor(t *testing.T) {
	for lang, want := range map[string]string{"ko": "ko", "en": "en", "": "en", "fr": "en", "ko-KR": "en"} {
		if got := labelsFor(lang).Lang; got != want {
			t.Errorf("labelsFor(%q) = %s, want %s", lang, got, want)
		}
	}
}

// The bench page says what it does, with and without a warm-up, in both
// languages.
func TestBenchRunningText(t *testing.T) {
	for _, l := range []*labels{&english, &korean} {
		a := &App{L: l, BenchIters: 200}
		cold := a.BenchRunningText()
		a.BenchWarmup = 1000
		warm := a.BenchRunningText()
		if !strings.Contains(cold, "200") || strings.Contains(cold, "1000") || strings.Contains(cold, "%!") {
			t.Errorf("%s, no warm-up: %q", l.Lang, cold)
		}
		if !strings.Contains(warm, "200") || !strings.Contains(warm, "1000") || strings.Contains(warm, "%!") ||
			strings.Index(warm, "1000") > strings.Index(warm, "200") {
			t.Errorf("%s, warm-up 1000 then 200: %q", l.Lang, warm)
		}
	}
}
