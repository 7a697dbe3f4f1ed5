package engine

import (
	"errors"
	"fmt"
	"strconv"
	"time"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/runtime"
)

// DefaultStopTimeout is Docker's: SIGKILL 10 s after the stop signal.
const DefaultStopTimeout = 10

// signal sends sig to the container's init (all: every process of its
// cgroup) through the runtime, or to the recorded init pid when the
// runtime no longer knows it: through a pidfd checked against the
// recorded start time (procfs.Signal), so a reused pid is never hit.
func (e *Engine) signal(rec *container.Record, sig unix.Signal, all bool) error {
	if c, err := e.Runtime.Load(rec.ID); err == nil {
		if err := c.Signal(sig, all); err == nil {
			return nil
		}
	}
	if err := procfs.Signal(rec.State.Pid, rec.State.PidStart, sig); err != nil {
		if errors.Is(err, procfs.ErrGone) {
			return fmt.Errorf("container %s %w", rec.ID, ErrNotRunning)
		}
		return fmt.Errorf("signal %s: %w", rec.ID, err)
	}
	return nil
}

func live(r *container.Record) bool {
	s := r.State.Status
	return s == container.StatusRunning || s == container.StatusRestarting
}

// Stop sends the container's stop signal (--stop-signal, the image's
// STOPSIGNAL, else SIGTERM), then SIGKILL after timeout seconds (nil: the
// container's --stop-timeout, else 10). The restart policy is not applied.
func (e *Engine) Stop(ref string, timeout *int) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	return e.stopLocked(rec, timeout)
}

func (e *Engine) stopLocked(rec *container.Record, timeout *int) error {
	if err := e.markStopped(rec.ID); err != nil {
		return err
	}
	if !live(rec) {
		return nil
	}
	o := recordOptions(rec)
	t := DefaultStopTimeout
	if o.StopTimeout != nil {
		t = *o.StopTimeout
	}
	if timeout != nil {
		t = *timeout
	}
	sig, err := ParseSignal(firstNonEmpty(o.StopSignal, e.imageStopSignal(rec), "SIGTERM"))
	if err != nil {
		return err
	}
	if rec.State.Status == container.StatusRunning {
		e.signalEvent(rec, sig, false)
		if e.waitDown(rec.ID, time.Duration(t)*time.Second) {
			e.containerEvent(rec, "stop")
			return nil
		}
		e.signalEvent(rec, unix.SIGKILL, true)
	}
	if !e.waitDown(rec.ID, 10*time.Second) {
		return fmt.Errorf("stop %s: still running after SIGKILL", rec.ID)
	}
	e.containerEvent(rec, "stop")
	return nil
}

// signalEvent signals the container, records Docker's kill event and lets
// a paused container run again to handle the signal.
func (e *Engine) signalEvent(rec *container.Record, sig unix.Signal, all bool) error {
	err := e.signal(rec, sig, all)
	if err == nil {
		e.containerEvent(rec, "kill", "signal", strconv.Itoa(int(sig)))
	}
	e.thawIfPaused(rec)
	return err
}

// markStopped records that the user stopped the container: no restart.
func (e *Engine) markStopped(id string) error {
	return e.Containers.Update(id, func(r *container.Record) error {
		r.State.StoppedByUser = true
		return nil
	})
}

// waitDown polls the record until the container is no longer live (the
// monitor recorded the exit, or died), at most d.
func (e *Engine) waitDown(id string, d time.Duration) bool {
	deadline := time.Now().Add(d)
	for {
		rec, err := e.Containers.Get(id)
		if err != nil || !live(rec) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Kill sends sig (default SIGKILL) to a running container.
func (e *Engine) Kill(ref, sigName string) error {
	sig, err := ParseSignal(firstNonEmpty(sigName, "SIGKILL"))
	if err != nil {
		return err
	}
	rec, err := e.Containers.Get(ref)
	if err != nil {
		return err
	}
	if rec.State.Status != container.StatusRunning {
		return fmt.Errorf("cannot kill container %s: container %s %w", ref, rec.ID, ErrNotRunning)
	}
	if sig == unix.SIGKILL {
		if err := e.markStopped(rec.ID); err != nil {
			return err
		}
	}
	return e.signalEvent(rec, sig, false)
}

// ParseSignal reads "KILL", "SIGKILL", "sigterm" or "9" (runtime.ParseSignal).
func ParseSignal(s string) (unix.Signal, error) { return runtime.ParseSignal(s) }

// imageStopSignal is the image's STOPSIGNAL, "" when unknown.
func (e *Engine) imageStopSignal(rec *container.Record) string {
	img, err := e.Images.Resolve(firstNonEmpty(rec.ImageID, rec.Image))
	if err != nil {
		return ""
	}
	return img.Config.Config.StopSignal
}

// lockGet resolves ref and takes the container's operation lock.
func (e *Engine) lockGet(ref string) (*container.Record, func(), error) {
	id, err := e.Containers.Resolve(ref)
	if err != nil {
		return nil, nil, err
	}
	unlock, err := e.Containers.Lock(id)
	if err != nil {
		return nil, nil, err
	}
	rec, err := e.Containers.Get(id)
	if err != nil {
		unlock()
		return nil, nil, err
	}
	return rec, unlock, nil
}
