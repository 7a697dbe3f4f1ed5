package runtime

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/atomicfile"
	"github.com/tent-dev/tent/internal/jsonlite"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// create is Runtime.Create, step by step (docs/design.md tells the same
// steps); every error path leaves no process, cgroup or state dir behind
// (c.abort). The helpers follow in the order they are called.
func (r *Runtime) create(id string, o CreateOpts) (_ Container, err error) {
	tr := o.Trace.Laps()
	// The spec, its cgroup and its namespaces: nothing is made yet.
	spec, bundle, err := loadSpec(o)
	if err != nil {
		return nil, err
	}
	tr.Step("load spec")
	filter, err := r.seccompProgram(spec.Linux, o.Seccomp)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", id, err)
	}
	tr.Step("seccomp program")
	if r.opts.log.On() {
		logPlan(r.opts.log, id, spec, o.RootfsMounts)
	}
	cg, err := cgroups.New(r.cgroupPathFor(id, spec), append(r.opts.cgroupOpts(), cgroups.WithDeviceFilter(r.opts.devices), cgroups.WithTrace(tr))...)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", id, err)
	}
	if err := checkSpec(spec, cg.Mode() == cgroups.V2); err != nil {
		return nil, fmt.Errorf("create %s: %w", id, err)
	}
	plan, err := planNamespaces(spec.Linux, cg.Mode() == cgroups.V2)
	if err != nil {
		return nil, fmt.Errorf("create %s: %w", id, err)
	}

	// 1. The state dir, then the cgroup with its limits, before any
	// process joins it.
	dir, err := r.makeStateDir(id)
	if err != nil {
		return nil, err
	}
	tr.Step("state dir")
	c := &container{dir: dir, cg: cg, st: newStateFile(id, bundle, spec, cg, plan), log: r.opts.log, warn: r.opts.warn, proc: spec.Process}
	defer func() {
		if err != nil {
			c.abort()
			err = fmt.Errorf("create %s: %w", id, err)
		}
	}()
	if err := cg.Create(withDeviceRules(spec.Linux)); err != nil {
		return nil, err
	}
	c.cgCreated = true
	tr.Step("cgroup create")

	// 2. The init: cloned into its namespaces (on v2 into its cgroup too),
	// or the one o.Spawned cloned ahead.
	cfg := &initcodec.Config{Kind: initcodec.KindInit, Spec: initcodec.TrimSpec(spec), Process: spec.Process, Rootfs: c.st.Rootfs,
		RootfsMounts: o.RootfsMounts, Joins: plan.Joins, NewNet: plan.NewNet, CgroupV2: cg.Mode() == cgroups.V2, CgroupPath: cg.Path(),
		CgroupThreadFiles: cg.ThreadFiles(), Seccomp: filter, HookSync: needHookSync(spec.Hooks), Trace: o.Trace.On(),
		StartNow: startNow(o, spec)}
	c.st.Seccomp = filter
	prep := c.prepareStatic(cfg, spec, plan.CloneFlags, o) // before the wait for a spawned init
	defer prep.close()
	p, err := c.cloneInit(cfg, plan, o, tr)
	if err != nil {
		return nil, err
	}
	defer p.closeAll()
	p.onHooks = c.runtimeHooks
	c.cmd = p.cmd
	c.st.Pid = p.cmd.Pid()
	if c.log.On() {
		c.log.Debugf("create %s: init pid %d, cgroup %s (%s; the init's thread joins %d tasks files), namespaces to join %d",
			id, c.st.Pid, cg.Path(), cg.Mode(), len(cfg.CgroupThreadFiles), len(cfg.Joins))
	}

	// A static init sets up and starts a container that fits it here;
	// otherwise it execs the Go init, which reads the config below.
	if !p.static {
		prep.close() // before the Go init mounts the same overlay
	} else {
		done, err := c.createStatic(p, cfg, spec, plan.CloneFlags, o, prep.usable(cfg), tr)
		if err != nil {
			return nil, err
		}
		if done {
			return c, nil
		}
	}

	// 3. The exec FIFO (none with StartNow), then the config (and the move
	// into the cgroup when the init was not cloned there and does not move
	// itself).
	if !cfg.StartNow {
		if cfg.FifoPath, err = makeFifo(c.dir); err != nil {
			return nil, err
		}
	}
	if err := p.afterStart(c.cg, cfg); err != nil {
		return nil, err
	}
	st, err := procfs.ReadStat(c.st.Pid)
	if err != nil {
		return nil, fmt.Errorf("read init start time: %w", err)
	}
	c.st.StartTime = st.StartTime
	tr.Step("send config + cgroup apply")

	// 4. state.json, while the init sets up its rootfs (off the critical
	// path). It is there before any hook or the user's process runs, so
	// that if this process dies, `delete` finds the init and its cgroup; a
	// failed setup removes it with the state dir (abort). Prestart
	// (network setup) runs meanwhile; the init reports "ready".
	if err := writeState(c.dir, c.st); err != nil {
		return nil, err
	}
	tr.Step("state")
	prestart := runPrestart(o.Prestart, c.st.Pid)
	if err := p.waitReady(consoleHandler(o), tr); err != nil {
		return nil, err
	}
	tr.Step("init setup")
	if err := <-prestart; err != nil {
		return nil, fmt.Errorf("prestart: %w", err)
	}
	tr.Step("prestart wait")
	p.closeAll()

	// 5. The pid file (the hooks ran meanwhile, when the init stopped
	// before its pivot_root); the init waits for Start.
	if o.PidFile != "" {
		if err := writePidFile(o.PidFile, c.st.Pid); err != nil {
			return nil, err
		}
	}
	tr.Step("pid file")
	c.startedNow = cfg.StartNow
	return c, nil
}

// startNow says whether Create starts the container too
// (CreateOpts.StartNow): not when anything must come between the init's
// setup and the process (prestart, the pid file, hooks).
func startNow(o CreateOpts, spec *specs.Spec) bool {
	return o.StartNow && o.Prestart == nil && o.PidFile == "" && !hasHooks(spec.Hooks)
}

func loadSpec(o CreateOpts) (*specs.Spec, string, error) {
	bundle, err := filepath.Abs(o.Bundle)
	if err != nil {
		return nil, "", fmt.Errorf("bundle %q: %w", o.Bundle, err)
	}
	spec := o.Spec
	if spec == nil {
		b, err := os.ReadFile(filepath.Join(bundle, "config.json"))
		if err != nil {
			return nil, "", fmt.Errorf("read spec: %w", err)
		}
		if spec, err = jsonlite.DecodeSpec(b); err != nil {
			return nil, "", fmt.Errorf("decode %s/config.json: %w", bundle, err)
		}
	}
	if spec.Process == nil || len(spec.Process.Args) == 0 {
		return nil, "", errors.New("spec has no process args")
	}
	if spec.Root == nil || spec.Root.Path == "" {
		return nil, "", errors.New("spec has no root path")
	}
	return spec, bundle, nil
}

func (r *Runtime) makeStateDir(id string) (string, error) {
	if err := os.MkdirAll(r.root, 0o711); err != nil {
		return "", fmt.Errorf("runtime root: %w", err)
	}
	dir := filepath.Join(r.root, id)
	if err := os.Mkdir(dir, 0o700); err != nil {
		if errors.Is(err, fs.ErrExist) {
			return "", fmt.Errorf("create %s: %w", id, ErrExist)
		}
		return "", fmt.Errorf("create %s: %w", id, err)
	}
	return dir, nil
}

func newStateFile(id, bundle string, spec *specs.Spec, cg cgroups.Manager, plan nsPlan) *stateFile {
	root := spec.Root.Path
	if !filepath.IsAbs(root) {
		root = filepath.Join(bundle, root)
	}
	return &stateFile{OCIVersion: specs.Version, ID: id, Bundle: bundle, Rootfs: root,
		CgroupPath: cg.Path(), Created: time.Now().UTC(), Annotations: spec.Annotations, Namespaces: plan.Types,
		Hooks: spec.Hooks}
}

// cloneInit clones a new init, unless o.Spawned has one for this plan.
func (c *container) cloneInit(cfg *initcodec.Config, plan nsPlan, o CreateOpts, tr *trace.Laps) (*initProcess, error) {
	sp, err := o.Spawned.resolve()
	if err != nil && o.NoClone {
		return nil, err
	}
	if p := sp.take(plan, cfg.Process.Terminal); p != nil {
		cfg.CloneAt, cfg.UnshareCgroupNS = sp.cloneAt, sp.cgroupNS
		cfg.Joins = joinsThroughParent(cfg.Joins, os.Getpid())
		if c.log.On() {
			c.log.Debugf("init: the one spawned ahead")
		}
		if tr.On() {
			tr.Step("take the init spawned ahead (" + cloneFlagNames(plan.CloneFlags) + ")")
		}
		return p, nil
	}
	if o.NoClone || (sp != nil && sp.adopted) {
		// Another process's child, which it reaps: cloning one here instead
		// would leave the container's exit status to nobody.
		return nil, errors.New("no init cloned ahead by another process, or it does not fit the spec's namespaces or terminal")
	}
	exe, err := initExe(filepath.Dir(c.dir))
	if err != nil {
		return nil, err
	}
	p, err := newInitProcess(exe, plan.CloneFlags, c.cg, o.Stdio, cfg.Process.Terminal)
	if err != nil {
		return nil, err
	}
	if plan.JoinPID != "" {
		if err := markSharedPidNS(filepath.Dir(c.dir), plan.JoinPID); err != nil {
			p.closeAll()
			return nil, err
		}
	}
	cfg.CloneAt = monotonic()
	if err := startInit(p.cmd, plan.JoinPID); err != nil {
		p.closeAll()
		return nil, fmt.Errorf("start init: %w", err)
	}
	if c.log.On() {
		c.log.Debugf("init: cloned with flags %#x (%s)", plan.CloneFlags, cloneFlagNames(plan.CloneFlags))
	}
	if tr.On() {
		tr.Step("clone init (" + cloneFlagNames(plan.CloneFlags) + ")")
	}
	return p, nil
}

// makeFifo makes <state dir>/exec.fifo: the init blocks opening it for
// writing until Start opens it for reading.
func makeFifo(dir string) (string, error) {
	fifo := filepath.Join(dir, fifoName)
	if err := unix.Mkfifo(fifo, 0o600); err != nil {
		return "", &SyscallError{Op: "mkfifo", Path: fifo, Err: err}
	}
	return fifo, nil
}

// runPrestart runs CreateOpts.Prestart with the init's pid, concurrently.
func runPrestart(f func(int) error, pid int) <-chan error {
	ch := make(chan error, 1)
	if f == nil {
		ch <- nil
		return ch
	}
	go func() { ch <- f(pid) }()
	return ch
}

func writePidFile(path string, pid int) error {
	if err := atomicfile.WriteFile(path, []byte(strconv.Itoa(pid)), 0o644); err != nil {
		return fmt.Errorf("pid file: %w", err)
	}
	return nil
}
