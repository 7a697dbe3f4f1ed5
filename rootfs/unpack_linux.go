package rootfs

import (
	"errors"
	"fmt"
	"io"

	"github.com/tent-dev/tent/internal/bufpool"
	"golang.org/x/sys/unix"
)

// maxDirFds bounds the cache of open parent directories; when it is full
// the cache is emptied (entries of a layer tar come grouped by directory).
const maxDirFds = 512

// maxLinkDepth bounds symlinks followed while creating missing parents.
const maxLinkDepth = 40

// unpacker holds the state of one Unpack: the layer root fd, open parent
// directories by clean path, and directories whose mode and times are set
// at the end.
type unpacker struct {
	opts    unpackOptions
	root    int
	dirs    map[string]int
	delayed []dirMeta
	stats   UnpackStats
	buf     *[]byte
	fb      *inRootFallback // when the kernel lacks openat2
}

type dirMeta struct {
	path string
	mode uint32
	ts   [2]unix.Timespec
}

func newUnpacker(dir string, o unpackOptions) (*unpacker, error) {
	root, err := unix.Open(dir, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return nil, fmt.Errorf("unpack: open %s: %w", dir, err)
	}
	u := &unpacker{opts: o, root: root, dirs: make(map[string]int), buf: bufpool.Get()}
	if o.noOpenat2 || !haveOpenat2(root) {
		if u.fb, err = newInRootFallback(dir); err != nil {
			unix.Close(root)
			return nil, err
		}
	}
	return u, nil
}

// resolver names how the unpacker resolves paths in the layer, for logs.
func (u *unpacker) resolver() string {
	if u.fb != nil {
		return "securejoin (no openat2)"
	}
	return "openat2"
}

// haveOpenat2 reports whether the kernel has openat2 (Linux 5.6).
func haveOpenat2(root int) bool {
	fd, err := unix.Openat2(root, ".", &unix.OpenHow{Flags: unix.O_PATH | unix.O_CLOEXEC})
	if err == nil {
		unix.Close(fd)
	}
	return err != unix.ENOSYS
}

func (u *unpacker) close() {
	u.flush("")
	unix.Close(u.root)
	bufpool.Put(u.buf)
	if u.fb != nil {
		u.fb.close()
	}
}

// flush closes the cached directory fds, except the one for keep.
func (u *unpacker) flush(keep string) {
	for p, fd := range u.dirs {
		if p != keep {
			unix.Close(fd)
			delete(u.dirs, p)
		}
	}
}

// openat2 resolves p inside the layer root: symlinks and absolute paths
// stay within it, magic links are refused.
func (u *unpacker) openat2(p string, flags uint64) (int, error) {
	if u.fb != nil {
		return u.fb.open(p, flags)
	}
	how := unix.OpenHow{
		Flags:   flags | unix.O_CLOEXEC,
		Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS,
	}
	for {
		fd, err := unix.Openat2(u.root, p, &how)
		if err != unix.EAGAIN && err != unix.EINTR {
			return fd, err
		}
	}
}

// dirFd returns an O_PATH fd of directory p (a clean relative path),
// creating it and its missing parents with mode 0755 if create is set.
// The fd belongs to the cache: callers must not close it.
func (u *unpacker) dirFd(p string, create bool) (int, error) {
	return u.openDir(p, create, 0)
}

func (u *unpacker) openDir(p string, create bool, depth int) (int, error) {
	if p == "." {
		return u.root, nil
	}
	if fd, ok := u.dirs[p]; ok {
		return fd, nil
	}
	fd, err := u.openat2(p, unix.O_PATH|unix.O_DIRECTORY)
	if err == unix.ENOENT && create {
		fd, err = u.mkdirAll(p, depth)
	}
	if err != nil {
		return -1, fmt.Errorf("open directory %q in layer: %w", p, err)
	}
	u.dirs[p] = fd
	return fd, nil
}

// mkdirAll creates directory p whose parent may be missing too. If the
// final component is a dangling symlink, its target is created instead,
// resolved inside the root (as Docker and containerd do).
func (u *unpacker) mkdirAll(p string, depth int) (int, error) {
	if depth > maxLinkDepth {
		return -1, unix.ELOOP
	}
	dir, base := splitPath(p)
	pfd, err := u.openDir(dir, true, depth)
	if err != nil {
		return -1, err
	}
	if err := unix.Mkdirat(pfd, base, 0o755); err != nil && err != unix.EEXIST {
		return -1, err
	}
	fd, err := u.openat2(p, unix.O_PATH|unix.O_DIRECTORY)
	if err != unix.ENOENT {
		return fd, err
	}
	target, lerr := readlinkat(pfd, base)
	if lerr != nil {
		return -1, err
	}
	// Create the target (cached under its own path), then open p again
	// through the symlink: each cache entry must own its fd.
	if _, err := u.openDir(resolveLinkDir(dir, target), true, depth+1); err != nil {
		return -1, err
	}
	return u.openat2(p, unix.O_PATH|unix.O_DIRECTORY)
}

func readlinkat(dirfd int, name string) (string, error) {
	buf := make([]byte, unix.PathMax)
	n, err := unix.Readlinkat(dirfd, name, buf)
	if err != nil {
		return "", err
	}
	return string(buf[:n]), nil
}

// apply executes one planned entry; data is the entry's content.
func (u *unpacker) apply(e *entry, data io.Reader) error {
	if len(u.dirs) >= maxDirFds {
		u.flush("")
	}
	switch e.kind {
	case kindSkip:
		return nil
	case kindOpaque:
		u.stats.Whiteouts++
		return u.setOpaque(e.path)
	case kindDir:
		if e.path == "." {
			return u.rootDir(e)
		}
	}
	pfd, err := u.dirFd(e.dir, true)
	if err != nil {
		return err
	}
	switch e.kind {
	case kindDir:
		return u.mkdir(pfd, e)
	case kindFile:
		return u.writeFile(pfd, e, data)
	case kindSymlink:
		return u.symlink(pfd, e)
	case kindHardlink:
		return u.hardlink(pfd, e)
	case kindWhiteout:
		u.stats.Whiteouts++
		return u.replace(e.dir, pfd, e.base, func() error {
			return unix.Mknodat(pfd, e.base, unix.S_IFCHR, 0)
		})
	default:
		return u.mknod(pfd, e)
	}
}

// replace runs create; if the name already exists it is removed first, as
// tar does: a directory with all its contents. Cached directory fds are
// dropped when a directory or symlink goes, since they may resolve through it.
func (u *unpacker) replace(dir string, pfd int, base string, create func() error) error {
	err := create()
	if err != unix.EEXIST {
		return err
	}
	var st unix.Stat_t
	if err := unix.Fstatat(pfd, base, &st, unix.AT_SYMLINK_NOFOLLOW); err != nil {
		return fmt.Errorf("stat existing entry: %w", err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		u.flush(dir)
		if err := removeAll(pfd, base); err != nil {
			return fmt.Errorf("replace directory: %w", err)
		}
	case unix.S_IFLNK:
		u.flush(dir)
		fallthrough
	default:
		if err := unix.Unlinkat(pfd, base, 0); err != nil {
			return fmt.Errorf("replace existing entry: %w", err)
		}
	}
	return create()
}

// finish sets the modes and times of directories, after their contents.
func (u *unpacker) finish() error {
	for _, d := range u.delayed {
		fd, err := u.openat2(d.path, unix.O_RDONLY|unix.O_DIRECTORY|unix.O_NOFOLLOW)
		if errors.Is(err, unix.ENOENT) || errors.Is(err, unix.ENOTDIR) || errors.Is(err, unix.ELOOP) {
			continue // replaced or removed by a later entry
		}
		if err != nil {
			return fmt.Errorf("open directory %q: %w", d.path, err)
		}
		err = unix.Fchmod(fd, d.mode)
		if err == nil {
			err = futimens(fd, &d.ts)
		}
		unix.Close(fd)
		if err != nil {
			return fmt.Errorf("set mode and times of directory %q: %w", d.path, err)
		}
	}
	return nil
}
