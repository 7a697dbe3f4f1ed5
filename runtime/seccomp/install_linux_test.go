package seccomp

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/seccomp/load"
)

// childEnv makes the test binary a child that installs the default filter
// and probes syscalls under it (see TestMain); its value says whether to
// set no_new_privs ("nnp") or rely on CAP_SYS_ADMIN ("caps").
const childEnv = "TENT_SECCOMP_TEST_CHILD"

func TestMain(m *testing.M) {
	if mode := os.Getenv(childEnv); mode != "" {
		if err := filterChild(mode == "nnp"); err != nil {
			fmt.Fprintln(os.Stderr, "child:", err)
			os.Exit(1)
		}
		fmt.Println("child: ok")
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// filterChild installs Docker's default filter (Docker's default caps) on
// this whole process, then checks what it allows and refuses.
func filterChild(nnp bool) error {
	p, err := DefaultProfile(dockerCaps)
	if err != nil {
		return err
	}
	prog, err := Compile(p)
	if err != nil {
		return err
	}
	if err := load.Install(prog, nnp); err != nil {
		return err
	}
	status, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return err
	}
	wantNNP := map[bool]string{true: "1", false: "0"}[nnp]
	for _, want := range []string{"Seccomp:\t2\n", "NoNewPrivs:\t" + wantNNP + "\n"} {
		if !strings.Contains(string(status), want) {
			return fmt.Errorf("/proc/self/status lacks %q", want)
		}
	}
	if pid, _, e := unix.RawSyscall(unix.SYS_GETPID, 0, 0, 0); e != 0 || int(pid) != os.Getpid() {
		return fmt.Errorf("getpid: %d %v", pid, e)
	}
	for _, tc := range []struct {
		name string
		nr   uintptr
		args [3]uintptr
		want unix.Errno
	}{
		{"keyctl(KEYCTL_GET_KEYRING_ID)", unix.SYS_KEYCTL, [3]uintptr{unix.KEYCTL_GET_KEYRING_ID, ^uintptr(3) + 1, 0}, unix.EPERM},
		{"add_key", unix.SYS_ADD_KEY, [3]uintptr{}, unix.EPERM},
		{"unshare(CLONE_NEWUSER)", unix.SYS_UNSHARE, [3]uintptr{unix.CLONE_NEWUSER}, unix.EPERM},
		{"io_uring_setup", unix.SYS_IO_URING_SETUP, [3]uintptr{1}, unix.EPERM},
		{"bpf", unix.SYS_BPF, [3]uintptr{}, unix.EPERM},
		{"perf_event_open", unix.SYS_PERF_EVENT_OPEN, [3]uintptr{}, unix.EPERM},
		{"userfaultfd", unix.SYS_USERFAULTFD, [3]uintptr{}, unix.EPERM},
		{"personality(ADDR_NO_RANDOMIZE)", unix.SYS_PERSONALITY, [3]uintptr{0x0040000}, unix.EPERM},
		{"clone3(NULL, 0)", unix.SYS_CLONE3, [3]uintptr{}, unix.ENOSYS}, // EINVAL without the filter
	} {
		if _, _, e := unix.RawSyscall(tc.nr, tc.args[0], tc.args[1], tc.args[2]); e != tc.want {
			return fmt.Errorf("%s: got %v, want %v", tc.name, e, tc.want)
		}
	}
	// The Go runtime and a child process still work under the filter.
	out, err := exec.Command("/bin/true").CombinedOutput()
	if err != nil {
		return fmt.Errorf("fork+exec under the filter: %v %s", err, out)
	}
	return nil
}

func runChild(t *testing.T, mode string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+mode)
	out, err := cmd.CombinedOutput()
	if err != nil || !strings.Contains(string(out), "child: ok") {
		t.Fatalf("child (%s): %v\n%s", mode, err, out)
	}
}

// TestInstallNoNewPrivs installs the default filter with no_new_privs in a
// re-executed child (a filter cannot be removed from the test process).
func TestInstallNoNewPrivs(t *testing.T) {
	testutil.RequireRoot(t)
	runChild(t, "nnp")
}

// TestInstallWithCaps installs it without no_new_privs, which the kernel
// allows only with CAP_SYS_ADMIN.
func TestInstallWithCaps(t *testing.T) {
	testutil.RequireRoot(t)
	runChild(t, "caps")
}

func TestInstallEmpty(t *testing.T) {
	if err := load.Install(load.Program{}, false); err == nil || errors.Is(err, unix.EINVAL) {
		t.Fatalf("empty program: %v", err)
	}
}
