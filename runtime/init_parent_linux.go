package runtime

import (
	"fmt"
	"io"
	"os"
	"syscall"
	"time"

	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// initProcess is the parent's side of a re-exec'd init (or exec stage-2)
// while it starts: the command and the parent's ends of its pipes.
type initProcess struct {
	cmd      *child
	cfgW     *os.File  // config pipe, write end
	sync     *syncConn // parent end
	toClose  []*os.File
	cgroupFD int
	inCgroup bool // cloned into its cgroup (CLONE_INTO_CGROUP, v2)
	// onHooks answers the init's "hooks" (HookSync): it runs the hooks of
	// the runtime's namespace and returns those the init runs.
	onHooks func() (*containerHooks, error)
	// static: the static init (sinit_plan_linux.go); prefix, its table
	// when it execs the Go init, sent ahead of the config.
	static bool
	prefix []byte
}

// newInitProcess prepares the clone of a container's init: new namespaces
// from cloneFlags, a new session, and on cgroup v2 CLONE_INTO_CGROUP (cg
// nil: a spawned init, whose cgroup does not exist yet).
func newInitProcess(exe string, cloneFlags uintptr, cg cgroups.Manager, stdio Stdio, terminal bool) (*initProcess, error) {
	attr := &syscall.SysProcAttr{Cloneflags: cloneFlags, Setsid: true}
	if terminal {
		stdio = Stdio{} // the init puts the pty slave on 0, 1 and 2
	}
	p, err := newReexec(exe, stdio, attr, cg, nil)
	if err != nil {
		return nil, err
	}
	return p, nil
}

// newReexec makes the pipes and the command of a re-exec'd tent; extra
// files follow the config pipe and the sync socket.
func newReexec(exe string, stdio Stdio, attr *syscall.SysProcAttr, cg cgroups.Manager, extra []*os.File) (*initProcess, error) {
	p := &initProcess{cgroupFD: -1}
	cfgR, cfgW, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("config pipe: %w", err)
	}
	parent, child, err := newSyncPair()
	if err != nil {
		cfgR.Close()
		cfgW.Close()
		return nil, err
	}
	p.cfgW, p.sync = cfgW, parent
	p.toClose = []*os.File{cfgR, child.f}
	if cg != nil { // nil: spawned before its cgroup exists
		if fd, ok, err := cg.FD(); err != nil {
			p.closeAll()
			return nil, fmt.Errorf("open cgroup: %w", err)
		} else if ok {
			attr.UseCgroupFD, attr.CgroupFD, p.cgroupFD, p.inCgroup = true, fd, fd, true
		}
	}
	files := append([]*os.File{cfgR, child.f}, extra...)
	p.cmd = reexecCmd(exe, stdio, files, attr)
	return p, nil
}

// closeParentEnds closes the child's ends (after start) and the cgroup fd.
func (p *initProcess) closeParentEnds() {
	for _, f := range p.toClose {
		f.Close()
	}
	p.toClose = nil
	if p.cgroupFD >= 0 {
		syscall.Close(p.cgroupFD)
		p.cgroupFD = -1
	}
}

func (p *initProcess) closeAll() {
	p.closeParentEnds()
	if p.cfgW != nil { // nil: taken by a static start (staticStart)
		p.cfgW.Close()
		p.sync.Close()
	}
}

// afterStart sends the config, and moves the process into its cgroup
// unless it was cloned there (v2) or moves its own thread (v1: the config's
// CgroupThreadFiles, for inits and exec's stage-2 alike). A spawned init on
// v2 is moved before it gets its config: it unshares its cgroup namespace
// first thing.
func (p *initProcess) afterStart(cg cgroups.Manager, cfg *initcodec.Config) error {
	p.closeParentEnds()
	apply := func() error {
		if p.inCgroup || len(cfg.CgroupThreadFiles) > 0 { // cloned into it, or joins it itself
			return nil
		}
		if err := cg.Apply(p.cmd.Pid()); err != nil {
			return fmt.Errorf("join cgroup: %w", err)
		}
		return nil
	}
	if cfg.UnshareCgroupNS {
		if err := apply(); err != nil {
			return err
		}
	}
	_, err := p.cfgW.Write(append(p.prefix, cfg.Marshal()...))
	p.cfgW.Close()
	if err != nil {
		return fmt.Errorf("send config to init: %w", err)
	}
	if cfg.UnshareCgroupNS {
		return nil
	}
	return apply()
}

// waitReady reads sync messages until "ready"; a console fd goes to onConsole.
func (p *initProcess) waitReady(onConsole func(*os.File) error, tr *trace.Laps) error {
	for {
		m, fd, err := p.sync.recv()
		if err != nil {
			return fmt.Errorf("wait for init: %w", err)
		}
		switch m.Type {
		case syncConsole:
			if err := giveConsole(fd, onConsole); err != nil {
				return err
			}
		case syncReady:
			replay(tr, m.Steps)
			return nil
		case syncHooks:
			if err := p.answerHooks(); err != nil {
				return err
			}
		case syncError:
			return m.asError()
		default:
			return fmt.Errorf("wait for init: unexpected message %q", m.Type)
		}
	}
}

func giveConsole(fd int, onConsole func(*os.File) error) error {
	if fd < 0 {
		return fmt.Errorf("console message without fd")
	}
	master := os.NewFile(uintptr(fd), "/dev/ptmx")
	if onConsole == nil {
		master.Close()
		return fmt.Errorf("terminal requested but no Console or ConsoleSocket given")
	}
	return onConsole(master)
}

// replay records the steps the init measured on its side, one level
// deeper, at their place in time.
func replay(tr *trace.Laps, steps []traceStep) {
	in := tr.Tracer().With("init")
	for _, s := range steps {
		in.AddAt(s.Name, s.At, time.Duration(s.Nanos))
	}
}

type traceStep struct {
	Name  string `json:"name"`
	At    int64  `json:"at"` // start, CLOCK_MONOTONIC ns
	Nanos int64  `json:"ns"`
}

var _ io.Closer = (*syncConn)(nil)

// reexecCmd is the command line of a re-exec'd init: exe (initExe: the
// read-only view of tent-init or of tent itself) InitArg initProtocol, with
// an environment only for the Go runtime (the process's own env is set at
// its execve): no GC (it lives for milliseconds, or waits idle), and one P.
// The init does one thing at a time on its locked thread; with one P the
// runtime starts fewer threads (measured: a fifth fewer page faults and
// fewer context switches per start) and skips reading the cgroup's CPU
// limit for GOMAXPROCS (/proc/self/cgroup, mountinfo, cpu.cfs_*).
func reexecCmd(exe string, stdio Stdio, extra []*os.File, attr *syscall.SysProcAttr) *child {
	return &child{
		path:  exe,
		args:  initArgv(),
		env:   initEnv,
		stdio: stdio,
		extra: extra,
		attr:  attr,
	}
}

// answerHooks runs the runtime's hooks for an init stopped before its
// pivot_root and sends it the hooks it runs itself.
func (p *initProcess) answerHooks() error {
	if p.onHooks == nil {
		return fmt.Errorf("wait for init: unexpected message %q", syncHooks)
	}
	h, err := p.onHooks()
	if err != nil {
		return err
	}
	return p.sync.send(syncMsg{Type: syncHooks, Hooks: h}, -1)
}
