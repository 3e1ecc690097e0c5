package wire

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
)

// Num is a float64 that may be NaN or infinite: JSON carries those as the
// strings "NaN", "+Inf" and "-Inf", which encoding/json cannot.
type Num float64

// MarshalJSON writes n as a JSON number, or a string when not finite.
func (n Num) MarshalJSON() ([]byte, error) {
	f := float64(n)
	switch {
	case math.IsNaN(f):
		return []byte(`"NaN"`), nil
	case math.IsInf(f, 1):
		return []byte(`"+Inf"`), nil
	case math.IsInf(f, -1):
		return []byte(`"-Inf"`), nil
	}
	return strconv.AppendFloat(nil, f, 'g', -1, 64), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (n *Num) UnmarshalJSON(b []byte) error {
	switch string(b) {
	case `"NaN"`:
		*n = Num(math.NaN())
		return nil
	case `"+Inf"`:
		*n = Num(math.Inf(1))
		return nil
	case `"-Inf"`:
		*n = Num(math.Inf(-1))
		return nil
	}
	var f float64
	if err := json.Unmarshal(b, &f); err != nil {
		return err
	}
	*n = Num(f)
	return nil
}

// slot is one named float64 array of a message.
type slot struct {
	name string
	p    *[]float64
}

// arrayed is a payload with arrays, which travel beside the JSON header.
type arrayed interface {
	slots() []slot
}

func (m *State) slots() []slot {
	if m.Snapshot == nil {
		m.Snapshot = &Snapshot{} // for Decode; Encode sends only what is set
	}
	s := m.Snapshot
	return []slot{{"losses", &m.Losses}, {"norms", &m.Norms},
		{"W1", &s.W1}, {"b1", &s.B1}, {"W2", &s.W2}, {"b2", &s.B2},
		{"dW1", &s.DW1}, {"db1", &s.DB1}, {"dW2", &s.DW2}, {"db2", &s.DB2}}
}

func (m *Teach) slots() []slot { return []slot{{"pixels", &m.Pixels}} }
func (m *Past) slots() []slot {
	return []slot{{"W1", &m.W1}, {"b1", &m.B1}, {"W2", &m.W2}, {"b2", &m.B2}}
}
func (m *Taught) slots() []slot { return []slot{{"dW1", &m.DW1}} }

func (m *Epoch) slots() []slot {
	return []slot{{"pred", &m.Pred}, {"unit", &m.UnitFrac}}
}

func (m *GradResult) slots() []slot {
	d, n, b := &m.Diff, &m.Numerical, &m.Backprop
	return []slot{{"diffs", &m.Diffs},
		{"diff.W1", &d.W1}, {"diff.b1", &d.B1}, {"diff.W2", &d.W2}, {"diff.b2", &d.B2},
		{"num.W1", &n.W1}, {"num.b1", &n.B1}, {"num.W2", &n.W2}, {"num.b2", &n.B2},
		{"bp.W1", &b.W1}, {"bp.b1", &b.B1}, {"bp.W2", &b.W2}, {"bp.b2", &b.B2}}
}

func (m *Share) slots() []slot {
	return []slot{{"W1", &m.W1}, {"b1", &m.B1}, {"W2", &m.W2}, {"b2", &m.B2}, {"idx", &m.Idx}}
}

func (m *ShareGrad) slots() []slot {
	return []slot{{"dW1", &m.DW1}, {"db1", &m.DB1}, {"dW2", &m.DW2}, {"db2", &m.DB2}}
}

// header is a message's JSON part.
type header struct {
	Kind  Kind            `json:"kind"`
	Body  json.RawMessage `json:"body,omitempty"`
	Names []string        `json:"names,omitempty"` // the arrays that follow, in order
	Loss  *Num            `json:"loss,omitempty"`  // ShareGrad's loss
}

// newMsg returns a pointer to a zero payload of kind k.
func newMsg(k Kind) (Msg, bool) {
	switch k {
	case KindInit:
		return &Init{}, true
	case KindConfigure:
		return &Configure{}, true
	case KindPlay:
		return &Play{}, true
	case KindPause:
		return &Pause{}, true
	case KindStep:
		return &Step{}, true
	case KindGradCheck:
		return &GradCheck{}, true
	case KindImport:
		return &Import{}, true
	case KindTeach:
		return &Teach{}, true
	case KindRewind:
		return &Rewind{}, true
	case KindTrainFrom:
		return &TrainFrom{}, true
	case KindPast:
		return &Past{}, true
	case KindRewound:
		return &Rewound{}, true
	case KindFineTune:
		return &FineTune{}, true
	case KindTaught:
		return &Taught{}, true
	case KindTuned:
		return &Tuned{}, true
	case KindBench:
		return &Bench{}, true
	case KindBenchStop:
		return &BenchStop{}, true
	case KindReady:
		return &Ready{}, true
	case KindState:
		return &State{}, true
	case KindEpoch:
		return &Epoch{}, true
	case KindDiverged:
		return &Diverged{}, true
	case KindError:
		return &Error{}, true
	case KindGradProgress:
		return &GradProgress{}, true
	case KindGradResult:
		return &GradResult{}, true
	case KindBenchDone:
		return &BenchDone{}, true
	case KindImported:
		return &Imported{}, true
	case KindShare:
		return &Share{}, true
	case KindShareGrad:
		return &ShareGrad{}, true
	}
	return nil, false
}

// Encode splits m (a payload value, or a pointer to one) into its JSON
// header, its arrays and its bytes. The arrays are m's own (not copied).
func Encode(m Msg) (hdr []byte, floats [][]float64, bytes []byte, err error) {
	if m == nil {
		return nil, nil, nil, fmt.Errorf("wire: nil message")
	}
	m = deref(m)
	body, err := json.Marshal(m)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("wire: %s: %w", m.Kind(), err)
	}
	h := header{Kind: m.Kind()}
	if string(body) != "{}" {
		h.Body = body
	}
	switch v := m.(type) {
	case State:
		floats, h.Names = arraysOf(&v)
	case Epoch:
		floats, h.Names = arraysOf(&v)
	case GradResult:
		floats, h.Names = arraysOf(&v)
	case Share:
		floats, h.Names = arraysOf(&v)
	case ShareGrad:
		floats, h.Names = arraysOf(&v)
		l := Num(v.Loss)
		h.Loss = &l
	case Import:
		bytes = v.File
	case FineTune:
		bytes = v.Pixels
	case Teach:
		floats, h.Names = arraysOf(&v)
	case Past:
		floats, h.Names = arraysOf(&v)
	case Taught:
		floats, h.Names = arraysOf(&v)
	}
	hdr, err = json.Marshal(h)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("wire: %w", err)
	}
	return hdr, floats, bytes, nil
}

// arraysOf returns the arrays of m that are set, with their names.
func arraysOf(m arrayed) ([][]float64, []string) {
	var floats [][]float64
	var names []string
	for _, s := range m.slots() {
		if *s.p != nil {
			floats = append(floats, *s.p)
			names = append(names, s.name)
		}
	}
	return floats, names
}

// Decode joins a header, its arrays and its bytes into a message: a value
// of one of the payload types. It rejects a header that is not
// ours, names that do not match the arrays, and a snapshot that is not
// whole.
func Decode(hdr []byte, floats [][]float64, bytes []byte) (Msg, error) {
	var h header
	if err := json.Unmarshal(hdr, &h); err != nil {
		return nil, fmt.Errorf("wire: bad header: %w", err)
	}
	m, ok := newMsg(h.Kind)
	if !ok {
		if h.Kind == "" {
			return nil, fmt.Errorf("wire: message without kind")
		}
		return nil, fmt.Errorf("wire: unknown kind %q", h.Kind)
	}
	if len(h.Body) > 0 {
		if err := json.Unmarshal(h.Body, m); err != nil {
			return nil, fmt.Errorf("wire: %s: %w", h.Kind, err)
		}
	}
	if len(h.Names) != len(floats) {
		return nil, fmt.Errorf("wire: %d names for %d arrays", len(h.Names), len(floats))
	}
	a, ok := m.(arrayed)
	if !ok && len(floats) > 0 {
		return nil, fmt.Errorf("wire: %s carries no arrays, got %d", h.Kind, len(floats))
	}
	if ok {
		slots := a.slots()
		for i, name := range h.Names {
			found := false
			for _, s := range slots {
				if s.name == name && *s.p == nil {
					*s.p, found = floats[i], true
					break
				}
			}
			if !found {
				return nil, fmt.Errorf("wire: %s: unexpected or repeated array %q", h.Kind, name)
			}
		}
	}
	switch v := m.(type) {
	case *State:
		if err := v.Snapshot.whole(); err != nil {
			return nil, err
		}
		if v.Snapshot.W1 == nil {
			v.Snapshot = nil
		}
	case *Import:
		v.File = bytes
	case *FineTune:
		v.Pixels = bytes
	case *ShareGrad:
		if h.Loss == nil {
			return nil, fmt.Errorf("wire: sharegrad without loss")
		}
		v.Loss = float64(*h.Loss)
	}
	return deref(m), nil
}

// deref returns the payload that p points to.
func deref(p Msg) Msg {
	switch v := p.(type) {
	case *Init:
		return *v
	case *Configure:
		return *v
	case *Play:
		return *v
	case *Pause:
		return *v
	case *Step:
		return *v
	case *GradCheck:
		return *v
	case *Import:
		return *v
	case *Teach:
		return *v
	case *Rewind:
		return *v
	case *TrainFrom:
		return *v
	case *Past:
		return *v
	case *Rewound:
		return *v
	case *FineTune:
		return *v
	case *Taught:
		return *v
	case *Tuned:
		return *v
	case *Bench:
		return *v
	case *BenchStop:
		return *v
	case *Ready:
		return *v
	case *State:
		return *v
	case *Epoch:
		return *v
	case *Diverged:
		return *v
	case *Error:
		return *v
	case *GradProgress:
		return *v
	case *GradResult:
		return *v
	case *BenchDone:
		return *v
	case *Imported:
		return *v
	case *Share:
		return *v
	case *ShareGrad:
		return *v
	}
	return p
}

// whole reports an error unless the snapshot has all four parameters or
// none, and all four gradients or none, and the gradients only with the
// parameters.
func (s *Snapshot) whole() error {
	params := [4]bool{s.W1 != nil, s.B1 != nil, s.W2 != nil, s.B2 != nil}
	grads := [4]bool{s.DW1 != nil, s.DB1 != nil, s.DW2 != nil, s.DB2 != nil}
	if params != [4]bool{} && params != [4]bool{true, true, true, true} ||
		grads != [4]bool{} && grads != [4]bool{true, true, true, true} ||
		grads[0] && !params[0] {
		return fmt.Errorf("wire: a snapshot with only some of its arrays")
	}
	return nil
}

// Shaped reports whether the snapshot's arrays fit a net input-hidden-output
// with hidden = len(B1).
func (s *Snapshot) Shaped(input, output int) bool {
	h := len(s.B1)
	ok := h > 0 && len(s.W1) == input*h && len(s.W2) == h*output && len(s.B2) == output
	if s.HasGrads() {
		ok = ok && len(s.DW1) == len(s.W1) && len(s.DB1) == h && len(s.DW2) == len(s.W2) && len(s.DB2) == output
	}
	return ok
}
