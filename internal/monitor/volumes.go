package monitor

import (
	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/volume"
)

// removeVolumes removes a --rm container's anonymous volumes that no other
// container uses, as a foreground `tent run --rm` does.
func (m *monitor) removeVolumes(rec *container.Record) {
	names := rec.VolumeNames()
	if len(names) == 0 {
		return
	}
	vs, err := volume.Open(m.c.Store.Layout())
	if err == nil {
		err = vs.WithLock(func(l volume.Locked) error {
			recs, err := m.c.Store.List()
			if err != nil {
				return err
			}
			return l.RemoveAnonymous(names, func(n string) bool { return len(container.VolumeUsers(recs, n, rec.ID)) > 0 })
		})
	}
	if err != nil && m.dbg.On() {
		m.dbg.Debugf("remove %s's anonymous volumes: %v", rec.ID, err)
	}
}
