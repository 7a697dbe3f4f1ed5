package engine

import (
	"errors"
	"time"

	"github.com/tent-dev/tent/internal/container"
)

// teardown undoes what the run made, in reverse: the runtime's container
// (init killed, cgroup and state removed), the network, and the record
// (removed with --rm, else marked exited). runErr is the run's own error.
func (r *fgRun) teardown(runErr error) error {
	var errs []error
	if r.console != nil {
		r.console.restore()
	}
	t := time.Now()
	if r.ctr != nil {
		if err := r.ctr.Delete(true); err != nil {
			errs = append(errs, err)
		}
	} else if r.rec != nil {
		r.deleteLeftover()
	}
	r.tr.since("  runtime delete", t)
	if r.net != nil {
		t = time.Now()
		if err := r.net.detach(); err != nil {
			errs = append(errs, err)
		}
		r.tr.since("  network detach", t)
	}
	if r.rec != nil {
		t = time.Now()
		errs = append(errs, r.finishRecord(runErr))
		r.tr.since("  record remove/update", t)
	}
	return errors.Join(errs...)
}

// deleteLeftover removes runtime state a failed Create may have left.
func (r *fgRun) deleteLeftover() {
	if c, err := r.e.Runtime.Load(r.rec.ID); err == nil {
		_ = c.Delete(true)
	}
}

// finishRecord removes the record (--rm) or records how the container ended.
func (r *fgRun) finishRecord(runErr error) error {
	if r.o.Rm {
		return r.e.Containers.Remove(r.rec.ID)
	}
	return r.e.Containers.Update(r.rec.ID, func(rec *container.Record) error {
		rec.State.Status, rec.State.Pid = container.StatusExited, 0
		rec.State.ExitCode, rec.State.OOMKilled = r.status.Code, r.status.OOMKilled
		rec.State.FinishedAt = time.Now().UTC()
		if runErr != nil {
			rec.State.Error, rec.State.ExitCode = runErr.Error(), exitCodeOf(runErr)
		}
		return nil
	})
}
