package engine

import (
	"context"
	"errors"
	"time"

	"github.com/tent-dev/tent/internal/container"
)

// Start starts a stopped (or created) container again under a new monitor,
// with the same upper dir: what it wrote before is still there.
func (e *Engine) Start(ref string) (*container.Record, error) {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return nil, err
	}
	defer unlock()
	return rec, e.startLocked(rec)
}

func (e *Engine) startLocked(rec *container.Record) error {
	if live(rec) {
		return nil // Docker: starting a running container is a no-op
	}
	if container.Alive(rec.State.MonitorPid, rec.State.MonitorStart) {
		e.waitMonitor(rec, 5*time.Second) // the last run's teardown
	}
	_ = e.cleanupRuntime(rec.ID) // what a crashed run left
	if err := e.Containers.Update(rec.ID, func(r *container.Record) error {
		r.State.StoppedByUser = false
		r.State.Error = ""
		return nil
	}); err != nil {
		return err
	}
	return e.spawnMonitor(rec.ID)
}

// Restart stops the container (as Stop) and starts it again.
func (e *Engine) Restart(ref string, timeout *int) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	if err := e.stopLocked(rec, timeout); err != nil {
		return err
	}
	if rec, err = e.Containers.Get(rec.ID); err != nil {
		return err
	}
	return e.startLocked(rec)
}

// Wait blocks until the container has exited (and will not be restarted)
// and returns its exit code.
func (e *Engine) Wait(ctx context.Context, ref string) (int, error) {
	id, err := e.Containers.Resolve(ref)
	if err != nil {
		return 0, err
	}
	for {
		rec, err := e.Containers.Get(id)
		if err != nil {
			if errors.Is(err, container.ErrNotFound) { // removed (--rm) while we waited
				return 0, nil
			}
			return 0, err
		}
		if rec.State.Status == container.StatusExited && !container.Alive(rec.State.MonitorPid, rec.State.MonitorStart) {
			return rec.State.ExitCode, nil
		}
		if rec.State.Status == container.StatusExited && rec.State.StoppedByUser {
			return rec.State.ExitCode, nil
		}
		select {
		case <-ctx.Done():
			return 0, ctx.Err()
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// cleanupRuntime removes runtime state, network and cgroup a container left
// (the record stays).
func (e *Engine) cleanupRuntime(id string) error {
	var errs []error
	if c, err := e.Runtime.Load(id); err == nil {
		errs = append(errs, c.Delete(true))
	}
	errs = append(errs, e.Network.Detach(id), e.Runtime.RemoveCgroup(id))
	return errors.Join(errs...)
}
