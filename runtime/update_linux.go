package runtime

import (
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Update rewrites the limits of container id's live cgroup (tent update,
// runc update): only the parts r sets are written, on v1 and v2 alike.
func (r *Runtime) Update(id string, res *specs.LinuxResources) error {
	cg, err := r.loadCgroup(id)
	if err != nil {
		return fmt.Errorf("update %s: %w", id, err)
	}
	return cg.Update(res)
}
