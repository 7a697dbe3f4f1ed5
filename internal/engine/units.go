package engine

import (
	"fmt"
	"strconv"
	"strings"
)

// ParseBytes parses Docker's memory sizes: a number with an optional unit
// b, k, m, g, t (binary; "kb", "mb"... too), case-insensitive. "" is 0.
func ParseBytes(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	t := strings.TrimSuffix(strings.ToLower(strings.TrimSpace(s)), "b")
	mult := int64(1)
	if n := len(t); n > 0 {
		if i := strings.IndexByte("kmgt", t[n-1]); i >= 0 {
			mult = int64(1) << (10 * (i + 1))
			t = t[:n-1]
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("invalid size %q: want a number with an optional unit b, k, m, g", s)
	}
	return int64(v * float64(mult)), nil
}
