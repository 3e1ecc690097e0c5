package augment

import "testing"

func BenchmarkImage(b *testing.B) {
	src := image(func(x, y int) bool { return x >= 10 && x < 13 && y >= 4 && y < 24 || y == 6 && x >= 10 && x < 20 })
	dst := make([]float64, Pixels)
	a, _ := New(Default(), 1)
	b.ReportAllocs()
	for b.Loop() {
		a.Image(dst, src)
	}
}
