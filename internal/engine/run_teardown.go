package engine

import (
	"errors"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
)

// teardown undoes what the run made, in reverse: the runtime's container
// (init killed, cgroup and state removed), the network, and the record
// (removed with --rm, else marked exited). runErr is the run's own error.
func (r *fgRun) teardown(runErr error) error {
	r.abortSpawned()
	if r.console != nil {
		r.console.restore()
	}
	r.pipes.close()
	if r.recorded != nil {
		<-r.recorded
	}
	t := r.tr.Start()
	var delErr error
	var deleted <-chan error
	if r.ctr != nil && r.exited {
		// The init is gone, and with it the mount namespace: the runtime's
		// cleanup and the record's can go side by side.
		deleted = goErr(func() error { return r.ctr.Delete(true) })
	} else {
		delErr = r.deleteContainer() // kill first, then remove what it used
		r.tr.End("  runtime delete", t)
	}
	errs := []error{delErr, r.detachNetwork(), r.removeRecord(runErr)}
	if deleted != nil {
		errs = append(errs, <-deleted)
		r.tr.End("  runtime delete (side by side)", t)
	}
	return errors.Join(errs...)
}

func (r *fgRun) deleteContainer() error {
	if r.ctr != nil {
		return r.ctr.Delete(true)
	}
	if r.rec != nil {
		r.deleteLeftover()
	}
	return nil
}

func (r *fgRun) detachNetwork() error {
	if r.net == nil {
		return nil
	}
	t := r.tr.Start()
	defer r.tr.End("  network detach", t)
	return r.net.detach()
}

func (r *fgRun) removeRecord(runErr error) error {
	if r.rec == nil {
		return nil
	}
	t := r.tr.Start()
	defer r.tr.End("  record remove/update", t)
	return r.finishRecord(runErr)
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
		if err := r.e.Containers.Remove(r.rec.ID); err != nil {
			return err
		}
		r.e.containerEvent(r.rec, "destroy")
		return r.e.removeAnonymousVolumes(r.rec)
	}
	return r.e.Containers.Update(r.rec.ID, func(rec *container.Record) error {
		rec.State.Status, rec.State.Pid = container.StatusExited, 0
		rec.State.ExitCode, rec.State.OOMKilled = r.status.Code, r.status.OOMKilled
		rec.State.FinishedAt = time.Now().UTC()
		if runErr != nil {
			rec.State.Error, rec.State.ExitCode = runErr.Error(), exitcode.Or(runErr, exitcode.Engine)
		}
		return nil
	})
}
