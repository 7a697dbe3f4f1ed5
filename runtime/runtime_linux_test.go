package runtime

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/testutil"
	"golang.org/x/sys/unix"
)

func TestRunIsolation(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	tests := []struct {
		name    string
		args    []string
		want    string // substring of stdout
		reject  string // must not be in stdout
		cwd     string
		ambient bool
	}{
		{name: "pid 1", args: []string{"sh", "-c", "echo $$"}, want: "1"},
		{name: "hostname", args: []string{"hostname"}, want: "tenttest"},
		{name: "no host pids", args: []string{"sh", "-c", "echo /proc/[0-9]*"}, want: "/proc/1", reject: "/proc/1 /proc/10"},
		{name: "caps dropped", args: []string{"grep", "CapEff", "/proc/self/status"}, want: "00000000a80425fb"},
		{name: "bounding dropped", args: []string{"grep", "CapBnd", "/proc/self/status"}, want: "00000000a80425fb"},
		{name: "no_new_privs", args: []string{"grep", "NoNewPrivs", "/proc/self/status"}, want: "1"},
		{name: "keys masked", args: []string{"wc", "-c", "/proc/keys"}, want: "0 /proc/keys"},
		{name: "acpi masked", args: []string{"sh", "-c", "ls -a /proc/acpi | wc -l"}, want: "2"},
		{name: "proc/sys read-only", args: []string{"sh", "-c", "echo 1 > /proc/sys/kernel/domainname && echo writable"}, reject: "writable"},
		{name: "devices", args: []string{"ls", "/dev"}, want: "null"},
		{name: "devices usable under deny-all", args: []string{"sh", "-c", "echo x > /dev/null && head -c 3 /dev/zero | wc -c"}, want: "3"},
		{name: "lo up", args: []string{"cat", "/sys/class/net/lo/operstate"}, want: "unknown"},
		{name: "cwd", args: []string{"pwd"}, want: "/"},
		{name: "ambient without inheritable (runc spec)", args: []string{"grep", "CapAmb", "/proc/self/status"}, ambient: true, want: "0000000000000000"},
		{name: "own memory cgroup, read-only", args: []string{"sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes; ls /sys/fs/cgroup; touch /sys/fs/cgroup/x || echo ro"}, want: "ro"},
		{name: "missing cwd is made", args: []string{"pwd"}, cwd: "/made/here", want: "/made/here"},
		// v1: the init's thread moved itself (cgroups.JoinThread); the exec'd process is in.
		{name: "in its memory cgroup", args: []string{"cat", "/proc/self/cgroup"}, want: ":memory:/tenttest/"},
		{name: "in its pids cgroup", args: []string{"cat", "/proc/self/cgroup"}, want: ":pids:/tenttest/"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			spec := testSpec(tt.args...)
			if tt.cwd != "" {
				spec.Process.Cwd = tt.cwd
			}
			if tt.ambient {
				spec.Process.Capabilities.Ambient = []string{"CAP_KILL"}
			}
			res := runContainer(t, r, bundle, spec)
			if res.err != nil || res.status.Code != 0 && tt.reject == "" {
				t.Fatalf("run %q: %v, status %+v, stderr %q", tt.args, res.err, res.status, res.stderr)
			}
			if !strings.Contains(res.stdout, tt.want) {
				t.Errorf("stdout %q, want %q (stderr %q)", res.stdout, tt.want, res.stderr)
			}
			if tt.reject != "" && strings.Contains(res.stdout, tt.reject) {
				t.Errorf("stdout %q holds %q", res.stdout, tt.reject)
			}
		})
	}
}

func TestRunExitCodes(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	tests := []struct {
		name string
		args []string
		code int
	}{
		{"true", []string{"true"}, 0},
		{"exit 3", []string{"sh", "-c", "exit 3"}, 3},
		// PID 1 ignores signals without a handler from inside its namespace: exit 0, as Docker.
		{"kill self", []string{"sh", "-c", "kill -9 $$"}, 0},
		{"not found", []string{"nosuchcmd"}, 127},
		{"not executable", []string{"/etc/noexec"}, 126},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := runContainer(t, r, bundle, testSpec(tt.args...))
			var ec *exitcode.Error
			if errors.As(res.err, &ec) {
				// Create fails early, as runc's: the code is the error's.
				res.status.Code, res.err = ec.ExitCode(), nil
			}
			if res.err != nil || res.status.Code != tt.code {
				t.Errorf("run %q: code %d err %v, want %d (stderr %q)", tt.args, res.status.Code, res.err, tt.code, res.stderr)
			}
		})
	}
}

func TestLifecycle(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	c, err := r.Create("life", CreateOpts{Bundle: bundle, Spec: testSpec("sleep", "100")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	wantStatus := func(want specs.ContainerState) {
		t.Helper()
		// From another handle, as a second process would see it.
		other, err := r.Load("life")
		if err != nil {
			t.Fatal(err)
		}
		st, err := other.State()
		if err != nil || st.Status != want {
			t.Fatalf("state = %+v, %v; want %s", st, err, want)
		}
	}
	wantStatus(specs.StateCreated)
	other, _ := r.Load("life")
	if err := other.Start(); err != nil {
		t.Fatal(err)
	}
	wantStatus(specs.StateRunning)
	if err := c.Signal(unix.SIGKILL, false); err != nil {
		t.Fatal(err)
	}
	st, err := c.Wait()
	if err != nil || st.Code != 137 || st.Signal != unix.SIGKILL {
		t.Errorf("wait = %+v, %v; want 137", st, err)
	}
	wantStatus(specs.StateStopped)
	if err := c.Delete(false); err != nil {
		t.Fatal(err)
	}
	if err := c.Delete(false); err != nil {
		t.Errorf("second delete: %v", err)
	}
	if _, err := r.Load("life"); !errors.Is(err, ErrNotExist) {
		t.Errorf("load after delete: %v", err)
	}
}

func TestExec(t *testing.T) {
	testutil.RequireRoot(t)
	r := newTestRuntime(t)
	bundle := busyboxBundle(t)
	c, err := r.Create("exec", CreateOpts{Bundle: bundle, Spec: testSpec("sleep", "100")})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Delete(true)
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	// Start returns once the init has the go; wait for its execve.
	waitFor(t, func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c.Pid()))
		return strings.HasPrefix(string(b), "sleep")
	})
	// Exec from a loaded handle, as a `tent exec` process does.
	if c, err = r.Load("exec"); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
		code int
		want string
	}{
		{"same pid ns", []string{"cat", "/proc/1/cmdline"}, 0, "sleep100"},
		{"same uts", []string{"hostname"}, 0, "tenttest"},
		{"same root", []string{"ls", "/bin/busybox"}, 0, "/bin/busybox"},
		{"caps", []string{"grep", "CapEff", "/proc/self/status"}, 0, "00000000a80425fb"},
		{"exit code", []string{"sh", "-c", "exit 5"}, 5, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := tempFile(t)
			p := testSpec(tt.args...).Process
			proc, err := c.Exec(p, Stdio{Stdout: out, Stderr: out}, nil)
			if err != nil {
				t.Fatal(err)
			}
			st, err := proc.Wait()
			got := strings.ReplaceAll(readBack(t, out), "\x00", "")
			if err != nil || st.Code != tt.code || !strings.Contains(got, tt.want) {
				t.Errorf("exec %q = %+v %v, out %q; want code %d, %q", tt.args, st, err, got, tt.code, tt.want)
			}
		})
	}
	p := testSpec("nosuchcmd").Process
	var ec *exitcode.Error
	if _, err := c.Exec(p, Stdio{}, nil); !errors.As(err, &ec) || ec.ExitCode() != 127 {
		t.Errorf("exec of a missing command: %v, want code 127", err)
	}
}
