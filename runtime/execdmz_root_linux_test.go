package runtime

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/moby/sys/capability"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/testutil"
)

// TestDMZJoinsCgroup: writing "0" to a cgroup v2 cgroup.procs on its fd 5
// moves the trampoline into that cgroup before it execs the command.
func TestDMZJoinsCgroup(t *testing.T) {
	testutil.RequireRoot(t, "makes a cgroup v2 cgroup")
	root := cgroup2Mount(t)
	dir, err := os.MkdirTemp(root, "tent-dmz-test-")
	if err != nil {
		t.Skipf("no cgroup of our own under %s: %v", root, err)
	}
	t.Cleanup(func() { os.Remove(dir) })
	procs, err := os.OpenFile(filepath.Join(dir, "cgroup.procs"), os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer procs.Close()
	out, _, code := runDMZ(t, writeDMZ(t), procs, nil, "/bin/sh", "sh", "-c", "grep ^0:: /proc/self/cgroup")
	if want := "0::/" + filepath.Base(dir) + "\n"; code != 0 || out != want {
		t.Errorf("exit %d, /proc/self/cgroup's v2 line %q; want %q", code, out, want)
	}
	// A cgroup that is gone: the exec fails, with the message.
	os.Remove(dir)
	if out, stderr, code := runDMZ(t, writeDMZ(t), procs, nil, "/bin/sh", "sh", "-c", "true"); code != 126 || stderr != dmzJoinMsg {
		t.Errorf("into a removed cgroup: exit %d, out %q, stderr %q; want 126 and %q", code, out, stderr, dmzJoinMsg)
	}
}

// cgroup2Mount is where a cgroup2 hierarchy is mounted (the unified one of
// a hybrid host), or the test skips.
func cgroup2Mount(t *testing.T) string {
	for _, p := range []string{"/sys/fs/cgroup", "/sys/fs/cgroup/unified"} {
		var fs unix.Statfs_t
		if unix.Statfs(p, &fs) == nil && fs.Type == unix.CGROUP2_SUPER_MAGIC {
			return p
		}
	}
	t.Skip("no cgroup2 hierarchy mounted on this host")
	return ""
}

// TestDMZNotDumpable: a trampoline of mode 0111, exec'd by a process that
// cannot read it (no CAP_DAC_OVERRIDE or CAP_DAC_READ_SEARCH in effect, as
// exec's fast path forks it), is not dumpable: a process without
// CAP_SYS_PTRACE cannot reach its /proc/PID/exe. One of mode 0755 is (the
// check works).
func TestDMZNotDumpable(t *testing.T) {
	testutil.RequireRoot(t, "drops and keeps capabilities")
	for _, tc := range []struct {
		name     string
		mode     os.FileMode
		uid      uint32
		dumpable bool
	}{
		{"root, 0111", dmzMode, 0, false},
		{"user, 0111", dmzMode, 65534, false},
		{"root, 0755 (control)", 0o755, 0, true},
		{"user, 0755 (control)", 0o755, 65534, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dmz := writeDMZ(t)
			if err := os.Chmod(dmz, tc.mode); err != nil {
				t.Fatal(err)
			}
			hold, table, err := os.Pipe() // the trampoline waits in its read of fd 4
			if err != nil {
				t.Fatal(err)
			}
			defer hold.Close()
			cmd := dmzCmd(t, dmz, hold, "/bin/sh", "sh", "-c", "true")
			cmd.SysProcAttr = &syscall.SysProcAttr{Credential: &syscall.Credential{Uid: tc.uid, Gid: tc.uid}}
			// The observer below has no CAP_SYS_PTRACE: the trampoline
			// must not have it either (its caps must be a subset).
			noPtrace := func() error {
				if err := unix.Prctl(unix.PR_CAPBSET_DROP, uintptr(capability.CAP_SYS_PTRACE), 0, 0, 0); err != nil {
					return err
				}
				return capsetThread(nil, dmzUnreadable)
			}
			if err := withThreadCaps(noPtrace, cmd.Start); err != nil {
				t.Fatal(err)
			}
			waitComm(t, cmd.Process.Pid, "3") // it runs /proc/self/fd/3
			var reach error
			observer := func() error {
				unix.Setfsgid(int(tc.uid)) // the access check is by fsuid and fsgid
				unix.Setfsuid(int(tc.uid))
				return capsetThread(nil, []capability.Cap{capability.CAP_SYS_PTRACE})
			}
			if err := withThreadCaps(observer, func() error {
				_, reach = os.Readlink(fmt.Sprintf("/proc/%d/exe", cmd.Process.Pid))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			table.Close()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("trampoline: %v", err)
			}
			if dumpable := reach == nil; dumpable != tc.dumpable || (reach != nil && !errors.Is(reach, unix.EACCES)) {
				t.Errorf("its /proc/PID/exe from a process without CAP_SYS_PTRACE: %v; want dumpable %v", reach, tc.dumpable)
			}
		})
	}
}

// withThreadCaps runs set, then f, on a locked thread that dies after.
func withThreadCaps(set, f func() error) error {
	errc := make(chan error, 1)
	onThrowawayThread(func() {
		if err := set(); err != nil {
			errc <- err
			return
		}
		errc <- f()
	})
	return <-errc
}

// dmzCmd runs dmz as the fast path does: /proc/self/fd/3, its fd 4 the
// rlimit table, its fd 5 /dev/null.
func dmzCmd(t *testing.T, dmz string, table *os.File, argv ...string) *exec.Cmd {
	t.Helper()
	self, err := os.Open(dmz)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { self.Close() })
	null, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { null.Close() })
	cmd := exec.Command(dmzPath)
	cmd.Args = argv
	cmd.ExtraFiles = []*os.File{self, table, null}
	return cmd
}

// runDMZ runs dmz with join as its fd 5 and table (nil: empty) as its fd 4.
func runDMZ(t *testing.T, dmz string, join, table *os.File, argv ...string) (stdout, stderr string, code int) {
	t.Helper()
	if table == nil {
		table = fileWith(t, nil)
		defer table.Close()
	}
	cmd := dmzCmd(t, dmz, table, argv...)
	cmd.ExtraFiles[2] = join
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return out.String(), errb.String(), code
}

// waitComm waits until pid's comm is comm (it has exec'd).
func waitComm(t *testing.T, pid int, comm string) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if b, err := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); err == nil && strings.TrimSpace(string(b)) == comm {
			return
		}
	}
	t.Fatalf("process %d did not exec", pid)
}
