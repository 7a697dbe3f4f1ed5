package engine

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
)

// CopyOptions are tent cp's.
type CopyOptions struct {
	Src, Dst   CopyEnd
	Archive    bool // -a: keep uid/gid (else the files belong to the copier: root)
	FollowLink bool // -L: follow a symlink SRC
	Stdin      io.Reader
	Stdout     io.Writer
}

// Copy copies between a container and the host (tent cp). Paths in the
// container resolve inside its root (see copyRoot), never out of it.
func (e *Engine) Copy(ctx context.Context, o CopyOptions) error {
	switch {
	case o.Src.Container != "" && o.Dst.Container != "":
		return errors.New("copying between containers is not supported")
	case o.Src.Container == "" && o.Dst.Container == "":
		return errors.New("must specify at least one container source")
	case o.Dst.Container != "":
		return e.copyRoot(o.Dst.Container, func(root int) error { return e.copyIn(ctx, root, o) })
	}
	return e.copyRoot(o.Src.Container, func(root int) error { return e.copyOut(ctx, root, o) })
}

// copyIn copies the host's SRC (or a tar on stdin) into the container
// whose root is the fd root.
func (e *Engine) copyIn(ctx context.Context, root int, o CopyOptions) error {
	d := statIn(root, o.Dst.Path, true)
	if o.Src.Stream() {
		if !d.IsDir {
			return fmt.Errorf("destination %q must be a directory", o.Dst.Path)
		}
		return unpackIn(ctx, root, o.Dst.Path, o.Stdin, o.Archive)
	}
	src, err := filepath.Abs(o.Src.Path)
	if err != nil {
		return err
	}
	fi, err := hostStat(src, o.FollowLink)
	if err != nil {
		return err
	}
	plan, err := planCopy(o.Src.Path, fi.IsDir(), o.Dst.Path, d)
	if err != nil {
		return err
	}
	host, err := unix.Open("/", unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return err
	}
	defer unix.Close(host)
	return pipeArchive(host, src, plan.Name, o.FollowLink, func(r io.Reader) error {
		return unpackIn(ctx, root, plan.Dir, r, o.Archive)
	})
}

// copyOut copies the container's SRC to the host (or as a tar to stdout).
func (e *Engine) copyOut(ctx context.Context, root int, o CopyOptions) error {
	s := statIn(root, o.Src.Path, o.FollowLink)
	if !s.Exists {
		return fmt.Errorf("could not find the file %s in container %s", o.Src.Path, o.Src.Container)
	}
	name := filepath.Base(filepath.Clean("/" + o.Src.Path))
	if name == "/" {
		name = "."
	}
	if o.Dst.Stream() {
		return rootfs.Archive(root, o.Src.Path, name, o.FollowLink, o.Stdout, rootfs.ForHost())
	}
	d := copyStat{}
	if fi, err := os.Stat(o.Dst.Path); err == nil {
		d = copyStat{Exists: true, IsDir: fi.IsDir()}
	}
	plan, err := planCopy(o.Src.Path, s.IsDir, o.Dst.Path, d)
	if err != nil {
		return err
	}
	return pipeArchive(root, o.Src.Path, plan.Name, o.FollowLink, func(r io.Reader) error {
		_, err := rootfs.Unpack(ctx, r, plan.Dir, unpackOptions(o.Archive)...)
		return err
	}, rootfs.ForHost())
}

// pipeArchive archives p (inside root) into unpack, side by side.
func pipeArchive(root int, p, name string, follow bool, unpack func(io.Reader) error, opts ...rootfs.ArchiveOption) error {
	pr, pw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		err := rootfs.Archive(root, p, name, follow, pw, opts...)
		pw.CloseWithError(err)
		done <- err
	}()
	uerr := unpack(pr)
	pr.CloseWithError(errors.New("unpack stopped"))
	aerr := <-done
	if aerr != nil && uerr == nil {
		return aerr
	}
	return uerr
}

// unpackIn unpacks the tar r into the directory dir inside root: dir is
// resolved in the root and then unpacked into through its fd.
func unpackIn(ctx context.Context, root int, dir string, r io.Reader, archive bool) error {
	fd, err := rootfs.OpenInRoot(root, dir, true)
	if err != nil {
		return fmt.Errorf("destination %s: %w", dir, err)
	}
	defer unix.Close(fd)
	if _, err := rootfs.Unpack(ctx, r, "/proc/self/fd/"+strconv.Itoa(fd), unpackOptions(archive)...); err != nil {
		return fmt.Errorf("copy to %s: %w", dir, err)
	}
	return nil
}

func unpackOptions(archive bool) []rootfs.UnpackOption {
	opts := []rootfs.UnpackOption{rootfs.WithoutWhiteouts(), rootfs.WithBestEffortXattrs()}
	if !archive {
		opts = append(opts, rootfs.WithoutChown())
	}
	return opts
}

// statIn stats p inside root, its last symlink followed with follow.
func statIn(root int, p string, follow bool) copyStat {
	fd, err := rootfs.OpenInRoot(root, p, follow)
	if err != nil {
		return copyStat{}
	}
	defer unix.Close(fd)
	var st unix.Stat_t
	if unix.Fstat(fd, &st) != nil {
		return copyStat{}
	}
	return copyStat{Exists: true, IsDir: st.Mode&unix.S_IFMT == unix.S_IFDIR}
}

func hostStat(p string, follow bool) (os.FileInfo, error) {
	if follow {
		return os.Stat(p)
	}
	return os.Lstat(p)
}
