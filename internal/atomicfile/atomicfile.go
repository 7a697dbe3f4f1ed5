package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// Option changes how WriteFile replaces a file.
type Option func(*options)

type options struct {
	volatile bool
}

// Volatile is for a file that need not survive a power loss, because it is
// deleted with what it describes (an --rm container's record). An existing
// file is swapped with the new one by renameat2(RENAME_EXCHANGE), and the
// old one unlinked, instead of renamed over: when a rename replaces a file,
// ext4 (auto_da_alloc) writes the new data out at once, so that a crash
// cannot leave it empty, and on a discard-mounted disk its deletion later
// costs a discard request. Readers still see the old or the new file whole.
func Volatile() Option { return func(o *options) { o.volatile = true } }

// WriteFile replaces path with b (mode perm) through a temp file in the
// same dir and a rename. On error the temp file is gone and path unchanged.
func WriteFile(path string, b []byte, perm os.FileMode, opts ...Option) error {
	var o options
	for _, f := range opts {
		f(&o)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("replace %s: %w", path, err)
	}
	tmp := f.Name()
	if err := write(f, b, perm); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replace %s: %w", path, err)
	}
	if o.volatile {
		done, err := exchange(tmp, path)
		if done || err != nil {
			os.Remove(tmp) // the old file, or our temp on error
			if err != nil {
				return fmt.Errorf("replace %s: %w", path, err)
			}
			return nil
		}
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("replace %s: %w", path, err)
	}
	return nil
}

// exchange swaps tmp and path; done is false (and err nil) when a plain
// rename must do: no file at path yet, or no RENAME_EXCHANGE here.
func exchange(tmp, path string) (done bool, err error) {
	err = unix.Renameat2(unix.AT_FDCWD, tmp, unix.AT_FDCWD, path, unix.RENAME_EXCHANGE)
	switch err {
	case nil:
		return true, nil
	case unix.ENOENT, unix.EINVAL, unix.ENOSYS:
		return false, nil
	}
	return false, &os.LinkError{Op: "renameat2 exchange", Old: tmp, New: path, Err: err}
}

func write(f *os.File, b []byte, perm os.FileMode) error {
	_, err := f.Write(b)
	if err == nil && perm != 0o600 { // CreateTemp makes 0600 files
		err = f.Chmod(perm)
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
