package runtime

import (
	"errors"
	"fmt"
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/trace"
	"github.com/tent-dev/tent/rootfs"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// staticSetup sets up the container of the static init pid from a thread
// of this process that joins its namespaces (IPC, UTS, network or the one
// the spec names by path, then mount: staticNS), in the Go init's order: / made a slave, the rootfs,
// the mounts but /proc, /dev, the masks and read-only paths outside /proc,
// pivot_root (the waiting init's root moves with the thread's), a
// read-only /, the hostname, lo. mountRootfs, when not nil, mounts the
// rootfs instead of rootfs.Apply; beforePivot runs just before pivot_root.
// It returns the command's path, resolved in the new root. The thread
// ends with its goroutine.
func staticSetup(pid int, flags uintptr, cfg *initcodec.Config, sp staticPlan, mountRootfs, beforePivot func() error, tr *trace.Laps) (string, error) {
	var types []specs.LinuxNamespaceType
	for _, t := range []specs.LinuxNamespaceType{specs.IPCNamespace, specs.UTSNamespace, specs.NetworkNamespace, specs.MountNamespace} {
		if flags&nsFlag(t) != 0 {
			types = append(types, t)
		}
	}
	ns, err := openNamespaces(pid, types)
	if err != nil {
		return "", err
	}
	ns, err = withJoins(ns, cfg.Joins)
	defer closeAll(ns)
	if err != nil {
		return "", err
	}
	type result struct {
		exe string
		err error
	}
	done := make(chan result, 1)
	onThrowawayThread(func() {
		exe, err := staticSetupThread(ns, cfg, sp, mountRootfs, beforePivot, tr)
		done <- result{exe, err}
	})
	r := <-done
	return r.exe, r.err
}

// withJoins adds the namespaces the init joins by path (network ones:
// planStatic) to the thread's, before the mount namespace: the sysfs the
// thread mounts shows the devices of its own network namespace, which must
// be the container's.
func withJoins(ns []nsFile, joins []initcodec.NamespaceJoin) ([]nsFile, error) {
	var add []nsFile
	for _, j := range joins {
		f, err := os.Open(j.Path)
		if err != nil {
			closeAll(add)
			return ns, fmt.Errorf("open namespace: %w", err)
		}
		add = append(add, nsFile{f: f, typ: int(nsFlag(j.Type))})
	}
	if n := len(ns); n > 0 && ns[n-1].typ == unix.CLONE_NEWNS {
		return append(append(ns[:n-1:n-1], add...), ns[n-1]), nil
	}
	return append(ns, add...), nil
}

func staticSetupThread(ns []nsFile, cfg *initcodec.Config, sp staticPlan, mountRootfs, beforePivot func() error, tr *trace.Laps) (string, error) {
	// Its own fs_struct first: setns(CLONE_NEWNS) needs it, and the umask
	// is the thread's alone.
	if err := unix.Unshare(unix.CLONE_FS); err != nil {
		return "", &SyscallError{Op: "unshare CLONE_FS", Err: err}
	}
	for _, n := range ns {
		if err := unix.Setns(int(n.f.Fd()), n.typ); err != nil {
			return "", &SyscallError{Op: "setns", Path: n.f.Name(), Err: err}
		}
	}
	unix.Umask(0)
	tr.Step("thread: setns into the init's namespaces")
	if err := prepareRootWith(cfg, mountRootfs); err != nil {
		return "", err
	}
	if tr.On() {
		tr.Step(rootfsStepName(cfg))
	}
	if err := staticMounts(cfg, sp, tr); err != nil {
		return "", err
	}
	if err := staticMasks(cfg.Rootfs, sp); err != nil {
		return "", err
	}
	tr.Step("masks and read-only paths outside /proc")
	if err := beforePivot(); err != nil {
		return "", err
	}
	if err := rootfs.PivotRoot(cfg.Rootfs); err != nil {
		return "", err
	}
	tr.Step("pivot_root")
	return staticAfterPivot(cfg)
}

// staticMounts is mountAll with the plan's mounts (no /proc).
func staticMounts(cfg *initcodec.Config, sp staticPlan, tr *trace.Laps) error {
	for _, s := range sp.mounts {
		if err := mountStepIn(cfg.Rootfs, s, cfg.CgroupV2, cfg.CgroupPath); err != nil {
			return err
		}
		if tr.On() {
			tr.Step(mountStepName(s))
		}
	}
	devs := planDevices(cfg.Spec.Linux)
	if err := makeDevices(cfg.Rootfs, devs); err != nil {
		return err
	}
	if cwd := cfg.Process.Cwd; cwd != "" && cwd != "/" {
		_ = mkdirAllInRoot(cfg.Rootfs, cwd, 0o755) // as mountAll
	}
	return nil
}

// staticMasks masks and makes read-only the paths outside /proc, opened
// inside the rootfs (openInRoot) before pivot_root. Missing paths are
// skipped, as maskPaths and readonlyPaths skip them. The rootfs's
// /dev/null is checked to be the null device first: it is bound here and
// by the init's table over the masked files under /proc (CVE-2025-31133).
func staticMasks(root string, sp staticPlan) error {
	null, err := openInRoot(root, "/dev/null")
	if err != nil {
		return err
	}
	defer null.Close()
	if err := isNullDevice(int(null.Fd())); err != nil {
		return err
	}
	for _, p := range sp.masked {
		if err := maskInRoot(root, p, null); err != nil {
			return err
		}
	}
	for _, p := range sp.readonly {
		if err := readonlyInRoot(root, p); err != nil {
			return err
		}
	}
	return nil
}

func maskInRoot(root, p string, null *os.File) error {
	t, err := openInRoot(root, p)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return err
	}
	defer t.Close()
	var st unix.Stat_t
	if err := unix.Fstat(int(t.Fd()), &st); err != nil {
		return &SyscallError{Op: "stat masked path", Path: p, Err: err}
	}
	return maskMount(fdPath(t), p, st.Mode&unix.S_IFMT == unix.S_IFDIR, null)
}

func readonlyInRoot(root, p string) error {
	t, err := openInRoot(root, p)
	if errors.Is(err, unix.ENOENT) {
		return nil
	}
	if err != nil {
		return err
	}
	err = unix.Mount(fdPath(t), fdPath(t), "", unix.MS_BIND|unix.MS_REC, "")
	t.Close()
	if err != nil {
		return &SyscallError{Op: "bind read-only path", Path: p, Err: err}
	}
	m, err := openInRoot(root, p) // the new mount
	if err != nil {
		return err
	}
	defer m.Close()
	if err := unix.Mount("", fdPath(m), "", readonlyRemount, ""); err != nil {
		return &SyscallError{Op: "remount read-only", Path: p, Err: err}
	}
	return nil
}

// staticAfterPivot is afterPivot but the sysctls (planStatic refuses
// them), the masks (done before pivot_root and by the table), the console
// (refused too) and the rlimits (set from outside, processLimits).
func staticAfterPivot(cfg *initcodec.Config) (string, error) {
	spec := cfg.Spec
	if spec.Root.Readonly {
		if err := unix.Mount("", "/", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_REC, ""); err != nil {
			return "", &SyscallError{Op: "remount / read-only", Err: err}
		}
	}
	if err := setHostname(spec); err != nil {
		return "", err
	}
	if cfg.NewNet {
		if err := loopbackUp(); err != nil {
			return "", err
		}
	}
	return lookPath(cfg.Process)
}
