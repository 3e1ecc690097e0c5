package digit

import "testing"

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
