package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/moby/sys/capability"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/procfs"
	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// createStatic is Create's path for a static init (sinit_plan_linux.go):
// it returns false, having queued the Go init's execve ahead of its
// config, when the container does not fit; else it sets the container up,
// and starts it with StartNow or leaves the table for Start.
func (c *container) createStatic(p *initProcess, cfg *initcodec.Config, spec *specs.Spec, flags uintptr, o CreateOpts, tr *trace.Laps) (bool, error) {
	sp, why := planStatic(spec, cfg, flags, filepath.Join(cgroups.DefaultRoot, c.cg.Path()))
	if why != "" {
		if c.log.On() {
			c.log.Debugf("init: the Go init, through the static one (%s)", why)
		}
		exe, err := initExe(filepath.Dir(c.dir))
		if err != nil {
			return false, err
		}
		p.prefix, err = sinitFallback(exe)
		return false, err
	}
	s, err := c.setupStatic(p, cfg, spec, sp, flags, o, tr)
	if err != nil {
		return false, err
	}
	if cfg.StartNow {
		if err := s.start(); err != nil {
			return false, err
		}
		tr.Step("static init: /proc, credentials, execve")
		c.startedNow = true
		return true, nil
	}
	if o.PidFile != "" {
		if err := writePidFile(o.PidFile, c.st.Pid); err != nil {
			return false, err
		}
	}
	c.static = s
	return true, nil
}

// sinitFallback is the table that execs the Go init, which then reads its
// config from the rest of the pipe.
func sinitFallback(exe string) ([]byte, error) {
	t := newSinitTable()
	t.call(unix.SYS_EXECVE, []sinitArg{t.str(exe), t.strs(initArgv()), t.strs(initEnv)}, 0)
	return t.encode()
}

// staticStart is a static init set up, and its table: Start sends it.
type staticStart struct {
	cfgW  *os.File
	sync  *syncConn
	table *sinitTable
	proc  *specs.Process
}

// start sends the table and returns once the init's execve succeeded (its
// report socket closed) or it reported the entry that failed.
func (s *staticStart) start() error {
	defer s.sync.Close()
	b, err := s.table.encode()
	if err == nil {
		_, err = s.cfgW.Write(b)
	}
	s.cfgW.Close()
	if err != nil {
		return fmt.Errorf("send table to init: %w", err)
	}
	return waitStaticExec(s.sync, s.table, s.proc)
}

// setupStatic: the cgroup, the limits, state.json, then the setup from
// this process's thread beside the prestart (network), the table last.
func (c *container) setupStatic(p *initProcess, cfg *initcodec.Config, spec *specs.Spec, sp staticPlan, flags uintptr, o CreateOpts, tr *trace.Laps) (*staticStart, error) {
	pid := p.cmd.Pid()
	p.closeParentEnds()
	if err := c.cg.Apply(pid); err != nil {
		return nil, fmt.Errorf("join cgroup: %w", err)
	}
	st, err := procfs.ReadStat(pid)
	if err != nil {
		return nil, fmt.Errorf("read init start time: %w", err)
	}
	c.st.StartTime = st.StartTime
	if err := staticLimits(pid, spec.Process); err != nil {
		return nil, err
	}
	if err := writeState(c.dir, c.st); err != nil {
		return nil, err
	}
	tr.Step("static init: cgroup apply, rlimits, state")
	prestart := runPrestart(o.Prestart, pid)
	exe, err := staticSetup(pid, flags, cfg, sp, tr.Tracer().With("init").Laps())
	if perr := <-prestart; err == nil && perr != nil {
		err = fmt.Errorf("prestart: %w", perr)
	}
	if err != nil {
		return nil, err
	}
	tr.Step("static init: setup, prestart")
	t, err := staticTable(cfg, sp, exe)
	if err != nil {
		return nil, err
	}
	s := &staticStart{cfgW: p.cfgW, sync: p.sync, table: t, proc: cfg.Process}
	p.cfgW, p.sync = nil, nil
	return s, nil
}

// staticTable is the init's part: its cgroup namespace (it was moved into
// its cgroup), /proc and the masks under it, the cwd, then finalize.
func staticTable(cfg *initcodec.Config, sp staticPlan, exe string) (*sinitTable, error) {
	t := newSinitTable()
	if cfg.UnshareCgroupNS {
		t.call(unix.SYS_UNSHARE, []sinitArg{imm(unix.CLONE_NEWCGROUP)}, 0)
	}
	var masked, readonly []string
	if l := cfg.Spec.Linux; l != nil {
		masked, readonly = l.MaskedPaths, l.ReadonlyPaths
	}
	if err := sinitProc(t, sp.proc, masked, readonly, "/dev/null", hostProcIsDir); err != nil {
		return nil, err
	}
	cwd := cfg.Process.Cwd
	if cwd == "" {
		cwd = "/"
	}
	t.call(unix.SYS_CHDIR, []sinitArg{t.str(cwd)}, 0)
	caps, err := newCapSets(cfg.Process.Capabilities)
	if err != nil {
		return nil, err
	}
	filter, err := decodeSeccomp(cfg.Seccomp)
	if err != nil {
		return nil, err
	}
	last, err := capability.LastCap()
	if err != nil {
		return nil, fmt.Errorf("static init: %w", err)
	}
	if err := sinitFinalize(t, cfg.Process, exe, caps, filter, int(last)); err != nil {
		return nil, err
	}
	return t, nil
}

// waitStaticExec reads the init's report: EOF once its execve closed the
// socket, or {entry index, errno} when an entry failed.
func waitStaticExec(sync *syncConn, t *sinitTable, p *specs.Process) error {
	_, fd, err := sync.recv()
	if fd >= 0 {
		unix.Close(fd)
	}
	var r *sinitReport
	switch {
	case errors.Is(err, errPeerGone):
		return nil
	case errors.As(err, &r):
		return sinitEntryError(t, r.index, r.errno, p)
	case err != nil:
		return fmt.Errorf("wait for init: %w", err)
	}
	return errors.New("wait for init: a message from the static init")
}

// sinitEntryError names the failed entry as the Go init's error would.
func sinitEntryError(t *sinitTable, index uint32, errno unix.Errno, p *specs.Process) error {
	if int(index) >= len(t.entries) {
		return fmt.Errorf("static init: bad table (report %#x, %v)", index, errno)
	}
	switch nr := t.entries[index].nr; nr {
	case unix.SYS_EXECVE:
		code := exitcode.CannotExec
		if errno == unix.ENOENT {
			code = exitcode.NotFound
		}
		return exitcode.New(code, fmt.Errorf("exec: %q: %w", p.Args[0], errno))
	case unix.SYS_CHDIR:
		return exitcode.New(exitcode.CannotExec, &SyscallError{Op: "chdir to cwd", Path: p.Cwd, Err: errno})
	default:
		return &SyscallError{Op: fmt.Sprintf("static init: entry %d (syscall %d)", index, nr), Err: errno}
	}
}
