package build

import (
	"archive/tar"
	"context"
	"fmt"
	"os"
	"path"

	pathrs "github.com/cyphar/filepath-securejoin/pathrs-lite"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/rootfs/compression"
)

// fileOpEnv is what a COPY, ADD or WORKDIR works on in its mount
// namespace: the stage's merged root (an overlay with a fresh upper dir)
// and the --from source, if any.
type fileOpEnv struct {
	root     *os.File // O_PATH fd of the merged root
	rootPath string
	from     *source
}

// fileOp mounts s's layers with a fresh upper dir in a mount namespace of
// its own, runs f there and returns the upper dir. fromLayers, when given,
// are mounted read-only as f's source.
func (b *builder) fileOp(s *state, fromLayers []string, f func(*fileOpEnv) error) (string, error) {
	dir, err := b.newStepDir()
	if err != nil {
		return "", err
	}
	err = inMountNS(func() error {
		env := &fileOpEnv{rootPath: path.Join(dir, "root")}
		if err := mountLayers(b.nonEmpty(b.layerDirs(s)), path.Join(dir, "upper"), path.Join(dir, "work"), env.rootPath); err != nil {
			return err
		}
		root, err := os.OpenFile(env.rootPath, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
		if err != nil {
			return err
		}
		defer root.Close()
		env.root = root
		if fromLayers != nil {
			fp := path.Join(dir, "from")
			if err := mountLayers(fromLayers, "", "", fp); err != nil {
				return err
			}
			fr, err := os.OpenFile(fp, unix.O_PATH|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
			if err != nil {
				return err
			}
			defer fr.Close()
			env.from = &source{root: fr}
		}
		return f(env)
	})
	return path.Join(dir, "upper"), err
}

// copyOpts resolves --chown against the stage's /etc/passwd and group.
func (fo *fileOpEnv) copyOpts(chown string, chmod *uint32) (copyOpts, error) {
	o := copyOpts{chmod: chmod}
	if chown == "" {
		return o, nil
	}
	db, err := spec.ReadUserDB(spec.FileReaderFunc(func(p string) ([]byte, error) {
		return rootfs.ReadFileInRoot(fo.rootPath, p)
	}))
	if err != nil {
		return o, err
	}
	u, _, err := spec.ResolveUser(chown, db)
	if err != nil {
		return o, fmt.Errorf("--chown=%s: %w", chown, err)
	}
	o.chown, o.uid, o.gid = true, int(u.UID), int(u.GID)
	return o, nil
}

// apply copies (or extracts) every group under dest.
func (fo *fileOpEnv) apply(ctx context.Context, groups []group, dest string, destDir bool, o copyOpts) error {
	if !destDir {
		destDir = len(groups) > 1 || isDirIn(fo.root, dest)
		for _, g := range groups {
			destDir = destDir || g.archive || (len(g.files) > 0 && g.files[0].isDir())
		}
	}
	for _, g := range groups {
		if g.archive {
			if err := fo.extract(ctx, &g.files[0], dest); err != nil {
				return err
			}
			continue
		}
		if len(g.files) == 1 && !g.files[0].isDir() {
			g.files[0].Rel = ""
			if destDir {
				g.files[0].Rel = path.Base(g.files[0].Path)
			}
		}
		if err := copyInto(fo.root, dest, g.files, o); err != nil {
			return err
		}
	}
	return nil
}

// extract is ADD of a local tar: unpacked into dest with rootfs.Unpack,
// which resolves every entry inside dest's fd.
func (fo *fileOpEnv) extract(ctx context.Context, f *srcFile, dest string) error {
	h, err := pathrs.MkdirAllHandle(fo.root, dest, 0o755)
	if err != nil {
		return err
	}
	defer h.Close()
	r, err := f.src.open(f)
	if err != nil {
		return err
	}
	defer r.Close()
	dr, err := compression.Decompress(r)
	if err != nil {
		return fmt.Errorf("extract %s: %w", f.Path, err)
	}
	defer dr.Close()
	if _, err := rootfs.Unpack(ctx, dr, procFD(h)); err != nil {
		return fmt.Errorf("extract %s: %w", f.Path, err)
	}
	return nil
}

// isArchive reports whether a file is a tar, compressed or not.
func isArchive(f *srcFile) bool {
	if !f.isReg() {
		return false
	}
	r, err := f.src.open(f)
	if err != nil {
		return false
	}
	defer r.Close()
	dr, err := compression.Decompress(r)
	if err != nil {
		return false
	}
	defer dr.Close()
	_, err = tar.NewReader(dr).Next()
	return err == nil
}
