package tests

import (
	"strings"
	"testing"
)

// sleeper is a running container for exec tests.
func sleeper(t *testing.T, args ...string) string {
	t.Helper()
	return runD(t, append(args, busyboxImage(t), "sh", "-c", "echo inside > /tmp/made-by-ctr; exec sleep 1000")...)
}

func TestExecJoinsNamespacesAndCgroup(t *testing.T) {
	id := sleeper(t)
	r := tent(t, "exec", id, "ps")
	if r.Code != 0 || !strings.Contains(r.Stdout, "sleep 1000") || strings.Count(strings.TrimSpace(r.Stdout), "\n") > 3 {
		t.Fatalf("exec ps should see only the container's processes:\n%s", r)
	}
	if r := tent(t, "exec", id, "cat", "/proc/1/cmdline"); r.Stdout != "sleep\x001000\x00" {
		t.Fatalf("/proc/1/cmdline: %q", r.Stdout)
	}
	if r := tent(t, "exec", id, "hostname"); strings.TrimSpace(r.Stdout) != id[:12] {
		t.Fatalf("hostname: %q", r.Stdout)
	}
	if r := tent(t, "exec", id, "cat", "/tmp/made-by-ctr"); r.Stdout != "inside\n" {
		t.Fatalf("mount namespace not joined:\n%s", r)
	}
	if r := tent(t, "exec", id, "cat", "/proc/self/cgroup"); !strings.Contains(r.Stdout, id) && !strings.Contains(r.Stdout, "0::/\n") {
		t.Fatalf("cgroup not joined:\n%s", r)
	}
}

func TestExecEnvUserWorkdir(t *testing.T) {
	id := sleeper(t, "-e", "FROM_RUN=1")
	r := tent(t, "exec", "-e", "FROM_EXEC=2", "-w", "/etc", id, "sh", "-c", "echo $FROM_RUN $FROM_EXEC $(pwd)")
	if strings.TrimSpace(r.Stdout) != "1 2 /etc" {
		t.Fatalf("env/workdir:\n%s", r)
	}
	if r := tent(t, "exec", "-u", "nobody", id, "id", "-u"); strings.TrimSpace(r.Stdout) != "65534" {
		t.Fatalf("-u nobody:\n%s", r)
	}
	if r := tent(t, "exec", "-u", "1234:5678", id, "id"); !strings.Contains(r.Stdout, "uid=1234") || !strings.Contains(r.Stdout, "gid=5678") {
		t.Fatalf("-u 1234:5678:\n%s", r)
	}
}

func TestExecExitCodes(t *testing.T) {
	id := sleeper(t)
	tests := []struct {
		args []string
		code int
	}{
		{[]string{"true"}, 0},
		{[]string{"sh", "-c", "exit 3"}, 3},
		{[]string{"no-such-command"}, 127},
		{[]string{"/etc/passwd"}, 126},
	}
	for _, tt := range tests {
		if r := tent(t, append([]string{"exec", id}, tt.args...)...); r.Code != tt.code {
			t.Errorf("exec %v: exit %d, want %d\n%s", tt.args, r.Code, tt.code, r)
		}
	}
}

func TestExecDetachAndTTY(t *testing.T) {
	id := sleeper(t)
	if r := tent(t, "exec", "-d", id, "sh", "-c", "echo bg > /tmp/bg"); r.Code != 0 {
		t.Fatalf("exec -d: %s", r)
	}
	waitFor(t, 5e9, "exec -d's file", func() bool { return tent(t, "exec", id, "cat", "/tmp/bg").Stdout == "bg\n" })
	if r := tent(t, "exec", "-t", id, "tty"); !strings.HasPrefix(strings.TrimSpace(r.Stdout), "/dev/pts/") {
		t.Fatalf("exec -t tty:\n%s", r)
	}
}

func TestExecNotRunning(t *testing.T) {
	id := runD(t, busyboxImage(t), "true")
	tent(t, "wait", id)
	r := tent(t, "exec", id, "true")
	if r.Code == 0 || !strings.Contains(r.Stderr, "is not running") {
		t.Fatalf("exec into a stopped container:\n%s", r)
	}
}
