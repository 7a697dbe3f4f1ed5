package runtime

// Namespaces, the syscalls: clone flags (the init's clone, init_parent_linux.go),
// setns(2) by path in the init, and for exec, setns(2) of a locked thread
// into a running container's /proc/<pid>/ns/* before it starts the
// stage-2, which then joins the mount namespace itself.

import (
	"fmt"
	"os"
	"strconv"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// namespaceKinds are the namespace types the runtime makes or joins, with
// the clone(2) flag and the /proc/<pid>/ns/<name> of each: a table laid
// out as data (maps were built by the package's init at every start of
// tent, tent-init and tent-runc).
var namespaceKinds = [...]struct {
	typ  specs.LinuxNamespaceType
	flag uintptr
	file string
}{
	{specs.PIDNamespace, unix.CLONE_NEWPID, "pid"},
	{specs.NetworkNamespace, unix.CLONE_NEWNET, "net"},
	{specs.MountNamespace, unix.CLONE_NEWNS, "mnt"},
	{specs.IPCNamespace, unix.CLONE_NEWIPC, "ipc"},
	{specs.UTSNamespace, unix.CLONE_NEWUTS, "uts"},
	{specs.CgroupNamespace, unix.CLONE_NEWCGROUP, "cgroup"},
}

// cloneFlag is the clone(2) flag of namespace type t; false for a type
// the runtime does not support.
func cloneFlag(t specs.LinuxNamespaceType) (uintptr, bool) {
	for _, k := range namespaceKinds {
		if k.typ == t {
			return k.flag, true
		}
	}
	return 0, false
}

// nsFileName is the /proc/<pid>/ns/<name> of namespace type t.
func nsFileName(t specs.LinuxNamespaceType) string {
	for _, k := range namespaceKinds {
		if k.typ == t {
			return k.file
		}
	}
	return ""
}

// nsFlag is cloneFlag without the check, for the types the runtime knows.
func nsFlag(t specs.LinuxNamespaceType) uintptr {
	f, _ := cloneFlag(t)
	return f
}

// unshareCgroupNamespace gives a spawned init (not cloned with
// CLONE_NEWCGROUP, its cgroup was not known yet) its cgroup namespace,
// rooted at the cgroup it is in now.
func unshareCgroupNamespace() error {
	if err := unix.Unshare(unix.CLONE_NEWCGROUP); err != nil {
		return &SyscallError{Op: "unshare cgroup namespace", Err: err}
	}
	return nil
}

// joinNamespaces setns's this (locked) thread into namespaces given by
// path (net, ipc, uts, cgroup, and mount last: planNamespaces orders
// them): everything after, and the final execve, runs on this thread.
func joinNamespaces(joins []initcodec.NamespaceJoin, tr *trace.Laps) error {
	for _, j := range joins {
		fd, err := unix.Open(j.Path, unix.O_RDONLY|unix.O_CLOEXEC, 0)
		if err != nil {
			return &SyscallError{Op: "open namespace", Path: j.Path, Err: err}
		}
		if j.Type == specs.MountNamespace {
			err = enterMountNamespace(fd)
		} else {
			err = unix.Setns(fd, int(nsFlag(j.Type)))
			unix.Close(fd)
		}
		if err != nil {
			return &SyscallError{Op: "setns " + string(j.Type), Path: j.Path, Err: err}
		}
		if tr.On() {
			tr.Step("setns " + string(j.Type))
		}
	}
	return nil
}

// nsFile is an open /proc/<pid>/ns/<name> and its CLONE_NEW* type.
type nsFile struct {
	f   *os.File
	typ int
}

// openNamespaces opens the init's namespaces, in setns order: the mount
// namespace last (it changes the thread's root).
func openNamespaces(pid int, types []specs.LinuxNamespaceType) ([]nsFile, error) {
	order := []specs.LinuxNamespaceType{specs.IPCNamespace, specs.UTSNamespace, specs.NetworkNamespace,
		specs.CgroupNamespace, specs.PIDNamespace, specs.MountNamespace}
	have := map[specs.LinuxNamespaceType]bool{}
	for _, t := range types {
		have[t] = true
	}
	var out []nsFile
	for _, t := range order {
		if !have[t] {
			continue
		}
		path := "/proc/" + strconv.Itoa(pid) + "/ns/" + nsFileName(t)
		f, err := os.Open(path)
		if err != nil {
			closeAll(out)
			return nil, fmt.Errorf("open namespace: %w", err)
		}
		out = append(out, nsFile{f: f, typ: int(nsFlag(t))})
	}
	return out, nil
}

// splitMountNamespace separates the mount namespace (joined by the
// stage-2 itself) from the ones the parent's thread joins.
func splitMountNamespace(all []nsFile) (joins []nsFile, mnt *os.File) {
	for _, n := range all {
		if n.typ == unix.CLONE_NEWNS {
			mnt = n.f
			continue
		}
		joins = append(joins, n)
	}
	return joins, mnt
}

func closeAll(fs []nsFile) {
	for _, n := range fs {
		n.f.Close()
	}
}

// startInit starts a container's init, in pid namespace pidNS when the
// spec joins one by path (setns on a thread of the runtime: the init, its
// child, is cloned into it).
func startInit(cmd *child, pidNS string) error {
	if pidNS == "" {
		return cmd.Start()
	}
	f, err := os.Open(pidNS)
	if err != nil {
		return fmt.Errorf("open pid namespace: %w", err)
	}
	defer f.Close()
	return startInNamespaces(cmd, []nsFile{{f: f, typ: unix.CLONE_NEWPID}})
}

// startInNamespaces starts cmd in the namespaces: through the launcher
// (launch.go) when one is a pid namespace, whose processes could catch the
// child before its execve; else from a fresh locked thread moved into them,
// which exits with its goroutine afterwards.
func startInNamespaces(cmd *child, nsFiles []nsFile) error {
	for _, n := range nsFiles {
		if n.typ == unix.CLONE_NEWPID {
			return startThroughLauncher(cmd, nsFiles)
		}
	}
	errc := make(chan error, 1)
	onThrowawayThread(func() { // this thread's namespaces change
		for _, n := range nsFiles {
			if err := unix.Setns(int(n.f.Fd()), n.typ); err != nil {
				errc <- &SyscallError{Op: "setns", Path: n.f.Name(), Err: err}
				return
			}
		}
		errc <- cmd.Start()
	})
	return <-errc
}

// enterMountNamespace moves this (locked) thread into the mount namespace
// of fd: setns(CLONE_NEWNS) needs an fs_struct of its own, so
// unshare(CLONE_FS) first; the thread's root and cwd become the
// container's root.
func enterMountNamespace(fd int) error {
	if err := unix.Unshare(unix.CLONE_FS); err != nil {
		return &SyscallError{Op: "unshare CLONE_FS", Err: err}
	}
	if err := unix.Setns(fd, unix.CLONE_NEWNS); err != nil {
		unix.Close(fd)
		return &SyscallError{Op: "setns mnt", Err: err}
	}
	unix.Close(fd)
	return nil
}
