package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/cgroups"
)

// The runtime owns its containers' cgroups: each is <parent>/<id> (the
// parent is WithCgroupParent, defaultCgroupParent unless set), unless the
// spec names another path. The operations by id below work from any
// process and even once state.json is gone (a crashed run), since the path
// is derived from the id; when the state is there, its path wins.

// CgroupPath is the cgroup path of container id, e.g. /tent/<id>: what a
// caller puts in the spec's Linux.CgroupsPath.
func (r *Runtime) CgroupPath(id string) string {
	return filepath.Join(r.opts.cgroupParent, id)
}

// cgroupPathFor is the spec's cgroup path, else the one derived from id.
// A relative one is under the cgroup parent (the runtime-spec leaves its
// base to the runtime); one that climbs out of it is left relative, for
// the cgroup manager to refuse.
func (r *Runtime) cgroupPathFor(id string, spec *specs.Spec) string {
	if spec.Linux == nil || spec.Linux.CgroupsPath == "" {
		return r.CgroupPath(id)
	}
	p := spec.Linux.CgroupsPath
	if strings.HasPrefix(p, "/") {
		return p
	}
	if j := path.Join(r.opts.cgroupParent, p); strings.HasPrefix(j, r.opts.cgroupParent+"/") {
		return j
	}
	return p
}

// loadCgroup is container id's existing cgroup; the error wraps
// fs.ErrNotExist when it is gone.
func (r *Runtime) loadCgroup(id string) (cgroups.Manager, error) {
	if err := validID(id); err != nil {
		return nil, err
	}
	p := r.CgroupPath(id)
	if st, err := readState(filepath.Join(r.root, id)); err == nil && st.CgroupPath != "" {
		p = st.CgroupPath
	}
	return cgroups.Load(p, r.opts.cgroupOpts()...)
}

// CgroupExists reports whether container id's cgroup is still there.
func (r *Runtime) CgroupExists(id string) bool {
	_, err := r.loadCgroup(id)
	return err == nil
}

// Stats reads container id's cgroup.
func (r *Runtime) Stats(id string) (*Stats, error) {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return nil, fmt.Errorf("stats %s: %w", id, err)
	}
	return cg.Stats()
}

// Pids lists every process (host pids) in container id's cgroup.
func (r *Runtime) Pids(id string) ([]int, error) {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return nil, fmt.Errorf("pids %s: %w", id, err)
	}
	return cg.Pids()
}

// OOMKilled reports whether the kernel OOM-killed a process of container
// id's cgroup.
func (r *Runtime) OOMKilled(id string) (bool, error) {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return false, fmt.Errorf("oom %s: %w", id, err)
	}
	return cg.OOMKilled()
}

// Freeze stops every process of container id (pause).
func (r *Runtime) Freeze(id string) error {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return fmt.Errorf("freeze %s: %w", id, err)
	}
	return cg.Freeze()
}

// Thaw lets a frozen container id run again (unpause).
func (r *Runtime) Thaw(id string) error {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return fmt.Errorf("thaw %s: %w", id, err)
	}
	return cg.Thaw()
}

// Update rewrites the limits of container id's live cgroup (runc update).
// Limits this cgroup version's manager would not write are refused, as
// Create refuses them.
func (r *Runtime) Update(id string, res *specs.LinuxResources) error {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	if err := checkResources(res, cg.Mode() == cgroups.V2); err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	if err := cg.Update(res); err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	return nil
}

// RemoveCgroup SIGKILLs what is left in container id's cgroup and removes
// it; a cgroup already gone is not an error.
func (r *Runtime) RemoveCgroup(id string) error {
	cg, err := r.loadCgroup(id)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("remove cgroup of %s: %w", id, err)
	}
	_ = cg.Kill()
	if err := destroyCgroup(cg); err != nil {
		return fmt.Errorf("remove cgroup of %s: %w", id, err)
	}
	return nil
}

// destroyCgroup removes the cgroup, retrying while the last processes of
// the pid namespace are still exiting.
func destroyCgroup(cg cgroups.Manager) error {
	// Destroy already waits (about a second) for killed tasks to leave; if
	// some are still there, kill what is left once more and try again.
	err := cg.Destroy()
	if err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	_ = cg.Kill()
	if err = cg.Destroy(); err == nil || errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	return err
}

// CgroupVersion is the host's cgroup version, 1 (also a hybrid host) or 2.
func (r *Runtime) CgroupVersion() (int, error) {
	m, err := cgroups.Detect(cgroups.DefaultRoot)
	if err != nil {
		return 0, err
	}
	return int(m), nil
}
