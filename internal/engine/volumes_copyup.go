package engine

import (
	"context"
	"fmt"
	"io"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/rootfs"
)

// copyUp fills the container's new volumes from the image, as Docker:
// on the first start, a volume that is empty then gets what the image
// holds at its mount point (owners, modes and times kept), unless nocopy.
// The image's layers and the init layer are mounted read-only in a
// private mount namespace; the path is resolved inside it and archived
// through fds (rootfs.Archive) into the volume (rootfs.Unpack). Then the
// record forgets CopyUp.
func (e *Engine) copyUp(rec *container.Record, lowers []string) error {
	var todo []container.Mount
	for _, m := range rec.Mounts {
		if m.CopyUp && m.Type == spec.MountVolume {
			todo = append(todo, m)
		}
	}
	if len(todo) == 0 {
		return nil
	}
	vs, err := e.Volumes()
	if err != nil {
		return err
	}
	unlock, err := vs.Lock()
	if err != nil {
		return fmt.Errorf("lock the volumes: %w", err)
	}
	defer unlock()
	target := e.Layout.RootfsMountpoint()
	ms, err := rootfs.Overlay(lowers, "", "", target)
	if err != nil {
		return err
	}
	err = withMountedRoot(ms, target, nil, false, func(root int) error {
		for _, m := range todo {
			if empty, err := vs.Empty(m.Name); err != nil || !empty {
				continue
			}
			if !statIn(root, m.Destination, true).IsDir {
				continue
			}
			if err := pipeArchive(root, m.Destination, ".", true, func(r io.Reader) error {
				_, err := rootfs.Unpack(context.Background(), r, m.Source, unpackOptions(true)...)
				return err
			}); err != nil {
				return fmt.Errorf("copy %s from the image into volume %s: %w", m.Destination, m.Name, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return e.Containers.Update(rec.ID, func(r *container.Record) error {
		for i := range r.Mounts {
			r.Mounts[i].CopyUp = false
		}
		return nil
	})
}

// copyUp fills the run's new volumes from the image's layers and the
// init layer (Engine.copyUp).
func (r *fgRun) copyUp(layers []string) error {
	if !anyCopyUp(r.rec.Mounts) {
		return nil
	}
	initDir, err := r.e.initLayer()
	if err != nil {
		return engineErr("%w", err)
	}
	if err := r.e.copyUp(r.rec, append(append([]string{}, layers...), initDir)); err != nil {
		return engineErr("%w", err)
	}
	return nil
}

func anyCopyUp(ms []container.Mount) bool {
	for _, m := range ms {
		if m.CopyUp {
			return true
		}
	}
	return false
}
