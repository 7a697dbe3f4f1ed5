package runtime

import (
	"fmt"
	"path/filepath"

	"github.com/tent-dev/tent/runtime/cgroups"
)

func (r *Runtime) load(id string) (Container, error) {
	dir := filepath.Join(r.root, id)
	st, err := readState(dir)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	cg, err := cgroups.New(st.CgroupPath, r.opts.cgroupOpts()...)
	if err != nil {
		return nil, fmt.Errorf("load %s: %w", id, err)
	}
	return &container{dir: dir, st: st, cg: cg, cgCreated: true, log: r.opts.log, warn: r.opts.warn}, nil
}
