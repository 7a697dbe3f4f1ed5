package build

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/bufpool"
)

// copyOpts are COPY's and ADD's --chown and --chmod, resolved.
type copyOpts struct {
	chown    bool
	uid, gid int
	chmod    *uint32
}

// copyInto writes files under dest inside root (an O_PATH fd of the
// stage's merged root). Every path is resolved inside root with
// pathrs-lite (openat2 RESOLVE_IN_ROOT): a symlink in the image, absolute
// or "..", never leads outside it. The final component is created anew
// with an *at call on its parent's fd and never followed.
func copyInto(root *os.File, dest string, files []srcFile, o copyOpts) error {
	for i := range files {
		f := &files[i]
		target := path.Join(dest, f.Rel)
		if err := copyOne(root, target, f, o); err != nil {
			return fmt.Errorf("copy %s to %s: %w", orDot(f.Path), target, err)
		}
	}
	return nil
}

func copyOne(root *os.File, target string, f *srcFile, o copyOpts) error {
	uid, gid, mode := f.UID, f.GID, f.Mode&0o7777
	if o.chown {
		uid, gid = o.uid, o.gid
	}
	if o.chmod != nil {
		mode = *o.chmod
	}
	if f.isDir() {
		if f.FromParent && f.Rel == "" {
			h, err := pathrs.MkdirAllHandle(root, target, 0o755)
			if err == nil {
				h.Close()
			}
			return err
		}
		return mkdirOwned(root, target, mode, uid, gid)
	}
	parent, err := pathrs.MkdirAllHandle(root, path.Dir(target), 0o755)
	if err != nil {
		return err
	}
	defer parent.Close()
	pfd, name := int(parent.Fd()), path.Base(target)
	if err := unix.Unlinkat(pfd, name, 0); err != nil && !errors.Is(err, unix.ENOENT) {
		return fmt.Errorf("replace %s: %w", target, err)
	}
	switch {
	case f.isReg():
		return writeReg(pfd, name, f, mode, uid, gid)
	case f.isLink():
		if err := unix.Symlinkat(f.Link, pfd, name); err != nil {
			return err
		}
	case f.Mode&unix.S_IFMT == unix.S_IFIFO:
		if err := unix.Mknodat(pfd, name, unix.S_IFIFO|mode, 0); err != nil {
			return err
		}
	default:
		return fmt.Errorf("%s: a device or socket cannot be copied", f.Path)
	}
	if err := unix.Fchownat(pfd, name, uid, gid, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return err
	}
	ts := []unix.Timespec{f.Mtime, f.Mtime}
	return unix.UtimesNanoAt(pfd, name, ts, unix.AT_SYMLINK_NOFOLLOW)
}

func mkdirOwned(root *os.File, target string, mode uint32, uid, gid int) error {
	h, err := pathrs.MkdirAllHandle(root, target, os.FileMode(mode&0o777))
	if err != nil {
		return err
	}
	defer h.Close()
	d, err := pathrs.Reopen(h, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := unix.Fchown(int(d.Fd()), uid, gid); err != nil {
		return err
	}
	return unix.Fchmod(int(d.Fd()), mode)
}

func writeReg(pfd int, name string, f *srcFile, mode uint32, uid, gid int) error {
	r, err := f.src.open(f)
	if err != nil {
		return err
	}
	defer r.Close()
	fd, err := unix.Openat(pfd, name, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
	if err != nil {
		return err
	}
	w := os.NewFile(uintptr(fd), name)
	defer w.Close()
	buf := bufpool.Get()
	defer bufpool.Put(buf)
	if n, err := io.CopyBuffer(w, io.LimitReader(r, f.Size), *buf); err != nil || n != f.Size {
		return fmt.Errorf("write %s: %d of %d bytes: %v", name, n, f.Size, err)
	}
	if err := unix.Fchown(fd, uid, gid); err != nil {
		return err
	}
	if err := unix.Fchmod(fd, mode); err != nil {
		return err
	}
	return unix.UtimesNanoAt(pfd, name, []unix.Timespec{f.Mtime, f.Mtime}, unix.AT_SYMLINK_NOFOLLOW)
}

// isDirIn reports whether p is a directory in root (symlinks resolved in it).
func isDirIn(root *os.File, p string) bool {
	h, err := pathrs.OpenatInRoot(root, p)
	if err != nil {
		return false
	}
	defer h.Close()
	var st unix.Stat_t
	return unix.Fstat(int(h.Fd()), &st) == nil && st.Mode&unix.S_IFMT == unix.S_IFDIR
}
