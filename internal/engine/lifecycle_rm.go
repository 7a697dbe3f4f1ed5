package engine

import (
	"errors"
	"fmt"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/procfs"
)

// Remove deletes a container: its runtime state and cgroup, network,
// record and dir. A live container needs force (it is killed first). With
// force a container that does not exist (or was just removed by another
// `rm -f`) is not an error.
func (e *Engine) Remove(ref string, force bool) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		if force && errors.Is(err, container.ErrNotFound) {
			return nil
		}
		return err
	}
	defer unlock()
	if live(rec) {
		if !force {
			return fmt.Errorf("cannot remove container %q: container is %s: stop the container before removing or force remove", "/"+rec.Name, rec.State.Status)
		}
		if err := e.Containers.Update(rec.ID, func(r *container.Record) error {
			r.State.Status, r.State.StoppedByUser = container.StatusRemoving, true
			return nil
		}); err != nil {
			return err
		}
		_ = e.signal(rec, unix.SIGKILL, true)
	}
	e.waitMonitor(rec, 10*time.Second)
	if err := e.cleanup(rec.ID); err != nil {
		return err
	}
	e.containerEvent(rec, "destroy")
	return nil
}

// waitMonitor waits for the container's monitor to finish its teardown.
func (e *Engine) waitMonitor(rec *container.Record, d time.Duration) {
	deadline := time.Now().Add(d)
	for container.Alive(rec.State.MonitorPid, rec.State.MonitorStart) && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	_ = procfs.Signal(rec.State.MonitorPid, rec.State.MonitorStart, unix.SIGKILL)
}

// cleanup removes whatever a container left, whoever made it; every step
// is idempotent, so it also finishes what a crashed run started.
func (e *Engine) cleanup(id string) error {
	var errs []error
	if c, err := e.Runtime.Load(id); err == nil {
		if err := c.Delete(true); err != nil {
			errs = append(errs, fmt.Errorf("delete runtime state: %w", err))
		}
	}
	if err := e.Network.Detach(id); err != nil {
		errs = append(errs, fmt.Errorf("detach network: %w", err))
	}
	errs = append(errs, e.Runtime.RemoveCgroup(id))
	if err := e.Containers.Remove(id); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// recordOptions decodes the run options kept in the record.
func recordOptions(rec *container.Record) RunOptions {
	return unmarshalOptions(rec.Opts)
}
