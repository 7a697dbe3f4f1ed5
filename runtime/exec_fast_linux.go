package runtime

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/moby/sys/capability"
	"github.com/moby/sys/mountinfo"
	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// errFastExecFallback: the thread found the fast path unusable before it
// started anything (no procfs at the container's /proc): take stage-2.
var errFastExecFallback = errors.New("exec: fast path unavailable")

// execStage2Only makes every exec take stage-2 (tests compare both
// paths); fastExecs counts the processes started on the fast path.
var (
	execStage2Only = false
	fastExecs      atomic.Int64
)

// fastExecFacts gathers fastExecPlan's input for p in c.
func (c *container) fastExecFacts(p *specs.Process, nsFiles []nsFile) (fastExecFacts, error) {
	f := fastExecFacts{haveDMZ: dmzELF() != nil && !execStage2Only, cgroupV2: c.cg.Mode() == cgroups.V2,
		arch: auditArchNative, hardLimit: hardLimit, kernel: kernelRelease(), nsDelegate: cgroupNSDelegate}
	var err error
	if f.cgroupV2 {
		if f.suidDumpable, err = readIntFile("/proc/sys/fs/suid_dumpable"); err != nil {
			return f, err
		}
	}
	for _, t := range c.st.Namespaces {
		f.userNS = f.userNS || t == specs.UserNamespace
	}
	var pidNS *os.File
	for _, n := range nsFiles {
		switch n.typ {
		case unix.CLONE_NEWPID:
			pidNS = n.f
		case unix.CLONE_NEWCGROUP:
			f.cgroupNS = true
		}
	}
	if f.ptraceReach, err = c.ptraceReach(pidNS); err != nil {
		return f, err
	}
	if p.OOMScoreAdj != nil {
		if f.oomScoreAdj, err = readIntFile("/proc/self/oom_score_adj"); err != nil {
			return f, err
		}
	}
	filter, err := decodeSeccomp(c.st.Seccomp)
	f.filter = filter
	return f, err
}

// readIntFile reads a number from a file of procfs.
func readIntFile(path string) (int, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return 0, err
	}
	n, err := strconv.Atoi(strings.TrimSpace(string(b)))
	if err != nil {
		return 0, fmt.Errorf("%s: %w", path, err)
	}
	return n, nil
}

// kernelRelease is uname -r ("" when uname fails: an unknown kernel
// counts as an old one).
var kernelRelease = sync.OnceValue(func() string {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return ""
	}
	return unix.ByteSliceToString(u.Release[:])
})

// cgroupNSDelegate says whether cgroup2 is mounted with nsdelegate (a flag
// of the hierarchy, which every mount of it shows); true when unknown,
// the side on which exec takes no clone3 that could fail.
func cgroupNSDelegate() bool {
	ms, err := mountinfo.GetMounts(mountinfo.FSTypeFilter("cgroup2"))
	if err != nil {
		return true
	}
	for _, m := range ms {
		if slices.Contains(strings.Split(m.VFSOptions, ","), "nsdelegate") {
			return true
		}
	}
	return false
}

// auditArchNative is AUDIT_ARCH_X86_64, the only arch with a trampoline.
const auditArchNative = 0xc000003e

func hardLimit(typ string) (uint64, bool) {
	res, ok := RlimitResource(typ)
	var l unix.Rlimit
	if !ok || unix.Getrlimit(res, &l) != nil {
		return 0, false
	}
	return l.Max, true
}

// fastExec is one start on the fast path: what the locked thread needs.
type fastExec struct {
	p       *specs.Process
	joins   []nsFile
	mnt     *os.File
	cgFiles []string // v1: the thread joins these tasks files
	caps    *capSets
	filter  *load.Program
	files   []uintptr // the child's fds: 0, 1, 2, the trampoline, its rlimits, its join file
	attr    *syscall.SysProcAttr
	console func(*os.File) error
	// consoleC carries the pty master to the caller's goroutine (its
	// callback may use host paths) and the callback's error back.
	consoleC chan *os.File
	consoleE chan error
}

// startFastExec starts p on the fast path (see exec_fast.go).
func (c *container) startFastExec(p *specs.Process, stdio Stdio, console func(*os.File) error, nsFiles []nsFile, filter *load.Program, join cgroupJoin) (Process, error) {
	if p.Terminal && console == nil {
		return nil, fmt.Errorf("terminal requested but no Console or ConsoleSocket given")
	}
	j, cleanup, err := c.prepareFastExec(p, stdio, nsFiles, join)
	defer cleanup()
	if err != nil {
		return nil, err
	}
	j.console, j.filter = console, filter
	// Before the fork: the child is a copy of this process until it execs,
	// in the container's pid namespace; non-dumpable, /proc/<pid>/ of it
	// needs CAP_SYS_PTRACE, which the process has not (fastExecPlan).
	if err := unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0); err != nil {
		return nil, &SyscallError{Op: "prctl PR_SET_DUMPABLE", Err: err}
	}
	type result struct {
		pid, tid int
		err      error
	}
	done := make(chan result, 1)
	onThrowawayThread(func() {
		tid := unix.Gettid()
		pid, err := j.run()
		done <- result{pid, tid, err}
	})
	for {
		select {
		case m := <-j.consoleC:
			j.consoleE <- console(m)
		case r := <-done:
			if len(j.cgFiles) > 0 {
				waitThreadGone(r.tid)
			}
			if r.err != nil {
				return nil, r.err
			}
			fastExecs.Add(1)
			return &execProcess{cmd: &child{pid: r.pid}}, nil
		}
	}
}

// waitThreadGone waits, a second at most, until this process's thread tid
// has ended: on v1 it joined the container's cgroups, and while it lives
// this process is a member of them (a Delete right after the exec would
// freeze and kill it with the container).
func waitThreadGone(tid int) {
	pid := unix.Getpid()
	for i := 0; i < 10000; i++ {
		if unix.Tgkill(pid, tid, 0) == unix.ESRCH {
			return
		}
		time.Sleep(100 * time.Microsecond)
	}
}

// prepareFastExec gathers, in the host's view, what the thread needs:
// capability sets, seccomp program, cgroup, the trampoline, the rlimit
// table, the file the trampoline writes "0" to and the child's stdio.
func (c *container) prepareFastExec(p *specs.Process, stdio Stdio, nsFiles []nsFile, join cgroupJoin) (*fastExec, func(), error) {
	var toClose []*os.File
	cgFD := -1
	cleanup := func() {
		for _, f := range toClose {
			f.Close()
		}
		if cgFD >= 0 {
			unix.Close(cgFD)
		}
	}
	j := &fastExec{p: p, consoleC: make(chan *os.File), consoleE: make(chan error)}
	j.joins, j.mnt = splitMountNamespace(nsFiles)
	if j.mnt == nil {
		return nil, cleanup, fmt.Errorf("no mount namespace to join")
	}
	var err error
	if j.caps, err = newCapSets(p.Capabilities); err != nil {
		return nil, cleanup, err
	}
	dmz, err := openDMZ(filepath.Dir(c.dir))
	if err != nil {
		return nil, cleanup, err
	}
	toClose = append(toClose, dmz)
	table, err := rlimitTableFile(p.Rlimits)
	if err != nil {
		return nil, cleanup, err
	}
	toClose = append(toClose, table)
	stdioFiles, devNull, err := (&child{stdio: stdio}).fds()
	if devNull != nil {
		toClose = append(toClose, devNull)
	}
	if err != nil {
		return nil, cleanup, err
	}
	j.attr = &syscall.SysProcAttr{Setsid: p.Terminal, Setctty: p.Terminal,
		Credential:  &syscall.Credential{Uid: p.User.UID, Gid: p.User.GID, Groups: p.User.AdditionalGids},
		AmbientCaps: capUintptrs(raisable(j.caps.ambient, j.caps.permitted, j.caps.inheritable))}
	if join == joinByThread {
		j.cgFiles = c.cg.ThreadFiles()
	} else if cgFD, err = c.cgroupDirFD(); err != nil {
		return nil, cleanup, err
	}
	if join == joinByClone3 {
		j.attr.UseCgroupFD, j.attr.CgroupFD = true, cgFD
	}
	joinFile, err := openJoinFile(join, cgFD)
	if err != nil {
		return nil, cleanup, err
	}
	toClose = append(toClose, joinFile)
	j.files = append(stdioFiles[:3:3], dmz.Fd(), table.Fd(), joinFile.Fd())
	return j, cleanup, nil
}

// cgroupDirFD opens the container's cgroup v2 directory.
func (c *container) cgroupDirFD() (int, error) {
	fd, ok, err := c.cg.FD()
	if err == nil && !ok {
		err = errors.New("no cgroup v2 directory")
	}
	if err != nil {
		return -1, fmt.Errorf("open cgroup: %w", err)
	}
	return fd, nil
}

// openJoinFile opens what the trampoline writes "0" to (its fd 5): the
// cgroup's cgroup.procs, beneath its directory, when it joins the cgroup
// itself; else /dev/null.
func openJoinFile(join cgroupJoin, cgDir int) (*os.File, error) {
	if join != joinByDMZ {
		f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("exec: %w", err)
		}
		return f, nil
	}
	fd, err := unix.Openat(cgDir, "cgroup.procs", unix.O_WRONLY|unix.O_CLOEXEC|unix.O_NOFOLLOW, 0)
	if err != nil {
		return nil, &SyscallError{Op: "open cgroup.procs", Err: err}
	}
	return os.NewFile(uintptr(fd), "cgroup.procs"), nil
}

func capUintptrs(cs []capability.Cap) []uintptr {
	out := make([]uintptr, len(cs))
	for i, c := range cs {
		out[i] = uintptr(c)
	}
	return out
}

// rlimitTableFile is the read end of a pipe holding the trampoline's
// rlimit table (all of it: far below the pipe's buffer).
func rlimitTableFile(rs []specs.POSIXRlimit) (*os.File, error) {
	t := make([]dmzRlimit, 0, len(rs))
	for _, r := range rs {
		res, ok := RlimitResource(r.Type)
		if !ok {
			return nil, fmt.Errorf("rlimit %q: unknown", r.Type)
		}
		t = append(t, dmzRlimit{resource: uint32(res), soft: r.Soft, hard: r.Hard})
	}
	rd, wr, err := os.Pipe()
	if err != nil {
		return nil, fmt.Errorf("rlimit pipe: %w", err)
	}
	_, err = wr.Write(dmzRlimitTable(t))
	wr.Close()
	if err != nil {
		rd.Close()
		return nil, fmt.Errorf("rlimit pipe: %w", err)
	}
	return rd, nil
}
