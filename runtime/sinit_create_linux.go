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
func (c *container) createStatic(p *initProcess, cfg *initcodec.Config, spec *specs.Spec, flags uintptr, o CreateOpts, prep *staticPrep, tr *trace.Laps) (bool, error) {
	if prep == nil {
		prep = &staticPrep{}
		var why string
		if prep.sp, why = planStatic(spec, cfg, flags, filepath.Join(cgroups.DefaultRoot, c.cg.Path())); why != "" {
			return false, c.staticFallback(p, why)
		}
	}
	s, err := c.setupStatic(p, cfg, spec, prep, flags, o, tr)
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

// staticFallback queues the Go init's execve ahead of its config.
func (c *container) staticFallback(p *initProcess, why string) error {
	if c.log.On() {
		c.log.Debugf("init: the Go init, through the static one (%s)", why)
	}
	exe, err := initExe(filepath.Dir(c.dir))
	if err != nil {
		return err
	}
	p.prefix, err = sinitFallback(exe)
	return err
}

// sinitFallback is the table that execs the Go init, which then reads its
// config from the rest of the pipe.
func sinitFallback(exe string) ([]byte, error) {
	t := newSinitTable()
	t.call(unix.SYS_EXECVE, []sinitArg{t.str(exe), t.strs(initArgv()), t.strs(initEnv)}, 0)
	return t.encode()
}

// staticStart is a static init set up, blocked reading the command's
// path: Start sends it.
type staticStart struct {
	cfgW  *os.File
	sync  *syncConn
	table *sinitTable
	proc  *specs.Process
	exe   string
}

// start sends the command's path (staticTable's read from fd 3) and
// returns once the init's execve succeeded (its report socket closed) or
// it reported the entry that failed.
func (s *staticStart) start() error {
	defer s.sync.Close()
	_, err := s.cfgW.Write(append([]byte(s.exe), 0))
	s.cfgW.Close()
	if err != nil {
		return fmt.Errorf("send the command to init: %w", err)
	}
	return waitStaticExec(s.sync, s.table, s.proc)
}

// setupStatic sends the init its table at once, then makes state.json and
// sets the limits while the init joins its cgroup (v1), and sets the
// container up from this process's thread beside the prestart (network).
func (c *container) setupStatic(p *initProcess, cfg *initcodec.Config, spec *specs.Spec, prep *staticPrep, flags uintptr, o CreateOpts, tr *trace.Laps) (*staticStart, error) {
	pid := p.cmd.Pid()
	p.closeParentEnds()
	// v1: the init writes "0" to each tasks file itself, which skips the
	// lock a move from outside takes (cgroups.JoinThread); v2: moved here,
	// before it unshares its cgroup namespace.
	tasks := c.cg.ThreadFiles()
	if len(tasks) == 0 {
		if err := c.cg.Apply(pid); err != nil {
			return nil, fmt.Errorf("join cgroup: %w", err)
		}
	}
	if prep.table == nil {
		t, err := staticTable(cfg, prep.sp, tasks)
		if err != nil {
			return nil, err
		}
		if prep.encoded, err = t.encode(); err != nil {
			return nil, err
		}
		prep.table = t
	}
	t := prep.table
	if _, err := p.cfgW.Write(prep.encoded); err != nil {
		return nil, fmt.Errorf("send table to init: %w", err)
	}
	st, err := procfs.ReadStat(pid)
	if err != nil {
		return nil, fmt.Errorf("read init start time: %w", err)
	}
	c.st.StartTime = st.StartTime
	if err := processLimits(pid, spec.Process); err != nil {
		return nil, err
	}
	if err := writeState(c.dir, c.st); err != nil {
		return nil, err
	}
	tr.Step("static init: table, rlimits, state")
	joined := func() error { // before pivot_root: the init opens host paths
		if !sinitWaitsJoined(cfg, tasks) {
			return nil
		}
		return waitJoined(p.sync, t, cfg.Process)
	}
	prestart := runPrestart(o.Prestart, pid)
	exe, err := staticSetup(pid, flags, cfg, prep.sp, prep.mountRootfs(cfg.RootfsMounts), joined, tr.Tracer().With("init").Laps())
	if perr := <-prestart; err == nil && perr != nil {
		err = fmt.Errorf("prestart: %w", perr)
	}
	if err != nil {
		return nil, err
	}
	tr.Step("static init: setup, prestart")
	if len(exe) >= sinitExeMax {
		return nil, fmt.Errorf("static init: command path of %d bytes", len(exe))
	}
	s := &staticStart{cfgW: p.cfgW, sync: p.sync, table: t, proc: cfg.Process, exe: exe}
	p.cfgW, p.sync = nil, nil
	return s, nil
}

// sinitExeMax is the buffer the init reads the command's path into: one
// pipe write of it is atomic (PIPE_BUF).
const sinitExeMax = 4096

// staticTable is the init's part. Before the command's path arrives: its
// mounts made slaves (nothing it mounts reaches the host, whatever the
// thread has done yet), the network namespace it joins by path, on v1 "0"
// written to each tasks file, then "J" on its report socket after either
// (the thread waits for it before pivot_root, which would move the init's
// root off the host paths it opens), its cgroup namespace (v2: it was
// moved into its cgroup), then the path read from fd 3. After it: /proc
// and the masks under it, the cwd, finalize.
func staticTable(cfg *initcodec.Config, sp staticPlan, tasks []string) (*sinitTable, error) {
	t := newSinitTable()
	sinitMount(t, imm(0), "/", imm(0), unix.MS_SLAVE|unix.MS_REC, "", 0)
	if sinitWaitsJoined(cfg, tasks) {
		sinitJoins(t, cfg.Joins, tasks)
	}
	if cfg.UnshareCgroupNS {
		t.call(unix.SYS_UNSHARE, []sinitArg{imm(unix.CLONE_NEWCGROUP)}, 0)
	}
	exe := t.bytes(make([]byte, sinitExeMax))
	t.call(unix.SYS_READ, []sinitArg{imm(sinitTableFD), exe, imm(sinitExeMax - 1)}, 0)
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

// sinitJoinFD is the fd the init opens each namespace and tasks file on:
// close_range closes every fd from it first, and 0 to 4 are open, so
// open(2) returns it.
const sinitJoinFD = 5

// sinitWaitsJoined says whether the table joins something from host paths
// (sinitJoins), which the setup thread waits for before pivot_root.
func sinitWaitsJoined(cfg *initcodec.Config, tasks []string) bool {
	return len(tasks) > 0 || len(cfg.Joins) > 0
}

// sinitJoins appends the joins made through host paths: setns(2) into
// each network namespace joined by path (planStatic allows no other), then
// on v1 "0" written to each tasks file (the calling thread, the init's
// only one), then "J" on the report socket.
func sinitJoins(t *sinitTable, joins []initcodec.NamespaceJoin, tasks []string) {
	t.call(unix.SYS_CLOSE_RANGE, []sinitArg{imm(sinitJoinFD), imm(uint64(^uint32(0))), imm(0)}, 0)
	atFDCWD := int64(unix.AT_FDCWD)
	for _, n := range joins {
		t.call(unix.SYS_OPENAT, []sinitArg{imm(uint64(atFDCWD)), t.str(n.Path), imm(unix.O_RDONLY | unix.O_CLOEXEC)}, 0)
		t.call(unix.SYS_SETNS, []sinitArg{imm(sinitJoinFD), imm(unix.CLONE_NEWNET)}, 0)
		t.call(unix.SYS_CLOSE, []sinitArg{imm(sinitJoinFD)}, 0)
	}
	zero, j := t.bytes([]byte("0")), t.bytes([]byte("J"))
	for _, f := range tasks {
		t.call(unix.SYS_OPENAT, []sinitArg{imm(uint64(atFDCWD)), t.str(f), imm(unix.O_WRONLY | unix.O_CLOEXEC)}, 0)
		t.call(unix.SYS_WRITE, []sinitArg{imm(sinitJoinFD), zero, imm(1)}, 0)
		t.call(unix.SYS_CLOSE, []sinitArg{imm(sinitJoinFD)}, 0)
	}
	t.call(unix.SYS_WRITE, []sinitArg{imm(sinitReportFD), j, imm(1)}, 0)
}

// waitJoined waits for the init's "J", or its report of the entry that
// failed.
func waitJoined(sync *syncConn, t *sinitTable, p *specs.Process) error {
	m, fd, err := sync.recv()
	if fd >= 0 {
		unix.Close(fd)
	}
	var r *sinitReport
	switch {
	case errors.As(err, &r):
		return sinitEntryError(t, r.index, r.errno, p)
	case err != nil:
		return fmt.Errorf("wait for the init's cgroup join: %w", err)
	case m.Type != syncJoined:
		return fmt.Errorf("wait for the init's cgroup join: unexpected message %q", m.Type)
	}
	return nil
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
	case unix.SYS_OPENAT:
		return &SyscallError{Op: "static init: open", Path: t.strArg(t.entries[index], 1), Err: errno}
	case unix.SYS_SETNS:
		return &SyscallError{Op: "static init: setns network", Err: errno}
	default:
		return &SyscallError{Op: fmt.Sprintf("static init: entry %d (syscall %d)", index, nr), Err: errno}
	}
}
