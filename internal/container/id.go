package container

import (
	"fmt"

	"github.com/tent-dev/tent/internal/randid"
)

// NewID returns 64 random hex digits whose 12-char short form is not all
// digits (so it is never mistaken for a number, as Docker does).
func NewID() (string, error) {
	for {
		id, err := randid.Hex(32)
		if err != nil {
			return "", fmt.Errorf("new container id: %w", err)
		}
		if !allDigits(id[:12]) {
			return id, nil
		}
	}
}

func allDigits(s string) bool {
	for _, c := range s {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func isHex(s string) bool {
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return s != ""
}

func isFullID(s string) bool { return len(s) == 64 && isHex(s) }

// ValidName reports whether name is a valid container name (Docker's rule,
// [a-zA-Z0-9][a-zA-Z0-9_.-]*), without a regexp compiled at every start.
func ValidName(name string) bool {
	if name == "" || len(name) > 255 {
		return false
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		alnum := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
		if !alnum && (i == 0 || c != '_' && c != '.' && c != '-') {
			return false
		}
	}
	return true
}
