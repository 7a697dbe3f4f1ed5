package trustedbin

import (
	"fmt"
	"os"

	"golang.org/x/sys/unix"
)

// Check returns nil when the file at path may be run: a regular executable
// file, not group- or other-writable, owned by root or by us. A stat failure
// is returned as an *os.PathError (a missing file: fs.ErrNotExist).
func Check(path string) error {
	var st unix.Stat_t
	if err := unix.Stat(path, &st); err != nil {
		return &os.PathError{Op: "stat", Path: path, Err: err}
	}
	if err := checkMode(st.Mode, st.Uid, os.Geteuid()); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
