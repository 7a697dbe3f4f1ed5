package trustedbin

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/trustedbin/mode"
)

// Check returns nil when the file at path may be run: a regular executable
// file, not group- or other-writable, owned by root or by us. A stat failure
// is returned as an *os.PathError (a missing file: fs.ErrNotExist).
func Check(path string) error {
	_, err := Stat(path)
	return err
}

// Stat is Check that also returns the file's stat(2), for a caller that
// must recognise the file later (by device and inode) without a second
// stat.
func Stat(path string) (unix.Stat_t, error) {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return st, &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if err := mode.Check(st.Mode, st.Uid, os.Geteuid()); err != nil {
		return st, fmt.Errorf("%s: %w", path, err)
	}
	return st, nil
}
