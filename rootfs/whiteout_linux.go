package rootfs

import (
	"fmt"
	"io"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

// osLayers reads layer directories on the host. Paths given to it never
// cross a symlink inside the layer (the lookup resolves those itself), and
// the final component is not followed.
type osLayers struct{}

func (osLayers) stat(layer, rel string) (nodeKind, error) {
	p := filepath.Join(layer, rel)
	var st unix.Stat_t
	if err := unix.Lstat(p, &st); err != nil {
		if err == unix.ENOENT || err == unix.ENOTDIR {
			return nodeMissing, nil
		}
		return 0, fmt.Errorf("lstat %s: %w", p, err)
	}
	switch st.Mode & unix.S_IFMT {
	case unix.S_IFDIR:
		if isOpaque(p) {
			return nodeOpaqueDir, nil
		}
		return nodeDir, nil
	case unix.S_IFREG:
		return nodeFile, nil
	case unix.S_IFLNK:
		return nodeSymlink, nil
	case unix.S_IFCHR:
		if st.Rdev == 0 {
			return nodeWhiteout, nil
		}
	}
	return nodeOther, nil
}

// isOpaque reports whether dir p has trusted.overlay.opaque=y.
func isOpaque(p string) bool {
	var buf [2]byte
	n, err := unix.Lgetxattr(p, OverlayOpaqueXattr, buf[:])
	return err == nil && n == 1 && buf[0] == 'y'
}

func (osLayers) readlink(layer, rel string) (string, error) {
	return os.Readlink(filepath.Join(layer, rel))
}

func (osLayers) readFile(layer, rel string) ([]byte, error) {
	p := filepath.Join(layer, rel)
	f, err := os.OpenFile(p, os.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK, 0)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxLayerFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", p, err)
	}
	if len(b) > maxLayerFileSize {
		return nil, fmt.Errorf("%s is larger than %d bytes", p, maxLayerFileSize)
	}
	return b, nil
}
