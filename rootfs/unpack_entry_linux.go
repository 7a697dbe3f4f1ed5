package rootfs

import (
	"fmt"
	"io"

	"golang.org/x/sys/unix"
)

// mkdir creates (or keeps) directory e.base in pfd. Its owner and xattrs are
// set now; its mode and times at the end, so that its contents can be
// written and do not change its mtime afterwards.
func (u *unpacker) mkdir(pfd int, e *entry) error {
	err := unix.Mkdirat(pfd, e.base, 0o700)
	if err == unix.EEXIST {
		var st unix.Stat_t
		if err = unix.Fstatat(pfd, e.base, &st, unix.AT_SYMLINK_NOFOLLOW); err == nil && st.Mode&unix.S_IFMT != unix.S_IFDIR {
			err = u.replace(e.dir, pfd, e.base, func() error { return unix.Mkdirat(pfd, e.base, 0o700) })
		}
	}
	if err != nil {
		return fmt.Errorf("mkdir: %w", err)
	}
	if err := u.lchown(pfd, e.base, e); err != nil {
		return err
	}
	if hasXattrs(e) {
		fd, err := unix.Openat(pfd, e.base, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("open directory for xattrs: %w", err)
		}
		err = u.setXattrs(e, fd, -1)
		unix.Close(fd)
		if err != nil {
			return err
		}
	}
	u.delay(e)
	return nil
}

// rootDir applies a "./" entry to the layer root itself.
func (u *unpacker) rootDir(e *entry) error {
	if !u.opts.noChown {
		if err := unix.Fchownat(u.root, "", e.uid, e.gid, unix.AT_EMPTY_PATH); err != nil {
			return fmt.Errorf("chown layer root: %w", err)
		}
	}
	if hasXattrs(e) {
		fd, err := u.openat2(".", unix.O_RDONLY|unix.O_DIRECTORY)
		if err != nil {
			return fmt.Errorf("open layer root: %w", err)
		}
		err = u.setXattrs(e, fd, -1)
		unix.Close(fd)
		if err != nil {
			return err
		}
	}
	u.delay(e)
	return nil
}

func (u *unpacker) delay(e *entry) {
	u.delayed = append(u.delayed, dirMeta{path: e.path, mode: e.mode, ts: timespecs(e)})
}

// writeFile creates a new regular file (never writing through an existing
// one, which may be a hardlink or symlink) and copies the content into it.
func (u *unpacker) writeFile(pfd int, e *entry, data io.Reader) error {
	if e.size > u.opts.maxSize-u.stats.Size {
		what := "file"
		if e.sparse {
			what = "sparse file"
		}
		return fmt.Errorf("%s of %d bytes takes the layer over its limit of %d bytes unpacked: %w",
			what, e.size, u.opts.maxSize, ErrTooBig)
	}
	fd := -1
	err := u.replace(e.dir, pfd, e.base, func() error {
		var err error
		fd, err = unix.Openat(pfd, e.base, unix.O_WRONLY|unix.O_CREAT|unix.O_EXCL|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0o600)
		return err
	})
	if err != nil {
		return fmt.Errorf("create file: %w", err)
	}
	defer unix.Close(fd)
	copyData := u.copyData
	if e.sparse {
		copyData = u.copySparse
	}
	n, err := copyData(fd, data, e.size)
	if err != nil {
		return err
	}
	u.stats.Files++
	u.stats.Size += n
	if !u.opts.noChown {
		if err := unix.Fchown(fd, e.uid, e.gid); err != nil {
			return fmt.Errorf("chown: %w", err)
		}
	}
	// After chown, which clears setuid/setgid and file capabilities.
	if err := unix.Fchmod(fd, e.mode); err != nil {
		return fmt.Errorf("chmod: %w", err)
	}
	if err := u.setXattrs(e, fd, -1); err != nil {
		return err
	}
	ts := timespecs(e)
	if err := futimens(fd, &ts); err != nil {
		return fmt.Errorf("set times: %w", err)
	}
	return nil
}

// copyData writes size bytes of data to fd through the pooled buffer.
func (u *unpacker) copyData(fd int, data io.Reader, size int64) (int64, error) {
	buf := *u.buf
	var total int64
	for total < size {
		chunk := buf
		if rest := size - total; rest < int64(len(chunk)) {
			chunk = chunk[:rest]
		}
		n, err := io.ReadFull(data, chunk)
		if err != nil {
			return total, fmt.Errorf("read content: %w", err)
		}
		if err := writeAll(fd, chunk[:n]); err != nil {
			return total, fmt.Errorf("write content: %w", err)
		}
		total += int64(n)
	}
	return total, nil
}

func writeAll(fd int, b []byte) error {
	for len(b) > 0 {
		n, err := unix.Write(fd, b)
		if err == unix.EINTR {
			continue
		}
		if err != nil {
			return err
		}
		b = b[n:]
	}
	return nil
}

// symlink creates a symlink; its text is stored as is and only ever
// resolved inside the root (by the kernel's RESOLVE_IN_ROOT, or by the
// container's own root after pivot_root).
func (u *unpacker) symlink(pfd int, e *entry) error {
	err := u.replace(e.dir, pfd, e.base, func() error { return unix.Symlinkat(e.link, pfd, e.base) })
	if err != nil {
		return fmt.Errorf("symlink: %w", err)
	}
	return u.nodeMeta(pfd, e, false)
}

// hardlink links e.base to the entry at e.link. The target's parent is
// resolved inside the root and linkat does not follow a symlink target, so
// the link can only be to something within the layer.
func (u *unpacker) hardlink(pfd int, e *entry) error {
	tdir, tbase := splitPath(e.link)
	err := u.replace(e.dir, pfd, e.base, func() error {
		tfd, err := u.dirFd(tdir, false)
		if err != nil {
			return err
		}
		return unix.Linkat(tfd, tbase, pfd, e.base, 0)
	})
	if err != nil {
		return fmt.Errorf("hardlink to %q: %w", e.link, err)
	}
	return nil
}

// mknod creates a device node or fifo.
func (u *unpacker) mknod(pfd int, e *entry) error {
	mode := e.mode & 0o777
	var dev int
	switch e.kind {
	case kindChar:
		mode |= unix.S_IFCHR
		dev = int(unix.Mkdev(e.major, e.minor))
	case kindBlock:
		mode |= unix.S_IFBLK
		dev = int(unix.Mkdev(e.major, e.minor))
	default:
		mode |= unix.S_IFIFO
	}
	err := u.replace(e.dir, pfd, e.base, func() error { return unix.Mknodat(pfd, e.base, mode, dev) })
	if err != nil {
		return fmt.Errorf("mknod: %w", err)
	}
	return u.nodeMeta(pfd, e, true)
}

// setOpaque marks directory p as opaque for overlayfs.
func (u *unpacker) setOpaque(p string) error {
	if _, err := u.dirFd(p, true); err != nil {
		return err
	}
	fd, err := u.openat2(p, unix.O_RDONLY|unix.O_DIRECTORY)
	if err != nil {
		return fmt.Errorf("open opaque directory %q: %w", p, err)
	}
	defer unix.Close(fd)
	if err := unix.Fsetxattr(fd, OverlayOpaqueXattr, []byte("y"), 0); err != nil {
		return fmt.Errorf("set %s on %q: %w", OverlayOpaqueXattr, p, err)
	}
	return nil
}
