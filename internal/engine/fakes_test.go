package engine

import (
	"errors"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/monitor"
	"github.com/tent-dev/tent/runtime"
)

// callLog is the ordered list of calls the fakes saw, shared by all of
// them so that a test can check the order across the runtime and the
// network ("create", "attach", "detach", "delete"...).
type callLog struct {
	mu    sync.Mutex
	calls []string
}

func (l *callLog) add(format string, a ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.calls = append(l.calls, fmt.Sprintf(format, a...))
}

func (l *callLog) list() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.calls)
}

// has reports whether call was seen.
func (l *callLog) has(call string) bool { return slices.Contains(l.list(), call) }

// only is the calls that start with one of the prefixes, in order.
func (l *callLog) only(prefixes ...string) []string {
	var out []string
	for _, c := range l.list() {
		for _, p := range prefixes {
			if strings.HasPrefix(c, p) {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

var errFake = errors.New("fake failure")

// fakeRuntime is the engine's Runtime without the kernel: containers are
// fakeContainers kept in a map; cgroups are a set of ids.
type fakeRuntime struct {
	log       *callLog
	spawnErr  error
	createErr error
	// leaveOnFail: a failed Create leaves runtime state behind.
	leaveOnFail bool
	// configure, when set, shapes each container Create makes.
	configure func(*fakeContainer)
	created   runtime.CreateOpts // the last Create's options

	mu      sync.Mutex
	ctrs    map[string]*fakeContainer
	cgroups map[string]bool
	stats   map[string]*runtime.Stats
	pids    []int
	oom     bool
}

func newFakeRuntime(log *callLog) *fakeRuntime {
	return &fakeRuntime{log: log, ctrs: map[string]*fakeContainer{}, cgroups: map[string]bool{}, stats: map[string]*runtime.Stats{}}
}

func (f *fakeRuntime) Spawn(o runtime.SpawnOpts) (*runtime.Spawned, error) {
	f.log.add("spawn")
	return nil, f.spawnErr
}

func (f *fakeRuntime) InitCommandFor(o runtime.SpawnOpts) (runtime.InitCommand, error) {
	return runtime.InitCommand{Path: "/fake/init", Terminal: o.Terminal}, nil
}

func (f *fakeRuntime) Create(id string, o runtime.CreateOpts) (runtime.Container, error) {
	f.log.add("create")
	f.mu.Lock()
	defer f.mu.Unlock()
	f.created = o
	c := &fakeContainer{log: f.log, rt: f, id: id, bundle: o.Bundle, pid: 4242}
	if f.createErr != nil {
		if f.leaveOnFail {
			f.ctrs[id], f.cgroups[id] = c, true
		}
		return nil, f.createErr
	}
	if f.configure != nil {
		f.configure(c)
	}
	f.ctrs[id], f.cgroups[id] = c, true
	return c, nil
}

// add puts a container in the runtime's state, as a run would have left it.
func (f *fakeRuntime) add(id string) *fakeContainer {
	f.mu.Lock()
	defer f.mu.Unlock()
	c := &fakeContainer{log: f.log, rt: f, id: id, pid: 4242}
	f.ctrs[id], f.cgroups[id] = c, true
	return c
}

func (f *fakeRuntime) Load(id string) (runtime.Container, error) {
	f.log.add("load")
	f.mu.Lock()
	defer f.mu.Unlock()
	if c, ok := f.ctrs[id]; ok {
		return c, nil
	}
	return nil, fmt.Errorf("load %s: %w", id, os.ErrNotExist)
}

func (f *fakeRuntime) List() ([]string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var ids []string
	for id := range f.ctrs {
		ids = append(ids, id)
	}
	return ids, nil
}

func (f *fakeRuntime) CgroupPath(id string) string { return "/tent-test/" + id }

func (f *fakeRuntime) CgroupVersion() (int, error) { return 2, nil }

func (f *fakeRuntime) CgroupExists(id string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.cgroups[id]
}

func (f *fakeRuntime) Stats(id string) (*runtime.Stats, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if st, ok := f.stats[id]; ok {
		return st, nil
	}
	return nil, fmt.Errorf("stats %s: %w", id, os.ErrNotExist)
}

func (f *fakeRuntime) Pids(id string) ([]int, error) {
	if f.pids == nil {
		return nil, errFake
	}
	return f.pids, nil
}

func (f *fakeRuntime) OOMKilled(id string) (bool, error) { return f.oom, nil }

func (f *fakeRuntime) RemoveCgroup(id string) error {
	f.log.add("rmcgroup")
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.cgroups, id)
	return nil
}

// fakeContainer is a runtime.Container whose init is a script: Start and
// Wait return what the test set, Signal calls onSignal.
type fakeContainer struct {
	log    *callLog
	rt     *fakeRuntime
	id     string
	bundle string
	pid    int

	startErr error
	onStart  func()
	status   runtime.ExitStatus
	waitErr  error
	// exited, when set, makes Wait block until it is closed.
	exited   chan struct{}
	onSignal func(sig unix.Signal, all bool)

	execErr    error
	execStatus runtime.ExitStatus
	execed     *specs.Process
	execStdio  runtime.Stdio
}

func (c *fakeContainer) ID() string     { return c.id }
func (c *fakeContainer) Bundle() string { return c.bundle }
func (c *fakeContainer) Pid() int       { return c.pid }

func (c *fakeContainer) Start() error {
	c.log.add("start")
	if c.onStart != nil {
		c.onStart()
	}
	return c.startErr
}

func (c *fakeContainer) State() (*specs.State, error) {
	return &specs.State{ID: c.id, Status: specs.StateRunning, Pid: c.pid, Bundle: c.bundle}, nil
}

func (c *fakeContainer) Signal(sig unix.Signal, all bool) error {
	c.log.add("signal %s all=%v", unix.SignalName(sig), all)
	if c.onSignal != nil {
		c.onSignal(sig, all)
	}
	return nil
}

func (c *fakeContainer) Wait() (runtime.ExitStatus, error) {
	if c.exited != nil {
		<-c.exited
	}
	c.log.add("wait")
	return c.status, c.waitErr
}

func (c *fakeContainer) Exec(p *specs.Process, stdio runtime.Stdio, console func(*os.File) error) (runtime.Process, error) {
	c.log.add("exec")
	c.execed, c.execStdio = p, stdio
	if c.execErr != nil {
		return nil, c.execErr
	}
	return fakeProcess{st: c.execStatus}, nil
}

func (c *fakeContainer) Stats() (*runtime.Stats, error) { return c.rt.Stats(c.id) }

func (c *fakeContainer) Delete(force bool) error {
	c.log.add("delete force=%v", force)
	c.rt.mu.Lock()
	defer c.rt.mu.Unlock()
	delete(c.rt.ctrs, c.id)
	delete(c.rt.cgroups, c.id)
	return nil
}

type fakeProcess struct{ st runtime.ExitStatus }

func (p fakeProcess) Pid() int                          { return 4343 }
func (p fakeProcess) Wait() (runtime.ExitStatus, error) { return p.st, nil }
func (p fakeProcess) Signal(unix.Signal) error          { return nil }

// fakeAdopter is the monitor of a run -d the CLI starts (startDetached):
// the fake runtime never asks it to clone; Wait returns env.monitorErr.
type fakeAdopter struct{ env *testEnv }

func (a *fakeAdopter) Clone(monitor.InitCommand, bool) (int, *os.File, *os.File, error) {
	return 0, nil, nil, errors.New("the fake runtime clones nothing")
}

func (a *fakeAdopter) Started(console *os.File) error {
	a.env.log.add("monitor started tty=%v", console != nil)
	return nil
}

func (a *fakeAdopter) Failed(err error) { a.env.log.add("monitor told: %v", err) }

func (a *fakeAdopter) Wait() error { return a.env.monitorErr }
