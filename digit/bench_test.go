package digit

import (
	"math"
	"testing"
)

// drawnCanvas returns a 280×280 canvas holding MNIST test digit 0 drawn
// ×8, the size a user draws at.
func drawnCanvas(b *testing.B) []uint8 {
	img := loadMNIST(b, 1)[0]
	return upscale(&img, canvasSide, canvasSide, 8, 8, 30, 20)
}

func BenchmarkNormalize(b *testing.B) {
	canvas := drawnCanvas(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, ok, err := Normalize(canvas, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

func BenchmarkNormalizeInto(b *testing.B) {
	canvas := drawnCanvas(b)
	var dst [Pixels]uint8
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := NormalizeInto(&dst, canvas, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkNormalizeBlank is the cost while nothing is drawn: one scan.
func BenchmarkNormalizeBlank(b *testing.B) {
	canvas := make([]uint8, canvasSide*canvasSide)
	b.ReportAllocs()
	for b.Loop() {
		_, _, _ = Normalize(canvas, canvasSide, canvasSide)
	}
}

// BenchmarkRGBAThenNormalize is a frame's whole work on the page: ImageData
// to grey levels into a reused buffer, then Normalize.
func BenchmarkRGBAThenNormalize(b *testing.B) {
	canvas := drawnCanvas(b)
	rgba := make([]uint8, 0, 4*len(canvas))
	for _, v := range canvas {
		rgba = append(rgba, v, v, v, 255)
	}
	gray := make([]uint8, 0, len(canvas))
	b.ReportAllocs()
	for b.Loop() {
		gray = AppendFromRGBA(gray[:0], rgba)
		if _, ok, err := Normalize(gray, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// drawnStrokes returns MNIST test digit 0 traced and drawn at 0.6 of the
// pad with a pointer event every 6 pad pixels, as a quick hand gives.
func drawnStrokes(b *testing.B) []Stroke {
	img := loadMNIST(b, 1)[0]
	return strokes(onPad(b, traced(&img), 0.6, 140, 140), 0)
}

func BenchmarkRender(b *testing.B) {
	s := drawnStrokes(b)
	var dst [Pixels]uint8
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := RenderInto(&dst, s, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkRenderPressure is BenchmarkRender with varying pressure, which
// makes the box's fit a bisection.
func BenchmarkRenderPressure(b *testing.B) {
	s := drawnStrokes(b)
	for i := range s {
		for j := range s[i] {
			s[i][j].Pressure = 0.3 + 0.2*float64(j%3)
		}
	}
	var dst [Pixels]uint8
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := RenderInto(&dst, s, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}

// BenchmarkRenderMaxPoints is the worst case: MaxPoints points in one
// stroke, a spiral over the pad.
func BenchmarkRenderMaxPoints(b *testing.B) {
	s := make(Stroke, MaxPoints)
	for i := range s {
		a := float64(i) / 200
		r := 20 + 100*float64(i)/MaxPoints
		s[i] = Point{X: 140 + r*math.Cos(a), Y: 140 + r*math.Sin(a), Pressure: 0.5}
	}
	var dst [Pixels]uint8
	b.ReportAllocs()
	for b.Loop() {
		if ok, err := RenderInto(&dst, []Stroke{s}, canvasSide, canvasSide); !ok || err != nil {
			b.Fatal(ok, err)
		}
	}
}
