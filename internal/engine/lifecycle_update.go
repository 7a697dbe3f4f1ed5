package engine

import (
	"errors"
	"fmt"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/internal/spec"
)

// UpdateOptions are tent update's flags; nil: unchanged.
type UpdateOptions struct {
	Memory     *int64
	MemorySwap *int64
	CPUs       *float64
	CPUShares  *uint64
	PidsLimit  *int64
	Restart    *string
}

// resourceUpdater is the runtime's live cgroup update, behind its own
// interface so the engine's fakes need not have it.
type resourceUpdater interface {
	Update(id string, r *specs.LinuxResources) error
}

// Update changes a container's limits and restart policy: written to its
// cgroup now when it runs, and kept in the record for every later start
// (the monitor re-reads the policy after each exit).
func (e *Engine) Update(ref string, u UpdateOptions) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	o := recordOptions(rec)
	if err := applyUpdate(&o, u); err != nil {
		return err
	}
	if u.hasResources() && rec.State.Status == container.StatusRunning {
		ru, ok := e.Runtime.(resourceUpdater)
		if !ok {
			return errors.New("this runtime cannot update limits")
		}
		if err := ru.Update(rec.ID, spec.UpdateResources(resourcesOf(o), u.PidsLimit != nil)); err != nil {
			return fmt.Errorf("cannot update container %s: %w", rec.ID, err)
		}
	}
	b, err := marshalOptions(o)
	if err != nil {
		return fmt.Errorf("encode run options: %w", err)
	}
	if err := e.Containers.Update(rec.ID, func(r *container.Record) error { r.Opts = b; return nil }); err != nil {
		return err
	}
	e.containerEvent(rec, "update")
	return nil
}

func (u UpdateOptions) hasResources() bool {
	return u.Memory != nil || u.MemorySwap != nil || u.CPUs != nil || u.CPUShares != nil || u.PidsLimit != nil
}

// applyUpdate sets u's values in o and checks the result as run does,
// with Docker's messages.
func applyUpdate(o *RunOptions, u UpdateOptions) error {
	if u.Memory != nil && u.MemorySwap == nil && o.MemorySwap > 0 && *u.Memory > o.MemorySwap {
		return errors.New("memory limit should be smaller than already set memoryswap limit, update the memoryswap at the same time")
	}
	set(&o.Memory, u.Memory)
	set(&o.MemorySwap, u.MemorySwap)
	set(&o.CPUs, u.CPUs)
	set(&o.CPUShares, u.CPUShares)
	set(&o.PidsLimit, u.PidsLimit)
	if err := resourcesOf(*o).Validate(); err != nil {
		return err
	}
	if u.Restart != nil {
		p, err := monitor.ParsePolicy(*u.Restart)
		if err != nil {
			return err
		}
		if o.Rm && p.Name != "no" {
			return errors.New("restart policy cannot be updated because AutoRemove is enabled for the container")
		}
		o.Restart = p.String()
	}
	return nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}

// Rename gives a container a new name (docker rename).
func (e *Engine) Rename(ref, newName string) error {
	rec, unlock, err := e.lockGet(ref)
	if err != nil {
		return err
	}
	defer unlock()
	old, err := e.Containers.Rename(rec.ID, newName)
	if err != nil {
		return err
	}
	rec.Name = strings.TrimPrefix(newName, "/")
	e.containerEvent(rec, "rename", "oldName", "/"+old)
	return nil
}
