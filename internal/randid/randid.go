package randid

import (
	"encoding/hex"
	"errors"
	"fmt"

	"golang.org/x/sys/unix"
)

// Hex returns n random bytes as 2n hex digits.
func Hex(n int) (string, error) {
	b := make([]byte, n)
	for got := 0; got < n; {
		k, err := unix.Getrandom(b[got:], 0)
		if errors.Is(err, unix.EINTR) {
			continue
		}
		if err != nil {
			return "", fmt.Errorf("getrandom: %w", err)
		}
		got += k
	}
	return hex.EncodeToString(b), nil
}
