package layerdiff

import (
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"time"

	"golang.org/x/sys/unix"
)

const overlayXattrPrefix = "trusted.overlay."

// Walk lists the upper dir's entries (not the dir itself) without
// following any symlink in it.
func Walk(upper string) ([]Entry, error) {
	fd, err := unix.Open(upper, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("open upper dir %s: %w", upper, err)
	}
	var out []Entry
	if err := walkDir(fd, "", &out); err != nil {
		return nil, fmt.Errorf("walk upper dir %s: %w", upper, err)
	}
	return out, nil
}

// walkDir appends dirfd's entries (named under prefix) and closes dirfd.
func walkDir(dirfd int, prefix string, out *[]Entry) error {
	d := os.NewFile(uintptr(dirfd), prefix)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return fmt.Errorf("read dir /%s: %w", prefix, err)
	}
	sort.Strings(names)
	for _, name := range names {
		e, err := statEntry(dirfd, name, prefix+name)
		if err != nil {
			return err
		}
		*out = append(*out, e)
		if e.Kind != Dir {
			continue
		}
		sub, err := unix.Openat(dirfd, name, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if err != nil {
			return fmt.Errorf("open /%s: %w", e.Path, err)
		}
		if err := walkDir(sub, e.Path+"/", out); err != nil {
			return err
		}
	}
	return nil
}

func statEntry(dirfd int, name, p string) (Entry, error) {
	var st unix.Stat_t
	if err := unix.Fstatat(dirfd, name, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return Entry{}, fmt.Errorf("stat /%s: %w", p, err)
	}
	e := Entry{
		Path: p, Mode: st.Mode & 0o7777, UID: int(st.Uid), GID: int(st.Gid), Size: st.Size,
		ModTime: time.Unix(st.Mtim.Unix()), Dev: st.Dev, Ino: st.Ino, Nlink: uint64(st.Nlink),
		Major: unix.Major(st.Rdev), Minor: unix.Minor(st.Rdev),
	}
	e.Kind = kindOf(st)
	if e.Kind != File {
		e.Size = 0
	}
	if e.Kind == Symlink {
		t, err := readlinkat(dirfd, name)
		if err != nil {
			return Entry{}, fmt.Errorf("readlink /%s: %w", p, err)
		}
		e.Linkname = t
	}
	if e.Kind == Whiteout {
		return e, nil
	}
	x, err := xattrs(dirfd, name)
	if err != nil {
		return Entry{}, fmt.Errorf("xattrs of /%s: %w", p, err)
	}
	return withOverlayXattrs(e, x)
}

func kindOf(st unix.Stat_t) Kind {
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return Dir
	case unix.S_IFLNK:
		return Symlink
	case unix.S_IFCHR:
		if st.Rdev == 0 {
			return Whiteout
		}
		return CharDev
	case unix.S_IFBLK:
		return BlockDev
	case unix.S_IFIFO:
		return Fifo
	case unix.S_IFSOCK:
		return Socket
	}
	return File
}

// withOverlayXattrs takes overlayfs' own xattrs out of x: opaque marks the
// entry, redirect and metacopy are refused, the others (origin, impure,
// nlink…) are overlayfs bookkeeping.
func withOverlayXattrs(e Entry, x map[string]string) (Entry, error) {
	for k, v := range x {
		if !strings.HasPrefix(k, overlayXattrPrefix) {
			continue
		}
		switch strings.TrimPrefix(k, overlayXattrPrefix) {
		case "opaque":
			e.Opaque = e.Kind == Dir && v == "y"
		case "redirect", "metacopy":
			return Entry{}, fmt.Errorf("/%s has %s: %w", e.Path, k, ErrUnsupported)
		}
		delete(x, k)
	}
	delete(x, "security.selinux")
	if len(x) > 0 {
		e.Xattrs = x
	}
	return e, nil
}

func readlinkat(dirfd int, name string) (string, error) {
	for size := 256; ; size *= 2 {
		buf := make([]byte, size)
		n, err := unix.Readlinkat(dirfd, name, buf)
		if err != nil {
			return "", err
		}
		if n < size {
			return string(buf[:n]), nil
		}
	}
}

// xattrs reads name's xattrs through dirfd's magic link; the final
// component is never followed (llistxattr, lgetxattr).
func xattrs(dirfd int, name string) (map[string]string, error) {
	p := "/proc/self/fd/" + strconv.Itoa(dirfd) + "/" + name
	names, err := xattrList(p)
	if err != nil || len(names) == 0 {
		return nil, err
	}
	out := make(map[string]string, len(names))
	for _, k := range names {
		v, err := xattrGet(p, k)
		if err != nil {
			return nil, err
		}
		out[k] = v
	}
	return out, nil
}

func xattrList(p string) ([]string, error) {
	size, err := unix.Llistxattr(p, nil)
	if err != nil || size == 0 {
		if err == unix.ENOTSUP {
			err = nil
		}
		return nil, err
	}
	buf := make([]byte, size)
	n, err := unix.Llistxattr(p, buf)
	if err != nil {
		return nil, err
	}
	var names []string
	for _, k := range strings.Split(string(buf[:n]), "\x00") {
		if k != "" {
			names = append(names, k)
		}
	}
	return names, nil
}

func xattrGet(p, k string) (string, error) {
	size, err := unix.Lgetxattr(p, k, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", k, err)
	}
	buf := make([]byte, size)
	n, err := unix.Lgetxattr(p, k, buf)
	if err != nil {
		return "", fmt.Errorf("%s: %w", k, err)
	}
	return string(buf[:n]), nil
}
