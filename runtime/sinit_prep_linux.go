package runtime

import (
	"os"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// staticPrep is what Create prepares for a static init before it waits
// for the spawned one (a run -d's monitor clones it): the plan, the table,
// and the rootfs overlay as a detached mount (rootfs.Detach), whose
// filesystem is made while the init is not there yet.
type staticPrep struct {
	sp       staticPlan
	table    *sinitTable
	encoded  []byte
	cgroupNS bool // the table's: the spawned init's must match
	rootfs   *rootfs.Detached
}

// prepareStatic is the prep for a spawned init cloned with flags, when one
// is coming, would be the static init, and the container fits it; else nil.
func (c *container) prepareStatic(cfg *initcodec.Config, spec *specs.Spec, flags uintptr, o CreateOpts) *staticPrep {
	if o.Spawned == nil || !staticSpawn(flags&^unix.CLONE_NEWCGROUP, spec.Process.Terminal) {
		return nil
	}
	pc := *cfg
	pc.UnshareCgroupNS = flags&unix.CLONE_NEWCGROUP != 0  // as Spawn's
	pc.Joins = joinsThroughParent(cfg.Joins, os.Getpid()) // as cloneInit's
	sp, why := planStatic(spec, &pc, flags, filepath.Join(cgroups.DefaultRoot, c.cg.Path()))
	if why != "" {
		return nil
	}
	t, err := staticTable(&pc, sp, c.cg.ThreadFiles())
	if err != nil {
		return nil // made again, and its error reported, once the init is there
	}
	b, err := t.encode()
	if err != nil {
		return nil
	}
	p := &staticPrep{sp: sp, table: t, encoded: b, cgroupNS: pc.UnshareCgroupNS}
	if d, err := rootfs.Detach(o.RootfsMounts); err == nil {
		p.rootfs = d
	} else if c.log.On() {
		c.log.Debugf("static init: the rootfs is mounted in place (%v)", err)
	}
	return p
}

// usable says whether p was prepared for cfg's init; if not, it is
// closed, and nil is returned.
func (p *staticPrep) usable(cfg *initcodec.Config) *staticPrep {
	if p == nil || p.cgroupNS == cfg.UnshareCgroupNS {
		return p
	}
	p.close()
	return nil
}

// mountRootfs is prepareRootWith's mount: the detached overlay attached
// on its target, or nil for rootfs.Apply.
func (p *staticPrep) mountRootfs(ms []rootfs.Mount) func() error {
	if p == nil || p.rootfs == nil || len(ms) != 1 {
		return nil
	}
	return func() error { return p.rootfs.Attach(ms[0].Target) }
}

// close drops the detached mount (attached, it stays where it is).
func (p *staticPrep) close() {
	if p != nil {
		p.rootfs.Close()
	}
}
