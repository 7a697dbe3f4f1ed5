package engine

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/layout"
)

// The init layer is one small read-only layer, shared by all containers and
// put above the image's layers (Docker has a per-container one): it holds
// the mount points the runtime binds or mounts over — /etc/hostname,
// /etc/hosts, /etc/resolv.conf, /proc, /sys, /dev — so that they exist in
// the merged view and the runtime does not create them in the container's
// upper dir. Without it every run copies /etc up and leaves files and a
// directory in the upper dir, which cost time to make and to remove.
var initLayerEntries = []struct {
	path string
	dir  bool
	mode os.FileMode
}{
	{"dev", true, 0o755}, {"proc", true, 0o555}, {"sys", true, 0o555}, {"etc", true, 0o755},
	{"etc/hostname", false, 0o644}, {"etc/hosts", false, 0o644}, {"etc/resolv.conf", false, 0o644},
}

// initLayer returns the shared init layer, making it on first use.
func (e *Engine) initLayer() (string, error) {
	dir := e.Layout.InitLayerDir()
	if _, err := os.Stat(dir); err == nil {
		return dir, nil
	}
	tmp, err := os.MkdirTemp(e.Layout.Root, layout.InitLayerTempPattern)
	if err != nil {
		return "", fmt.Errorf("make the init layer: %w", err)
	}
	defer os.RemoveAll(tmp) // left only when another run made it first
	if err := os.Chmod(tmp, 0o755); err != nil {
		return "", fmt.Errorf("make the init layer: %w", err)
	}
	if err := fillInitLayer(tmp); err != nil {
		return "", err
	}
	// Another run may have made it meanwhile: then the rename fails, and that is fine.
	if err := os.Rename(tmp, dir); err != nil && !errors.Is(err, unix.EEXIST) && !errors.Is(err, unix.ENOTEMPTY) {
		return "", fmt.Errorf("make the init layer: %w", err)
	}
	return dir, nil
}

func fillInitLayer(dir string) error {
	for _, ent := range initLayerEntries {
		p := filepath.Join(dir, ent.path)
		var err error
		if ent.dir {
			err = os.Mkdir(p, ent.mode)
		} else {
			err = os.WriteFile(p, nil, ent.mode)
		}
		if err == nil {
			err = os.Chmod(p, ent.mode) // past the umask
		}
		if err != nil {
			return fmt.Errorf("make the init layer: %w", err)
		}
	}
	return nil
}
