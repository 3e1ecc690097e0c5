package viz

import (
	"math/rand/v2"
	"testing"
)

// BenchmarkTilesW1 draws W1 (784×50) as 28×28 tiles, 10 to a row: the
// weights view, redrawn about ten times a second while training.
func BenchmarkTilesW1(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	W := randValues(rng, 784*50, -0.05, 0.05)
	buf, _, _, err := Tiles(nil, W, 784, 50, 28, 28, 10, 2, 0.05)
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		buf, _, _, _ = Tiles(buf, W, 784, 50, 28, 28, 10, 2, 0.05)
	}
}

// BenchmarkHeatmapW2 draws W2 (50×10) with 8-pixel cells.
func BenchmarkHeatmapW2(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	M := randValues(rng, 500, -0.5, 0.5)
	buf, _, _, _ := Heatmap(nil, M, 50, 10, 8, 0.5, true)
	b.ReportAllocs()
	for b.Loop() {
		buf, _, _, _ = Heatmap(buf, M, 50, 10, 8, 0.5, true)
	}
}

// BenchmarkImage28 draws one 28×28 image of products x⊙W1[:,j].
func BenchmarkImage28(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 3))
	x := randValues(rng, 784, -0.01, 0.01)
	buf, _ := Image28(nil, x, 0.01, true)
	b.ReportAllocs()
	for b.Loop() {
		buf, _ = Image28(buf, x, 0.01, true)
	}
}

// BenchmarkScaleW1 is Scale over W1's 39,200 values.
func BenchmarkScaleW1(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 4))
	W := randValues(rng, 784*50, -0.05, 0.05)
	b.ReportAllocs()
	var s float64
	for b.Loop() {
		s += Scale(W)
	}
	_ = s
}
