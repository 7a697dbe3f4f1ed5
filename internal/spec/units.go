package spec

import (
	"fmt"

	units "github.com/docker/go-units"
)

// ParseBytes parses a size as Docker's -m and --memory-swap do
// (go-units' RAMInBytes): a number with an optional binary unit b, k, m,
// g, t or p, optionally followed by "b" or "ib", case-insensitive. "" is 0.
func ParseBytes(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := units.RAMInBytes(s)
	if err != nil {
		return 0, fmt.Errorf("invalid size %q: want a number with an optional unit b, k, m, g, t, p", s)
	}
	return n, nil
}
