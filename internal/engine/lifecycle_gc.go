package engine

import (
	"errors"
	"path/filepath"

	"github.com/tent-dev/tent/internal/container"
)

// PruneReport is what `tent system prune` removed.
type PruneReport struct {
	Containers []string // removed stopped containers
	Leftovers  []string // ids whose runtime state, cgroup or netns were left by a crash
}

// Prune removes every stopped container, then what crashed runs left (GC).
func (e *Engine) Prune() (PruneReport, error) {
	var rep PruneReport
	recs, err := e.Containers.List()
	if err != nil {
		return rep, err
	}
	var errs []error
	for _, r := range recs {
		if r.State.Status != container.StatusExited || container.Alive(r.State.MonitorPid, r.State.MonitorStart) {
			continue
		}
		if err := e.Remove(r.ID, false); err != nil {
			errs = append(errs, err)
			continue
		}
		rep.Containers = append(rep.Containers, r.ID)
	}
	left, err := e.GC()
	rep.Leftovers = left
	return rep, errors.Join(append(errs, err)...)
}

// GC removes runtime state, cgroups and netns files of this store's
// containers that are not live: ids in the state dir (runtime, netns) with
// no record, and records that say (after reconciliation) the container
// exited. Only ids this store knows are touched: cgroups under /tent are
// shared by every tent root on the host. Records in "created" are left
// alone: a foreground run may be setting them up.
func (e *Engine) GC() ([]string, error) {
	ids := e.stateIDs()
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	return e.gc(ids, recs)
}

// gc is GC on the state ids and then the records read (in that order: a
// container's record is made before its state, so an id of ids without a
// record in recs has none). A candidate with a record is read again before
// its state goes, in case it started since recs were read (ps reuses the
// records it printed).
func (e *Engine) gc(candidates map[string]bool, recs []*container.Record) ([]string, error) {
	keep := map[string]bool{}
	known := map[string]bool{}
	for _, r := range recs {
		known[r.ID] = true
		if keepState(r) {
			keep[r.ID] = true
		} else if e.Runtime.CgroupExists(r.ID) {
			candidates[r.ID] = true
		}
	}
	var left []string
	var errs []error
	for id := range candidates {
		if keep[id] {
			continue
		}
		if known[id] {
			if r, err := e.Containers.Get(id); err == nil && keepState(e.Containers.Reconcile(r)) {
				continue
			}
		}
		left = append(left, id)
		errs = append(errs, e.cleanupRuntime(id))
	}
	return left, errors.Join(errs...)
}

// keepState says whether the runtime state of r's container may be in use:
// it is live, being made or removed, or its monitor still runs.
func keepState(r *container.Record) bool {
	return live(r) || r.State.Status == container.StatusCreated || r.State.Status == container.StatusRemoving ||
		container.Alive(r.State.MonitorPid, r.State.MonitorStart)
}

// stateIDs are the ids with runtime state or a netns file under this
// engine's state dir.
func (e *Engine) stateIDs() map[string]bool {
	ids := map[string]bool{}
	if rt, err := e.Runtime.List(); err == nil {
		for _, id := range rt {
			ids[id] = true
		}
	}
	matches, _ := filepath.Glob(filepath.Join(e.Layout.NetnsDir(), "*"))
	for _, m := range matches {
		if looksLikeID(filepath.Base(m)) {
			ids[filepath.Base(m)] = true
		}
	}
	return ids
}

func looksLikeID(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}
