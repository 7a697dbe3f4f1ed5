package engine

import (
	"errors"
	"fmt"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/volume"
)

// VolumeCreate is `volume create`: a named volume, or an anonymous one
// for name "" (an existing one is returned as it is).
func (e *Engine) VolumeCreate(name string, labels map[string]string) (*volume.Volume, error) {
	vs, err := e.Volumes()
	if err != nil {
		return nil, err
	}
	v, _, err := vs.Create(name, labels)
	return v, err
}

// VolumeInspect reads one volume.
func (e *Engine) VolumeInspect(name string) (*volume.Volume, error) {
	vs, err := e.Volumes()
	if err != nil {
		return nil, err
	}
	return vs.Get(name)
}

// VolumeList is `volume ls`: the volumes the filter passes.
func (e *Engine) VolumeList(f volume.Filter) ([]*volume.Volume, error) {
	vs, err := e.Volumes()
	if err != nil {
		return nil, err
	}
	all, err := vs.List()
	if err != nil {
		return nil, err
	}
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	var out []*volume.Volume
	for _, v := range all {
		if f.Match(v, len(container.VolumeUsers(recs, v.Name, "")) > 0) {
			out = append(out, v)
		}
	}
	return out, nil
}

// VolumeRemove is `volume rm`: refused while a container (running or
// not) uses it; with force a missing volume is no error.
func (e *Engine) VolumeRemove(name string, force bool) error {
	vs, err := e.Volumes()
	if err != nil {
		return err
	}
	err = vs.WithLock(func(l volume.Locked) error { // no run can start using it meanwhile
		recs, err := e.Containers.List()
		if err != nil {
			return err
		}
		return l.Remove(name, container.VolumeUsers(recs, name, ""))
	})
	if force && errors.Is(err, volume.ErrNotFound) {
		return nil
	}
	return err
}

// VolumePruneReport is what `volume prune` removed.
type VolumePruneReport struct {
	Volumes        []string
	SpaceReclaimed int64
}

// VolumePrune removes the unused volumes: anonymous ones, or all with all.
func (e *Engine) VolumePrune(all bool, f volume.Filter) (VolumePruneReport, error) {
	var rep VolumePruneReport
	vs, err := e.Volumes()
	if err != nil {
		return rep, err
	}
	err = vs.WithLock(func(l volume.Locked) error { // no run can start using them meanwhile
		vols, err := vs.List()
		if err != nil {
			return err
		}
		recs, err := e.Containers.List()
		if err != nil {
			return err
		}
		var errs []error
		for _, v := range volume.PruneSet(vols, func(n string) []string { return container.VolumeUsers(recs, n, "") }, all, f) {
			size := vs.Size(v.Name)
			if err := l.Remove(v.Name, nil); err != nil {
				errs = append(errs, fmt.Errorf("prune: %w", err))
				continue
			}
			rep.Volumes, rep.SpaceReclaimed = append(rep.Volumes, v.Name), rep.SpaceReclaimed+size
		}
		return errors.Join(errs...)
	})
	return rep, err
}
