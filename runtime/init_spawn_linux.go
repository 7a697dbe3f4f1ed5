package runtime

import (
	"fmt"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/cgroups"
)

// Spawned is an init cloned into its namespaces before its container's spec
// is complete. It execs and starts its Go runtime while the
// caller resolves the image and writes the spec, then waits on its config
// pipe. It runs nothing of the container's until Create sends that config
// and Start opens the exec fifo; until then it is in no cgroup of the
// container, has no state dir, and dies (EOF on its config pipe) with the
// process that spawned it.
type Spawned struct {
	p        *initProcess
	flags    uintptr // clone flags; without CLONE_NEWCGROUP (see Spawn)
	cgroupNS bool    // the init unshares a cgroup namespace once in its cgroup
	terminal bool
	cloneAt  int64 // CLOCK_MONOTONIC at the clone, for the init's trace
	adopted  bool  // cloned by another process (SpawnOpts.CloneBy): Create must take it
	once     sync.Once
	// later gives the Spawned this one stands for (SpawnedLater).
	later func() (*Spawned, error)
}

// SpawnedLater is a Spawned that wait gives once Create needs the init,
// after the state dir and the cgroup: that work then overlaps the spawn.
// Create fails with wait's error when it may not clone an init itself
// (CreateOpts.NoClone). Until Create calls wait, the caller aborts what
// wait would give.
func SpawnedLater(wait func() (*Spawned, error)) *Spawned { return &Spawned{later: wait} }

// resolve is s, or what its wait gives (SpawnedLater).
func (s *Spawned) resolve() (*Spawned, error) {
	if s == nil || s.later == nil {
		return s, nil
	}
	return s.later()
}

// spawnPlan is the namespace plan of an init spawned with ns.
func spawnPlan(ns []specs.LinuxNamespace) (nsPlan, error) {
	mode, err := cgroups.Detect(cgroups.DefaultRoot)
	if err != nil {
		return nsPlan{}, err
	}
	return planNamespaces(&specs.Linux{Namespaces: ns}, mode == cgroups.V2)
}

// Spawn clones an init for a container about to be created: pass it to
// Create in CreateOpts.Spawned, or Abort it. It returns once the init's
// execve succeeded.
//
// The init's mount namespace is a copy of the caller's at the clone; the
// namespaces it joins by path are opened through /proc/<caller>/root, so a
// netns bind-mounted after the clone is found (joinsThroughParent).
//
// The cgroup is not known yet, so the init is not cloned into it (no
// CLONE_INTO_CGROUP): Create moves it there. A cgroup namespace is not
// made by the clone either, because it would be rooted at the caller's
// cgroup: the init unshares it after Create moved it into its own.
func (r *Runtime) Spawn(o SpawnOpts) (*Spawned, error) {
	plan, err := spawnPlan(o.Namespaces)
	if err != nil {
		return nil, fmt.Errorf("spawn init: %w", err)
	}
	s := &Spawned{flags: plan.CloneFlags &^ unix.CLONE_NEWCGROUP, terminal: o.Terminal,
		cgroupNS: plan.CloneFlags&unix.CLONE_NEWCGROUP != 0}
	exe, static, err := r.spawnExe(s.flags, o.Terminal, o.NoSetup)
	if err != nil {
		return nil, fmt.Errorf("spawn init: %w", err)
	}
	s.cloneAt = monotonic()
	if o.CloneBy != nil {
		if err := s.cloneBy(exe, o); err != nil {
			return nil, fmt.Errorf("spawn init: %w", err)
		}
		s.p.static = static
		return s, nil
	}
	if s.p, err = newInitProcess(exe, s.flags, nil, o.Stdio, o.Terminal); err != nil { // nil: no cgroup yet
		return nil, fmt.Errorf("spawn init: %w", err)
	}
	s.p.static = static
	s.cloneAt = monotonic()
	if err := s.p.cmd.Start(); err != nil {
		s.p.closeAll()
		return nil, fmt.Errorf("spawn init: %w", err)
	}
	if r.opts.log.On() {
		r.opts.log.Debugf("spawn: init pid %d cloned ahead with flags %#x (%s)", s.p.cmd.Pid(), s.flags, cloneFlagNames(s.flags))
	}
	return s, nil
}

// Abort kills a spawned init that Create never took, and reaps it.
func (s *Spawned) Abort() {
	if s == nil {
		return
	}
	s.once.Do(func() {
		_ = s.p.cmd.Kill()
		_, _ = s.p.cmd.Wait()
		s.p.closeAll()
	})
}

// take hands the init to Create when it was spawned for plan; otherwise it
// is killed and Create clones a new one.
func (s *Spawned) take(plan nsPlan, terminal bool) *initProcess {
	if s == nil {
		return nil
	}
	if plan.CloneFlags&^unix.CLONE_NEWCGROUP != s.flags || terminal != s.terminal || plan.JoinPID != "" {
		s.Abort()
		return nil
	}
	var p *initProcess
	s.once.Do(func() { p = s.p })
	return p
}

// spawnExe is the binary a spawned init runs: the static init when the
// namespaces and the terminal let it set up the container (else it only
// execs the Go init: planStatic decides at Create), or the Go init;
// ready: do not make the Go init's protected binary (initExeReady).
func (r *Runtime) spawnExe(flags uintptr, terminal, ready bool) (exe string, static bool, err error) {
	if ready {
		exe, err = initExeReady(r.root)
	} else {
		exe, err = initExe(r.root)
	}
	if err != nil {
		return "", false, err
	}
	// The Go init's binary first: the static init's mount namespace is a
	// copy made at its clone, where it must find it to exec it.
	if staticSpawn(flags, terminal) {
		sinit := sinitExe
		if ready {
			sinit = sinitExeReady
		}
		if s, err := sinit(r.root); err == nil {
			return s, true, nil
		}
	}
	return exe, false, nil
}
