package engine

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"sync"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/internal/volume"
)

// volumeStore opens the volume store once, on first use: a run without
// volumes never touches it.
type volumeStore struct {
	once sync.Once
	s    *volume.Store
	err  error
}

// Volumes is the volume store.
func (e *Engine) Volumes() (*volume.Store, error) {
	e.vols.once.Do(func() { e.vols.s, e.vols.err = volume.Open(e.Layout) })
	return e.vols.s, e.vols.err
}

// resolveMounts plans the new container's mounts and makes the missing -v
// host dirs; the volumes they name are made with the record (createRecord).
func (e *Engine) resolveMounts(img *image.Image, o RunOptions) ([]container.Mount, error) {
	user, err := userMountPoints(o)
	if err != nil {
		return nil, err
	}
	var from []container.Mount
	for _, vf := range o.VolumesFrom {
		ref, mode, err := ParseVolumesFrom(vf)
		if err != nil {
			return nil, err
		}
		rec, err := e.Containers.Get(ref)
		if err != nil {
			return nil, fmt.Errorf("--volumes-from: %w", err)
		}
		from = append(from, fromMounts(rec.Mounts, mode)...)
	}
	var imgVols []string
	for v := range img.Config.Config.Volumes {
		imgVols = append(imgVols, v)
	}
	if len(user) == 0 && len(from) == 0 && len(imgVols) == 0 {
		return nil, nil
	}
	if err := prepareBinds(user); err != nil {
		return nil, err
	}
	return planMounts(user, from, imgVols)
}

// prepareBinds makes a missing -v host dir, as Docker does; a missing
// --mount bind source is an error, as Docker's.
func prepareBinds(mps []spec.MountPoint) error {
	for _, m := range mps {
		if m.Type != spec.MountBind {
			continue
		}
		if _, err := os.Stat(m.Source); err == nil || !errors.Is(err, os.ErrNotExist) {
			continue
		}
		if !m.CreateSource {
			return fmt.Errorf("invalid mount config for type \"bind\": bind source path does not exist: %s", m.Source)
		}
		if err := os.MkdirAll(m.Source, 0o755); err != nil {
			return fmt.Errorf("create bind source %s: %w", m.Source, err)
		}
	}
	return nil
}

// createRecord creates the container's record, and first the volumes its
// mounts name (named ones on first use, anonymous ones), all under the
// volume store's lock: once it is released the record marks them in use,
// so a concurrent volume rm either came first (the volume is made anew
// here) or fails with "volume is in use", as Docker's. On failure, the
// volumes it made are removed again.
func (e *Engine) createRecord(rec *container.Record) error {
	if !slices.ContainsFunc(rec.Mounts, func(m container.Mount) bool { return m.Type == spec.MountVolume }) {
		return e.Containers.Create(rec)
	}
	vs, err := e.Volumes()
	if err != nil {
		return err
	}
	return vs.WithLock(func(l volume.Locked) error {
		made, err := makeVolumes(l, rec.Mounts)
		if err == nil {
			err = e.Containers.Create(rec)
		}
		if err != nil {
			for _, n := range made {
				_ = l.Remove(n, nil)
			}
		}
		return err
	})
}

// makeVolumes creates the volumes ms name (or a new anonymous one), fills
// in their names and host dirs, and returns the names of those it made.
func makeVolumes(l volume.Locked, ms []container.Mount) (made []string, err error) {
	for i, m := range ms {
		if m.Type != spec.MountVolume {
			continue
		}
		v, created, err := l.Create(m.Name, nil)
		if err != nil {
			return made, err
		}
		if created {
			made = append(made, v.Name)
		}
		ms[i].Name, ms[i].Source = v.Name, v.Mountpoint
	}
	return made, nil
}

// removeAnonymousVolumes removes the anonymous volumes rec used (rm -v,
// --rm) that no other container uses.
func (e *Engine) removeAnonymousVolumes(rec *container.Record) error {
	names := rec.VolumeNames()
	if len(names) == 0 {
		return nil
	}
	vs, err := e.Volumes()
	if err != nil {
		return err
	}
	return vs.WithLock(func(l volume.Locked) error {
		recs, err := e.Containers.List()
		if err != nil {
			return err
		}
		return l.RemoveAnonymous(names, func(n string) bool { return len(container.VolumeUsers(recs, n, rec.ID)) > 0 })
	})
}

// RemoveWithVolumes is `rm -v`: Remove, then the container's anonymous volumes.
func (e *Engine) RemoveWithVolumes(ref string, force bool) error {
	rec, err := e.Containers.Get(ref)
	if err != nil {
		if force && errors.Is(err, container.ErrNotFound) {
			return nil
		}
		return err
	}
	if err := e.Remove(rec.ID, force); err != nil {
		return err
	}
	return e.removeAnonymousVolumes(rec)
}
