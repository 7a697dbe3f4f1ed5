package container

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"regexp"
)

// NewID returns 64 random hex digits whose 12-char short form is not all
// digits (so it is never mistaken for a number, as Docker does).
func NewID() (string, error) {
	var b [32]byte
	for {
		if _, err := rand.Read(b[:]); err != nil {
			return "", fmt.Errorf("new container id: %w", err)
		}
		id := hex.EncodeToString(b[:])
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

var validName = regexp.MustCompile(`^[a-zA-Z0-9][a-zA-Z0-9_.-]*$`)

// ValidName reports whether name is a valid container name (Docker's rule).
func ValidName(name string) bool { return len(name) <= 255 && validName.MatchString(name) }
