package mnist

import "fmt"

// Subset returns a new set holding, from each split of set, the first
// perDigitTrain (training) or perDigitTest (test) images of each digit, in
// their original relative order. This is the rule that made the bundled
// subset from the official MNIST files: Subset(official, 1000, 200).
//
// It returns an error if a count is below 1 or a split has fewer images of
// some digit than asked for, or if a split's images and labels differ in
// number. set is not modified; the result shares no memory with it.
func Subset(set *Set, perDigitTrain, perDigitTest int) (*Set, error) {
	if set == nil {
		return nil, fmt.Errorf("mnist: cannot take a subset of a nil set")
	}
	train, err := firstPerDigit(set.Train, perDigitTrain, "train")
	if err != nil {
		return nil, err
	}
	test, err := firstPerDigit(set.Test, perDigitTest, "test")
	if err != nil {
		return nil, err
	}
	return &Set{Train: train, Test: test}, nil
}

func firstPerDigit(s Split, k int, name string) (Split, error) {
	if k < 1 {
		return Split{}, fmt.Errorf("mnist: %s images per digit is %d, want at least 1", name, k)
	}
	if s.Images == nil || s.Images.N != len(s.Labels) || len(s.Images.Pix) != s.Images.N*s.Images.Rows*s.Images.Cols {
		return Split{}, fmt.Errorf("mnist: %s split is inconsistent: images, labels and pixels do not match", name)
	}
	var count [NumClasses]int
	var keep []int
	for i, l := range s.Labels {
		if l >= NumClasses {
			return Split{}, fmt.Errorf("mnist: %s label %d at index %d is not a digit 0-9", name, l, i)
		}
		if count[l] < k {
			count[l]++
			keep = append(keep, i)
		}
	}
	for d, c := range count {
		if c < k {
			return Split{}, fmt.Errorf("mnist: %s has %d images of digit %d, want %d", name, c, d, k)
		}
	}
	size := s.Images.Rows * s.Images.Cols
	out := Split{
		Images: &Images{N: len(keep), Rows: s.Images.Rows, Cols: s.Images.Cols, Pix: make([]uint8, 0, len(keep)*size)},
		Labels: make([]uint8, 0, len(keep)),
	}
	for _, i := range keep {
		out.Images.Pix = append(out.Images.Pix, s.Images.Image(i)...)
		out.Labels = append(out.Labels, s.Labels[i])
	}
	return out, nil
}
