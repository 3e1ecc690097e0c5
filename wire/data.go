package wire

import (
	"fmt"
	"strings"
)

// BundledData names the page's own data in a weights file's data field.
const BundledData = "the bundled MNIST subset"

// DataDesc is the data field of a weights file trained on the named data.
func DataDesc(name string, train, test int) string {
	return fmt.Sprintf("%s: %d training, %d test images", name, train, test)
}

// ParseDataDesc is DataDesc's inverse: ok is false for other words.
func ParseDataDesc(s string) (name string, train, test int, ok bool) {
	i := strings.LastIndex(s, ": ")
	if i < 0 {
		return "", 0, 0, false
	}
	var rest string
	n, _ := fmt.Sscanf(s[i+2:], "%d training, %d test images%s", &train, &test, &rest)
	if n != 2 || train <= 0 || test <= 0 || DataDesc(s[:i], train, test) != s {
		return "", 0, 0, false
	}
	return s[:i], train, test, true
}
