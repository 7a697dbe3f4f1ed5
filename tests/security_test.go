package tests

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// statusField is a field of /proc/self/status as printed by grep.
func statusField(t *testing.T, status, name string) string {
	t.Helper()
	for _, l := range strings.Split(status, "\n") {
		if k, v, ok := strings.Cut(l, ":"); ok && k == name {
			return strings.TrimSpace(v)
		}
	}
	t.Fatalf("no %s in:\n%s", name, status)
	return ""
}

// containerStatus is the container process's /proc/self/status.
func containerStatus(t *testing.T, pre ...string) string {
	t.Helper()
	r := runIn(t, pre, "cat", "/proc/self/status")
	mustSucceed(t, r)
	return r.Stdout
}

// TestSecurityDefaultSeccomp: every container gets Docker's default filter.
func TestSecurityDefaultSeccomp(t *testing.T) {
	st := containerStatus(t)
	if statusField(t, st, "Seccomp") != "2" || statusField(t, st, "Seccomp_filters") != "1" {
		t.Fatalf("want Seccomp 2 and one filter:\n%s", st)
	}
	if statusField(t, st, "NoNewPrivs") != "0" {
		t.Fatalf("NoNewPrivs without the option:\n%s", st)
	}
}

var (
	probeOnce sync.Once
	probeDir  string
	probeErr  error
)

// secprobe builds testdata/secprobe (static) into a dir the tests bind
// into containers at /probe.
func secprobe(t *testing.T) string {
	t.Helper()
	probeOnce.Do(func() {
		probeDir = filepath.Join(testTmp, "secprobe")
		if probeErr = os.MkdirAll(probeDir, 0o755); probeErr != nil {
			return
		}
		gobin, err := exec.LookPath("go")
		if err != nil {
			gobin = "/usr/local/go/bin/go"
		}
		cmd := exec.Command(gobin, "build", "-trimpath", "-o", filepath.Join(probeDir, "secprobe"), "./testdata/secprobe")
		cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
		if out, err := cmd.CombinedOutput(); err != nil {
			probeErr = &buildError{err, string(out)}
		}
	})
	if probeErr != nil {
		t.Fatal(probeErr)
	}
	return probeDir
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return "build secprobe: " + e.err.Error() + "\n" + e.out }

// wantRefused are secprobe's lines under Docker's default profile.
var wantRefused = []string{"unshare=EPERM", "keyctl=EPERM", "io_uring_setup=EPERM", "bpf=EPERM",
	"perf_event_open=EPERM", "userfaultfd=EPERM", "clone3=ENOSYS"}

func checkRefused(t *testing.T, out string) {
	t.Helper()
	for _, w := range wantRefused {
		if !strings.Contains(out, w+"\n") {
			t.Errorf("want %s, got:\n%s", w, out)
		}
	}
}

// TestSecuritySeccompRefusesEscapes: the syscalls behind known container
// escapes fail as Docker's profile says.
func TestSecuritySeccompRefusesEscapes(t *testing.T) {
	dir := secprobe(t)
	r := runIn(t, []string{"-v", dir + ":/probe:ro"}, "/probe/secprobe")
	mustSucceed(t, r)
	checkRefused(t, r.Stdout)
	// A single-threaded process: unshare would succeed without the filter.
	r = runIn(t, nil, "unshare", "-U", "true")
	if r.Code == 0 || !strings.Contains(r.Stderr, "Operation not permitted") {
		t.Fatalf("unshare -U: want EPERM:\n%s", r)
	}
	// Unconfined, clone3 reaches the kernel (EINVAL for its NULL args).
	r = runIn(t, []string{"-v", dir + ":/probe:ro", "--security-opt", "seccomp=unconfined"}, "/probe/secprobe")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "clone3=EINVAL\n") {
		t.Fatalf("unconfined still filtered:\n%s", r)
	}
}

// TestSecuritySeccompSyscallHeavy: ordinary programs still work under the
// filter.
func TestSecuritySeccompSyscallHeavy(t *testing.T) {
	r := runIn(t, nil, "sh", "-c", `i=0; while [ $i -lt 300 ]; do i=$((i+1)); echo $i > /tmp/n; done; cat /tmp/n
find / -xdev -type f | wc -l > /tmp/files
tar cf /tmp/bin.tar /bin 2>/dev/null && tar tf /tmp/bin.tar | grep -c . > /tmp/entries
sleep 0.01 & wait; ps >/dev/null; date >/dev/null; echo done`)
	mustSucceed(t, r)
	if !strings.HasPrefix(r.Stdout, "300\n") || !strings.HasSuffix(r.Stdout, "done\n") {
		t.Fatalf("output:\n%s", r)
	}
}

func TestSecurityFlags(t *testing.T) {
	host, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	hostBnd := statusField(t, string(host), "CapBnd")
	for _, tc := range []struct {
		name                     string
		pre                      []string
		seccomp, capEff, noNewPr string
	}{
		{"unconfined", []string{"--security-opt", "seccomp=unconfined"}, "0", "00000000a80425fb", "0"},
		{"privileged", []string{"--privileged"}, "0", hostBnd, "0"},
		{"cap-drop ALL", []string{"--cap-drop", "ALL"}, "2", "0000000000000000", "0"},
		{"cap-add NET_ADMIN", []string{"--cap-add", "NET_ADMIN"}, "2", "00000000a80435fb", "0"},
		{"cap-add cap_net_admin, drop mknod", []string{"--cap-add", "cap_net_admin", "--cap-drop", "MKNOD"}, "2", "00000000a00435fb", "0"},
		{"no-new-privileges", []string{"--security-opt", "no-new-privileges"}, "2", "00000000a80425fb", "1"},
		{"no-new-privileges=false", []string{"--security-opt", "no-new-privileges=false"}, "2", "00000000a80425fb", "0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := containerStatus(t, tc.pre...)
			got := [3]string{statusField(t, st, "Seccomp"), statusField(t, st, "CapEff"), statusField(t, st, "NoNewPrivs")}
			if want := [3]string{tc.seccomp, tc.capEff, tc.noNewPr}; got != want {
				t.Fatalf("Seccomp, CapEff, NoNewPrivs = %q, want %q", got, want)
			}
		})
	}
}

// TestSecurityPrivilegedUnmasked: --privileged has no masked paths, a
// writable /sys and the host's devices.
func TestSecurityPrivilegedUnmasked(t *testing.T) {
	r := runIn(t, []string{"--privileged"}, "sh", "-c", "grep ' /sys ' /proc/self/mounts; test -c /dev/kmsg && echo kmsg; grep -c ' /proc/kcore ' /proc/self/mounts")
	if !strings.Contains(r.Stdout, " rw,") || !strings.HasSuffix(r.Stdout, "kmsg\n0\n") {
		t.Fatalf("privileged mounts:\n%s", r)
	}
}

func TestSecurityBadOptionsRefused(t *testing.T) {
	for _, pre := range [][]string{
		{"--cap-add", "NET_WIZARD"},
		{"--security-opt", "seccomp=/no/such/profile.json"},
		{"--security-opt", "apparmor=docker-default"},
		{"--security-opt", "no-new-privileges=maybe"},
	} {
		if r := runIn(t, pre, "true"); r.Code != 125 {
			t.Errorf("%v: exit %d, want 125:\n%s", pre, r.Code, r)
		}
	}
}

// TestSecuritySeccompProfileFile: --security-opt seccomp=PATH.json applies
// a Docker-format profile, and inspect shows the options.
func TestSecuritySeccompProfileFile(t *testing.T) {
	prof := filepath.Join(t.TempDir(), "p.json")
	if err := os.WriteFile(prof, []byte(`{"defaultAction":"SCMP_ACT_ALLOW","syscalls":[{"names":["mkdir","mkdirat"],"action":"SCMP_ACT_ERRNO"}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, []string{"--security-opt", "seccomp=" + prof}, "sh", "-c", "grep Seccomp: /proc/self/status; mkdir /tmp/x")
	if r.Code == 0 || !strings.Contains(r.Stdout, "Seccomp:\t2") || !strings.Contains(r.Stderr, "Operation not permitted") {
		t.Fatalf("mkdir under a profile refusing it:\n%s", r)
	}
	id := runD(t, "--cap-add", "NET_ADMIN", "--cap-drop", "MKNOD", "--security-opt", "no-new-privileges", busyboxImage(t), "sleep", "1000")
	got := inspectF(t, id, "{{json .HostConfig.CapAdd}} {{json .HostConfig.CapDrop}} {{.HostConfig.Privileged}} {{json .HostConfig.SecurityOpt}}")
	if want := `["NET_ADMIN"] ["MKNOD"] false ["no-new-privileges"]`; got != want {
		t.Fatalf("inspect: %s, want %s", got, want)
	}
}

// TestSecurityExecFiltered: processes run by exec get the container's filter.
func TestSecurityExecFiltered(t *testing.T) {
	dir := secprobe(t)
	id := sleeper(t, "-v", dir+":/probe:ro")
	r := tent(t, "exec", id, "cat", "/proc/self/status")
	mustSucceed(t, r)
	if statusField(t, r.Stdout, "Seccomp") != "2" {
		t.Fatalf("exec'd process not filtered:\n%s", r)
	}
	r = tent(t, "exec", id, "/probe/secprobe")
	mustSucceed(t, r)
	checkRefused(t, r.Stdout)
}

func TestSecurityInfo(t *testing.T) {
	r := tent(t, "info")
	mustSucceed(t, r)
	for _, want := range []string{" Security Options:\n  seccomp\n   Profile: builtin\n", " Cgroup Version: "} {
		if !strings.Contains(r.Stdout, want) {
			t.Fatalf("tent info lacks %q:\n%s", want, r)
		}
	}
}
