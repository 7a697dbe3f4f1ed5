package engine

import (
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime"
)

// spawnResult is an init cloned ahead (runtime.Spawn), or why it was not.
type spawnResult struct {
	sp  *runtime.Spawned
	err error
	d   time.Duration
}

// spawnInit clones the container's init in the background as the run
// begins. Its exec and Go start (the slowest step of a run: see
// docs/benchmarks.md, the run group's trace) then overlap the engine's own work (image, record, spec, cgroup); create
// hands it to the runtime. Only the namespaces and stdio must be known
// this early: the rest reaches the init with its config.
func (r *fgRun) spawnInit() {
	o := runtime.SpawnOpts{Namespaces: spawnNamespaces(r.o), Terminal: r.o.TTY, CloneBy: r.cloneBy}
	if !r.o.TTY {
		o.Stdio = r.initStdio()
	}
	ch := make(chan spawnResult, 1)
	r.spawned = ch
	tr := r.tr
	go func() {
		t := tr.Start()
		sp, err := r.e.Runtime.Spawn(o)
		ch <- spawnResult{sp: sp, err: err, d: tr.Elapsed(t)}
	}()
}

// takeSpawned is the spawned init for runtime.Create; nil (Create clones
// one itself) when none was spawned or spawning failed.
func (r *fgRun) takeSpawned() *runtime.Spawned {
	if r.spawned == nil {
		return nil
	}
	res := <-r.spawned
	r.spawned = nil
	r.tr.Add("  spawn init (alongside)", res.d)
	if res.err != nil {
		r.spawnErr = res.err
		return nil // Create clones again, and reports what fails
	}
	return res.sp
}

// abortSpawned kills a spawned init that create never took.
func (r *fgRun) abortSpawned() {
	if r.spawned != nil {
		res := <-r.spawned
		r.spawned = nil
		res.sp.Abort()
	}
}

// initStdio is the init's stdio without a terminal (pipeStdio: tent's
// terminal fds are never handed over).
func (r *fgRun) initStdio() runtime.Stdio {
	return runtime.Stdio{Stdin: r.child.In, Stdout: r.child.Out, Stderr: r.child.Err}
}

// spawnNamespaces are the spec's namespaces as far as the clone needs them:
// a network namespace that the network code makes is joined later (any
// path), --network none is a new one, host none; --pid, --ipc and --uts
// host none. The init cloned ahead must fit the spec: one cloned by the
// monitor (run -d) cannot be replaced.
func spawnNamespaces(o RunOptions) []specs.LinuxNamespace {
	netns := ""
	if o.Network != "none" && o.Network != "host" {
		netns = "joined later"
	}
	return spec.Namespaces(append(hostNamespaceOptions(o), netnsOption(o, netns))...)
}
