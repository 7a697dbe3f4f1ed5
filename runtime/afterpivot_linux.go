package runtime

import (
	"errors"
	"fmt"
	"github.com/tent-dev/tent/internal/trace"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

// afterPivot runs inside the new root: sysctls, masked and read-only
// paths, read-only root, hostname, lo, rlimits, the console.
func afterPivot(cfg *initcodec.Config, sync *syncConn, tr *trace.Laps) error {
	spec := cfg.Spec
	if l := spec.Linux; l != nil {
		if err := writeSysctls(l.Sysctl); err != nil {
			return err
		}
		if tr.On() && len(l.Sysctl) > 0 {
			tr.Step(fmt.Sprintf("sysctls (%d)", len(l.Sysctl)))
		}
		if err := maskPaths(l.MaskedPaths); err != nil {
			return err
		}
		if tr.On() {
			tr.Step(fmt.Sprintf("masked paths (%d)", len(l.MaskedPaths)))
		}
		if err := readonlyPaths(l.ReadonlyPaths); err != nil {
			return err
		}
		if tr.On() {
			tr.Step(fmt.Sprintf("read-only paths (%d)", len(l.ReadonlyPaths)))
		}
	}
	if spec.Process.Terminal {
		if err := setupConsole(sync, true, spec.Process.ConsoleSize); err != nil {
			return err
		}
	}
	if spec.Root.Readonly {
		if err := unix.Mount("", "/", "", unix.MS_BIND|unix.MS_REMOUNT|unix.MS_RDONLY|unix.MS_REC, ""); err != nil {
			return &SyscallError{Op: "remount / read-only", Err: err}
		}
	}
	tr.Step("console, read-only /")
	if err := setHostname(spec); err != nil {
		return err
	}
	tr.Step("sethostname")
	if cfg.NewNet {
		if err := loopbackUp(); err != nil {
			return err
		}
		tr.Step("lo up")
	}
	if err := setProcessLimits(spec.Process); err != nil {
		return err
	}
	tr.Step("rlimits")
	return nil
}

func setHostname(spec *specs.Spec) error {
	if spec.Hostname != "" {
		if err := unix.Sethostname([]byte(spec.Hostname)); err != nil {
			return &SyscallError{Op: "sethostname", Path: spec.Hostname, Err: err}
		}
	}
	if spec.Domainname != "" {
		if err := unix.Setdomainname([]byte(spec.Domainname)); err != nil {
			return &SyscallError{Op: "setdomainname", Path: spec.Domainname, Err: err}
		}
	}
	return nil
}

// writeSysctls writes /proc/sys/<key with dots as slashes>.
func writeSysctls(s map[string]string) error {
	for k, v := range s {
		p := filepath.Join("/proc/sys", strings.ReplaceAll(k, ".", "/"))
		if !strings.HasPrefix(p, "/proc/sys/") {
			return fmt.Errorf("sysctl %q: invalid name", k)
		}
		if err := os.WriteFile(p, []byte(v), 0); err != nil {
			return fmt.Errorf("sysctl %s: %w", k, err)
		}
	}
	return nil
}

// setProcessLimits applies rlimits and the OOM score (process-wide).
func setProcessLimits(p *specs.Process) error { return processLimits(0, p) }

// processLimits sets the rlimits (prlimit(2)) and the OOM score of pid,
// 0 for this process: the static init's are set from outside.
func processLimits(pid int, p *specs.Process) error {
	for _, r := range p.Rlimits {
		res, ok := RlimitResource(r.Type)
		if !ok {
			return fmt.Errorf("rlimit %q: unknown", r.Type)
		}
		if err := unix.Prlimit(pid, res, &unix.Rlimit{Cur: r.Soft, Max: r.Hard}, nil); err != nil {
			return &SyscallError{Op: "setrlimit", Path: r.Type, Err: err}
		}
	}
	if p.OOMScoreAdj != nil {
		path := "/proc/self/oom_score_adj"
		if pid != 0 {
			path = "/proc/" + strconv.Itoa(pid) + "/oom_score_adj"
		}
		if err := os.WriteFile(path, []byte(fmt.Sprint(*p.OOMScoreAdj)), 0); err != nil {
			return fmt.Errorf("oom_score_adj: %w", err)
		}
	}
	return nil
}

// RlimitResource is the setrlimit resource of a spec rlimit type ("RLIMIT_NOFILE").
func RlimitResource(typ string) (int, bool) {
	for _, r := range rlimitNames {
		if r.name == typ {
			return r.res, true
		}
	}
	return 0, false
}

// rlimitNames is a table laid out as data, not a map built at every start.
var rlimitNames = [...]struct {
	name string
	res  int
}{
	{"RLIMIT_AS", unix.RLIMIT_AS}, {"RLIMIT_CORE", unix.RLIMIT_CORE}, {"RLIMIT_CPU", unix.RLIMIT_CPU},
	{"RLIMIT_DATA", unix.RLIMIT_DATA}, {"RLIMIT_FSIZE", unix.RLIMIT_FSIZE}, {"RLIMIT_LOCKS", unix.RLIMIT_LOCKS},
	{"RLIMIT_MEMLOCK", unix.RLIMIT_MEMLOCK}, {"RLIMIT_MSGQUEUE", unix.RLIMIT_MSGQUEUE}, {"RLIMIT_NICE", unix.RLIMIT_NICE},
	{"RLIMIT_NOFILE", unix.RLIMIT_NOFILE}, {"RLIMIT_NPROC", unix.RLIMIT_NPROC}, {"RLIMIT_RSS", unix.RLIMIT_RSS},
	{"RLIMIT_RTPRIO", unix.RLIMIT_RTPRIO}, {"RLIMIT_RTTIME", unix.RLIMIT_RTTIME}, {"RLIMIT_SIGPENDING", unix.RLIMIT_SIGPENDING},
	{"RLIMIT_STACK", unix.RLIMIT_STACK},
}

// enterCwd chdirs to cwd and checks the result is inside the root: a
// leaked host directory fd must not give the process a host cwd
// (CVE-2024-21626).
func enterCwd(cwd string) error {
	if cwd == "" {
		cwd = "/"
	}
	err := unix.Chdir(cwd)
	if errors.Is(err, unix.ENOENT) && os.MkdirAll(cwd, 0o755) == nil {
		err = unix.Chdir(cwd) // Docker makes a missing working dir
	}
	if err != nil {
		return exitcode.New(exitcode.CannotExec, &SyscallError{Op: "chdir to cwd", Path: cwd, Err: err})
	}
	wd, err := unix.Getwd()
	if err != nil || !strings.HasPrefix(wd, "/") {
		if err == nil {
			err = errors.New("outside the container's root")
		}
		return fmt.Errorf("cwd %s: %w", cwd, err)
	}
	return nil
}
