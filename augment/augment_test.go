package augment

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// image returns an image with the pixels ink says set to 1.
func image(ink func(x, y int) bool) []float64 {
	img := make([]float64, Pixels)
	for y := range Side {
		for x := range Side {
			if ink(x, y) {
				img[y*Side+x] = 1
			}
		}
	}
	return img
}

// sum returns the ink of img, and of its column x if x ≥ 0.
func sum(img []float64, x int) float64 {
	var s float64
	for i, v := range img {
		if x < 0 || i%Side == x {
			s += v
		}
	}
	return s
}

var identity = Change{Scale: 1}

func TestApplyMovesTurnsScales(t *testing.T) {
	dot := func(x, y int) []float64 { return image(func(i, j int) bool { return i == x && j == y }) }
	for _, c := range []struct {
		name       string
		c          Change
		from, want [2]int
	}{
		{"identity", identity, [2]int{3, 7}, [2]int{3, 7}},
		{"shift", Change{DX: 2, DY: -3, Scale: 1}, [2]int{10, 10}, [2]int{12, 7}},
		// Clockwise on the screen (y down): right of the centre goes below it.
		{"quarter turn", Change{Angle: math.Pi / 2, Scale: 1}, [2]int{center + 5, center}, [2]int{center, center + 5}},
		{"double size", Change{Scale: 2}, [2]int{center + 3, center - 2}, [2]int{center + 6, center - 4}},
		{"turn then shift", Change{DX: 1, Angle: math.Pi, Scale: 1}, [2]int{center + 4, center + 1}, [2]int{center - 3, center - 1}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := make([]float64, Pixels)
			Apply(got, dot(c.from[0], c.from[1]), c.c)
			if v := got[c.want[1]*Side+c.want[0]]; math.Abs(v-1) > 1e-9 {
				t.Errorf("pixel %v is %v, want the dot moved from %v", c.want, v, c.from)
			}
		})
	}
	// The identity gives the image back exactly.
	src := make([]float64, Pixels)
	for i := range src {
		src[i] = float64(i%37) / 36
	}
	got := make([]float64, Pixels)
	Apply(got, src, identity)
	for i := range got {
		if got[i] != src[i] {
			t.Fatalf("the identity changed pixel %d from %v to %v", i, src[i], got[i])
		}
	}
}

// TestWiden checks the stroke width change on vertical bars: a bar gains
// or loses |w| of ink on each side, and a narrowed bar keeps its peak.
func TestWiden(t *testing.T) {
	bar := func(w int) []float64 {
		return image(func(x, y int) bool { return x >= 12 && x < 12+w && y >= 4 && y < 24 })
	}
	for _, c := range []struct {
		bar     int
		w, want float64 // ink across a row in the middle
	}{
		{2, 0.5, 3}, {2, 1, 4}, {3, 0.25, 3.5}, {4, -0.5, 3}, {4, -1, 2}, {3, 0, 3},
	} {
		got := make([]float64, Pixels)
		Apply(got, bar(c.bar), Change{Scale: 1, Width: c.w})
		var across, peak float64
		for x := range Side {
			across += got[center*Side+x]
		}
		for _, v := range got {
			peak = max(peak, v)
		}
		if math.Abs(across-c.want) > 1e-9 || peak != 1 {
			t.Errorf("a %d-px bar widened by %v: %.3f px of ink across, peak %v; want %v, 1", c.bar, c.w, across, peak, c.want)
		}
	}
	// Two pixels wide and narrowed, a bar turns grey and is stretched
	// back: unchanged.
	got := make([]float64, Pixels)
	Apply(got, bar(2), Change{Scale: 1, Width: -0.3})
	if want := bar(2); sum(got, 12) != sum(want, 12) || sum(got, -1) != sum(want, -1) {
		t.Errorf("a 2-px bar narrowed by 0.3: ink %v, want %v", sum(got, -1), sum(want, -1))
	}
}

func TestAugmenterIsSeeded(t *testing.T) {
	src := image(func(x, y int) bool { return x >= 10 && x < 13 && y >= 4 && y < 24 || y == 6 && x >= 10 && x < 20 })
	run := func(seed uint64) [][]float64 {
		a, err := New(Default(), seed)
		if err != nil {
			t.Fatal(err)
		}
		var out [][]float64
		for range 5 {
			dst := make([]float64, Pixels)
			a.Image(dst, src)
			out = append(out, dst)
		}
		return out
	}
	a, b, c := run(1), run(1), run(2)
	for i := range a {
		for j := range a[i] {
			if a[i][j] != b[i][j] {
				t.Fatalf("image %d pixel %d: %v and %v with the same seed", i, j, a[i][j], b[i][j])
			}
		}
	}
	same := 0
	for i := range a {
		if sum(a[i], -1) == sum(c[i], -1) {
			same++
		}
	}
	if same == len(a) {
		t.Error("seeds 1 and 2 give the same images")
	}
}

func TestNextWithinBounds(t *testing.T) {
	cfg := Config{Shift: 2, Rotate: 10, Scale: 0.2, Width: 0.4}
	a, err := New(cfg, 7)
	if err != nil {
		t.Fatal(err)
	}
	var far Change
	for range 10000 {
		c := a.Next()
		if math.Abs(c.DX) > cfg.Shift || math.Abs(c.DY) > cfg.Shift || math.Abs(c.Angle) > cfg.Rotate*math.Pi/180 ||
			math.Abs(c.Scale-1) > cfg.Scale || math.Abs(c.Width) > cfg.Width {
			t.Fatalf("change %+v is outside %+v", c, cfg)
		}
		far = Change{max(far.DX, c.DX), max(far.DY, c.DY), max(far.Angle, c.Angle), max(far.Scale, c.Scale), max(far.Width, c.Width)}
	}
	// Uniform draws come near the bounds.
	if far.DX < 1.9 || far.Angle < 9.5*math.Pi/180 || far.Scale < 1.19 || far.Width < 0.38 {
		t.Errorf("the largest changes of 10,000, %+v, stay far from the bounds %+v", far, cfg)
	}
	zero, _ := New(Config{}, 7)
	if c := zero.Next(); c != identity {
		t.Errorf("a zero config draws %+v, want the identity", c)
	}
}

func TestValidate(t *testing.T) {
	for _, c := range []Config{
		{Shift: -1}, {Rotate: 181}, {Scale: 1}, {Width: math.NaN()}, {Shift: math.Inf(1)}, {Width: 29},
	} {
		if err := c.Validate(); err == nil {
			t.Errorf("%+v is valid", c)
		}
		if _, err := New(c, 1); err == nil {
			t.Errorf("New(%+v) gives no error", c)
		}
	}
	if err := Default().Validate(); err != nil {
		t.Error(err)
	}
}

func TestBatch(t *testing.T) {
	src := mat.NewDense(3, Pixels, nil)
	for i := range 3 {
		row := src.RawRowView(i)
		for j := range row {
			row[j] = float64((i*7+j)%11) / 10
		}
	}
	dst := mat.NewDense(3, Pixels, nil)
	a, _ := New(Default(), 3)
	a.Batch(dst, src)
	b, _ := New(Default(), 3)
	for i := range 3 {
		want := make([]float64, Pixels)
		b.Image(want, src.RawRowView(i))
		for j, v := range dst.RawRowView(i) {
			if v != want[j] {
				t.Fatalf("row %d pixel %d is %v, want %v as Image gives in row order", i, j, v, want[j])
			}
		}
	}
	if n := testing.AllocsPerRun(10, func() { a.Batch(dst, src) }); n != 0 {
		t.Errorf("Batch allocates %v times, want 0", n)
	}
}
