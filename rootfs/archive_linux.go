package rootfs

import (
	"archive/tar"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"strconv"
	"time"

	"golang.org/x/sys/unix"
)

// OpenInRoot opens p inside the directory rootfd as an O_PATH fd with
// openat2(RESOLVE_IN_ROOT|RESOLVE_NO_MAGICLINKS): symlinks, absolute ones
// and "..", resolve as if rootfd were "/", never out of it. The last
// component is followed only with follow.
func OpenInRoot(rootfd int, p string, follow bool) (int, error) {
	flags := uint64(unix.O_PATH | unix.O_CLOEXEC)
	if !follow {
		flags |= unix.O_NOFOLLOW
	}
	how := unix.OpenHow{Flags: flags, Resolve: unix.RESOLVE_IN_ROOT | unix.RESOLVE_NO_MAGICLINKS}
	for {
		fd, err := unix.Openat2(rootfd, "./"+p, &how)
		if errors.Is(err, unix.EINTR) || errors.Is(err, unix.EAGAIN) {
			continue // a rename raced the resolution: the kernel asks to retry
		}
		if err != nil {
			return -1, &os.PathError{Op: "openat2", Path: p, Err: err}
		}
		return fd, nil
	}
}

// Archive writes p, resolved inside rootfd (OpenInRoot; its last symlink
// followed only with follow, as cp -L), as a tar stream to w, its top entry
// named name and everything below it as name/…. Nothing below p is ever
// followed: each entry is opened with O_NOFOLLOW relative to its parent's
// fd, files are read through the fd that was checked, and sockets are
// skipped. Owners, modes, times and hardlinks are kept (see ForHost).
func Archive(rootfd int, p, name string, follow bool, w io.Writer, opts ...ArchiveOption) error {
	fd, err := OpenInRoot(rootfd, p, follow)
	if err != nil {
		return err
	}
	defer unix.Close(fd)
	a := &archiver{tw: tar.NewWriter(w), links: map[[2]uint64]string{}}
	for _, o := range opts {
		o(a)
	}
	if err := a.entry(fd, name); err != nil {
		return err
	}
	return a.tw.Close()
}

// ArchiveOption changes what Archive writes.
type ArchiveOption func(*archiver)

// ForHost archives a container's files for the host (tent cp out): no
// device nodes, and no setuid or setgid bits, so a container cannot plant
// a root-owned setuid binary or a node of a host disk in a host directory.
func ForHost() ArchiveOption { return func(a *archiver) { a.forHost = true } }

type archiver struct {
	forHost bool
	tw      *tar.Writer
	links   map[[2]uint64]string // (dev, ino) of a file with nlink > 1 → its first name
}

// entry writes one O_PATH fd (and what is below it) as name.
func (a *archiver) entry(fd int, name string) error {
	var st unix.Stat_t
	if err := unix.Fstat(fd, &st); err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	hdr := header(&st, name)
	if a.forHost {
		hdr.Mode &^= unix.S_ISUID | unix.S_ISGID
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		return a.dir(fd, hdr)
	case unix.S_IFREG:
		return a.file(fd, hdr, &st)
	case unix.S_IFLNK:
		link, err := readlinkat(fd, "")
		if err != nil {
			return fmt.Errorf("archive %s: %w", name, err)
		}
		hdr.Typeflag, hdr.Linkname = tar.TypeSymlink, link
	case unix.S_IFCHR, unix.S_IFBLK:
		if a.forHost {
			return nil
		}
		hdr.Typeflag = map[bool]byte{true: tar.TypeChar, false: tar.TypeBlock}[st.Mode&unix.S_IFMT == unix.S_IFCHR]
		hdr.Devmajor, hdr.Devminor = int64(unix.Major(st.Rdev)), int64(unix.Minor(st.Rdev))
	case unix.S_IFIFO:
		hdr.Typeflag = tar.TypeFifo
	default:
		return nil // a socket: nothing to copy, as tar
	}
	return a.tw.WriteHeader(hdr)
}

func header(st *unix.Stat_t, name string) *tar.Header {
	return &tar.Header{Name: name, Mode: int64(st.Mode & 0o7777), Uid: int(st.Uid), Gid: int(st.Gid),
		ModTime: time.Unix(st.Mtim.Unix()), Format: tar.FormatPAX}
}

func (a *archiver) dir(fd int, hdr *tar.Header) error {
	hdr.Typeflag = tar.TypeDir
	hdr.Name += "/"
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	dfd, err := unix.Openat(fd, ".", unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("archive %s: %w", hdr.Name, err)
	}
	d := os.NewFile(uintptr(dfd), hdr.Name)
	defer d.Close()
	names, err := d.Readdirnames(-1)
	if err != nil {
		return fmt.Errorf("archive %s: %w", hdr.Name, err)
	}
	for _, n := range names {
		cfd, err := unix.Openat(dfd, n, unix.O_PATH|unix.O_NOFOLLOW|unix.O_CLOEXEC, 0)
		if errors.Is(err, unix.ENOENT) {
			continue // removed meanwhile
		}
		if err != nil {
			return fmt.Errorf("archive %s: %w", path.Join(hdr.Name, n), err)
		}
		err = a.entry(cfd, path.Join(hdr.Name, n))
		unix.Close(cfd)
		if err != nil {
			return err
		}
	}
	return nil
}

// file writes a regular file, or a hardlink to one written before. The
// data is read through the checked O_PATH fd reopened (never by name),
// non-blocking, and must still be the same inode.
func (a *archiver) file(fd int, hdr *tar.Header, st *unix.Stat_t) error {
	key := [2]uint64{st.Dev, st.Ino}
	if first, ok := a.links[key]; ok && st.Nlink > 1 {
		hdr.Typeflag, hdr.Linkname = tar.TypeLink, first
		return a.tw.WriteHeader(hdr)
	}
	if st.Nlink > 1 {
		a.links[key] = hdr.Name
	}
	rfd, err := unix.Open("/proc/self/fd/"+strconv.Itoa(fd), unix.O_RDONLY|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("archive %s: %w", hdr.Name, err)
	}
	f := os.NewFile(uintptr(rfd), hdr.Name)
	defer f.Close()
	var now unix.Stat_t
	if err := unix.Fstat(rfd, &now); err != nil || now.Ino != st.Ino || now.Dev != st.Dev {
		return fmt.Errorf("archive %s: file changed while being copied", hdr.Name)
	}
	hdr.Typeflag, hdr.Size = tar.TypeReg, now.Size
	if err := a.tw.WriteHeader(hdr); err != nil {
		return err
	}
	if _, err := io.CopyN(a.tw, f, now.Size); err != nil {
		return fmt.Errorf("archive %s: %w", hdr.Name, err)
	}
	return nil
}
