package engine

import (
	"errors"
	"fmt"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/exitcode"
)

// ErrPaused is returned (wrapped) by exec into a paused container.
var ErrPaused = errors.New("is paused, unpause the container before exec")

// Pause freezes every process of a running container (docker pause).
func (e *Engine) Pause(ref string) error {
	return e.setPaused(ref, true)
}

// Unpause thaws a paused container (docker unpause).
func (e *Engine) Unpause(ref string) error {
	return e.setPaused(ref, false)
}

func (e *Engine) setPaused(ref string, pause bool) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	switch {
	case rec.State.Status != container.StatusRunning:
		return fmt.Errorf("container %s %w", rec.ID, ErrNotRunning)
	case pause && rec.State.Paused:
		return fmt.Errorf("container %s is already paused", rec.ID)
	case !pause && !rec.State.Paused:
		return fmt.Errorf("container %s is not paused", rec.ID)
	}
	f, ok := e.Runtime.(freezer)
	if !ok {
		return errors.New("this runtime cannot pause containers")
	}
	op, action := f.Thaw, "unpause"
	if pause {
		op, action = f.Freeze, "pause"
	}
	if err := op(rec.ID); err != nil {
		return fmt.Errorf("%s %s: %w", action, rec.ID, err)
	}
	if err := e.Containers.Update(rec.ID, func(r *container.Record) error {
		r.State.Paused = pause
		return nil
	}); err != nil {
		return err
	}
	e.containerEvent(rec, action)
	return nil
}

// thawIfPaused lets a paused container run again after a signal was sent
// to it, so that it handles the signal (Docker thaws on stop and kill).
func (e *Engine) thawIfPaused(rec *container.Record) {
	if !rec.State.Paused {
		return
	}
	if f, ok := e.Runtime.(freezer); ok {
		_ = f.Thaw(rec.ID)
	}
	_ = e.Containers.Update(rec.ID, func(r *container.Record) error {
		r.State.Paused = false
		return nil
	})
	e.containerEvent(rec, "unpause")
}

// refusePaused is exec's check: Docker refuses to exec into a paused
// container.
func refusePaused(rec *container.Record) error {
	if rec.State.Paused {
		return exitcode.New(1, fmt.Errorf("container %s %w", rec.ID, ErrPaused))
	}
	return nil
}

// StatusPaused is the status inspect and ps show for a paused container.
const StatusPaused = "paused"

// pausedStatus is Docker's State.Status: "paused" for a frozen running
// container.
func pausedStatus(s container.State) string {
	if s.Paused && s.Status == container.StatusRunning {
		return StatusPaused
	}
	return s.Status
}
