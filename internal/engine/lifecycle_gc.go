package engine

import (
	"errors"
	"os"
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

// GC removes runtime state, cgroups and netns files of containers that are
// not live: no record, or a record that says (after reconciliation) that
// the container exited. Records in "created" are left alone: a foreground
// run may be setting them up.
func (e *Engine) GC() ([]string, error) {
	keep := map[string]bool{}
	recs, err := e.Containers.List()
	if err != nil {
		return nil, err
	}
	for _, r := range recs {
		if live(r) || r.State.Status == container.StatusCreated || r.State.Status == container.StatusRemoving ||
			container.Alive(r.State.MonitorPid, r.State.MonitorStart) {
			keep[r.ID] = true
		}
	}
	var left []string
	var errs []error
	for id := range e.leftoverIDs() {
		if keep[id] {
			continue
		}
		left = append(left, id)
		errs = append(errs, e.cleanupRuntime(id))
	}
	return left, errors.Join(errs...)
}

// leftoverIDs are the container ids that have runtime state, a netns file
// or a cgroup under /tent.
func (e *Engine) leftoverIDs() map[string]bool {
	ids := map[string]bool{}
	if rt, err := e.Runtime.List(); err == nil {
		for _, id := range rt {
			ids[id] = true
		}
	}
	globs := []string{filepath.Join(e.State, "netns", "*"), "/sys/fs/cgroup/*/tent/*", "/sys/fs/cgroup/tent/*"}
	for _, g := range globs {
		matches, _ := filepath.Glob(g)
		for _, m := range matches {
			if st, err := os.Stat(m); err == nil && (st.IsDir() || st.Mode().IsRegular()) && looksLikeID(filepath.Base(m)) {
				ids[filepath.Base(m)] = true
			}
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
