package tests

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestRunHostConfigFlags runs one container with most of Docker's
// HostConfig flags and checks each from inside it.
func TestRunHostConfigFlags(t *testing.T) {
	before := leakSnapshot(t)
	labels := filepath.Join(t.TempDir(), "labels")
	if err := os.WriteFile(labels, []byte("# c\nfrom=file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	pre := []string{"--ulimit", "nofile=1000:2000", "--ulimit", "nproc=500", "--oom-score-adj", "300", "--group-add", "4242",
		"--shm-size", "8m", "--sysctl", "kernel.shmmax=123456", "--cpuset-cpus", "0", "--cpu-quota", "50000",
		"--cpu-period", "100000", "--memory-reservation", "16m", "--dns", "10.1.1.1", "--dns-search", "a.test",
		"--dns-option", "ndots:3", "--add-host", "db:10.2.3.4", "-l", "a=b", "--label-file", labels,
		"--platform", "linux", "--pull", "never"}
	script := `ulimit -n; ulimit -Hn; ulimit -u; cat /proc/self/oom_score_adj; id -G; df -k /dev/shm | tail -1;
		cat /proc/sys/kernel/shmmax; cat /etc/resolv.conf; grep db /etc/hosts;
		cat /sys/fs/cgroup/cpuset/cpuset.cpus /sys/fs/cgroup/cpuset.cpus 2>/dev/null;
		cat /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/cpu.max 2>/dev/null;
		cat /sys/fs/cgroup/memory/memory.soft_limit_in_bytes /sys/fs/cgroup/memory.low 2>/dev/null; true`
	r := runIn(t, pre, "sh", "-c", script)
	mustSucceed(t, r)
	for _, want := range []string{"1000\n2000\n500\n300\n", "0 4242\n", " 8192 ", "123456\n",
		"search a.test\nnameserver 10.1.1.1\noptions ndots:3\n", "10.2.3.4\tdb\n", "16777216\n", "10.2.3.4\tdb\n0\n"} {
		if !strings.Contains(r.Stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, r)
		}
	}
	if !strings.Contains(r.Stdout, "50000\n") && !strings.Contains(r.Stdout, "50000 100000\n") {
		t.Errorf("cpu quota not applied:\n%s", r)
	}
	assertNoLeaks(t, before)
}

// TestRunDeviceFlag: --device makes the node at the container path with
// the cgroup access asked for (r: a write is refused).
func TestRunDeviceFlag(t *testing.T) {
	if _, err := os.Stat("/dev/fuse"); err != nil {
		t.Skip("the host has no /dev/fuse to pass in")
	}
	r := runIn(t, []string{"--device", "/dev/fuse:/dev/f:r"}, "sh", "-c",
		`ls -l /dev/f; exec 3</dev/f && echo read-ok; (exec 4>/dev/f) 2>/dev/null || echo write-refused`)
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "10,") || !strings.Contains(r.Stdout, "229") ||
		!strings.Contains(r.Stdout, "read-ok") || !strings.Contains(r.Stdout, "write-refused") {
		t.Fatalf("--device /dev/fuse:/dev/f:r:\n%s", r)
	}
}

// TestRunHostNamespaces: --pid/--ipc/--uts host share the host's.
func TestRunHostNamespaces(t *testing.T) {
	host, _ := os.Hostname()
	ipc, _ := os.Readlink("/proc/self/ns/ipc")
	r := runIn(t, []string{"--pid", "host", "--ipc", "host", "--uts", "host"}, "sh", "-c",
		`hostname; echo $HOSTNAME; cat /etc/hostname; readlink /proc/self/ns/ipc; test -d /proc/`+strconv.Itoa(os.Getpid())+` && echo sees-host-pids`)
	mustSucceed(t, r)
	if want := host + "\n" + host + "\n" + host + "\n" + ipc + "\nsees-host-pids\n"; r.Stdout != want {
		t.Fatalf("got %q, want %q\n%s", r.Stdout, want, r)
	}
}

// TestRunFlagErrors: bad or unappliable flags fail with exit 125 and a
// message naming the flag, leaving nothing behind.
func TestRunFlagErrors(t *testing.T) {
	before := leakSnapshot(t)
	exists := filepath.Join(t.TempDir(), "cid")
	if err := os.WriteFile(exists, []byte("x"), 0o644); err != nil {
		t.Fatal(err)
	}
	var rl syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_NOFILE, &rl); err != nil {
		t.Fatal(err)
	}
	above := "nofile=1024:" + strconv.FormatUint(rl.Max+1, 10)
	for _, tc := range []struct {
		pre  []string
		want string
	}{
		{[]string{"--ulimit", "nofile=20:10"}, "above hard limit"},
		{[]string{"--ulimit", "bogus=1"}, `unknown type "bogus"`},
		{[]string{"--oom-score-adj", "1001"}, "[-1000, 1000]"},
		{[]string{"--network", "host", "--sysctl", "net.ipv4.ip_forward=1"}, "host's network namespace"},
		{[]string{"--sysctl", "kernel.panic=1"}, "not namespaced"},
		{[]string{"--cidfile", exists}, "container ID file found"},
		{[]string{"--platform", "linux/arm64"}, "--platform"},
		{[]string{"--pull", "sometimes"}, "--pull"},
		{[]string{"--uts", "host", "-h", "box"}, "--hostname and --uts host"},
		{[]string{"--pid", "container:x"}, "--pid"},
		{[]string{"--device", "/etc/hostname"}, "not a character or block device"},
		{[]string{"--device", "/dev/nosuchdev"}, "--device /dev/nosuchdev"},
		{[]string{"--add-host", "db"}, "--add-host"},
		{[]string{"--add-host", "gw:host-gateway"}, "no gateway"},
		{[]string{"--dns", "dns.example"}, "--dns"},
		{[]string{"--cpus", "1", "--cpu-quota", "5000"}, "conflicting options"},
		{[]string{"--cpuset-cpus", "1-0"}, "--cpuset-cpus"},
		{[]string{"--shm-size", "0"}, "--shm-size"},
		{[]string{"--group-add", "nosuchgroup"}, "nosuchgroup"},
		{[]string{"-m", "8m", "--memory-reservation", "16m"}, "reservation"},
	} {
		r := runIn(t, tc.pre, "true")
		if r.Code != 125 || !strings.Contains(r.Stderr, tc.want) {
			t.Errorf("%v: want exit 125 and %q\n%s", tc.pre, tc.want, r)
		}
	}
	// What only CAP_SYS_RESOURCE allows: refused clearly without it.
	for _, pre := range [][]string{{"--ulimit", above}, {"--oom-score-adj", "-500"}} {
		r := runIn(t, pre, "true")
		if hasCapSysResource(t) {
			mustSucceed(t, r)
		} else if r.Code != 125 || !strings.Contains(r.Stderr, "CAP_SYS_RESOURCE") {
			t.Errorf("%v without CAP_SYS_RESOURCE: want exit 125 naming it\n%s", pre, r)
		}
	}
	r := tent(t, "run", "--rm", "--pull", "never", "tent-test/not-here:1", "true")
	if r.Code != 125 || !strings.Contains(r.Stderr, "no such image") {
		t.Errorf("--pull never of a missing image:\n%s", r)
	}
	if b, _ := os.ReadFile(exists); string(b) != "x" {
		t.Errorf("an existing --cidfile was changed: %q", b)
	}
	assertNoLeaks(t, before)
}

func hasCapSysResource(t *testing.T) bool {
	b, err := os.ReadFile("/proc/self/status")
	if err != nil {
		t.Fatal(err)
	}
	for _, l := range strings.Split(string(b), "\n") {
		if v, ok := strings.CutPrefix(l, "CapEff:"); ok {
			n, err := strconv.ParseUint(strings.TrimSpace(v), 16, 64)
			return err == nil && n&(1<<24) != 0
		}
	}
	return false
}

// TestRunLabelsCidfileHealth: a detached container's labels (ps --filter,
// inspect), --cidfile, its health checks every --health-start-interval
// during the start period (the interval is an hour), and unhealthy after stop.
func TestRunLabelsCidfileHealth(t *testing.T) {
	name := uniq("lbl")
	cid := filepath.Join(t.TempDir(), "cid")
	id := runD(t, "--name", name, "-l", "app=web", "-l", "tier", "--cidfile", cid, "--health-cmd", "true",
		"--health-interval", "1h", "--health-start-period", "5s", "--health-start-interval", "200ms", busyboxImage(t), "sleep", "60")
	if b, err := os.ReadFile(cid); err != nil || string(b) != id {
		t.Fatalf("--cidfile holds %q (%v), want %s", b, err, id)
	}
	for _, tc := range []struct {
		filters []string
		want    bool
	}{
		{[]string{"label=app=web"}, true}, {[]string{"label=tier"}, true}, {[]string{"label=app=db"}, false},
		{[]string{"name=" + name, "status=running"}, true}, {[]string{"id=" + id[:12], "status=exited"}, false},
		{[]string{"ancestor=" + busyboxImage(t), "label=app"}, true},
	} {
		args := []string{"ps", "-q", "--no-trunc"}
		for _, f := range tc.filters {
			args = append(args, "--filter", f)
		}
		r := tent(t, args...)
		mustSucceed(t, r)
		if got := strings.Contains(r.Stdout, id); got != tc.want {
			t.Errorf("ps %v lists it: %v, want %v\n%s", tc.filters, got, tc.want, r)
		}
	}
	if got := inspectF(t, id, `{{.Config.Labels.app}} {{.HostConfig.ContainerIDFile}} {{.Config.Healthcheck.StartPeriod}}`); got != "web "+cid+" 5000000000" {
		t.Errorf("inspect: %q", got)
	}
	waitFor(t, 5*time.Second, "healthy", func() bool { return inspectF(t, id, "{{.State.Health.Status}}") == "healthy" })
	mustSucceed(t, tent(t, "stop", "-t", "1", id))
	if got := inspectF(t, id, "{{.State.Health.Status}}"); got != "unhealthy" {
		t.Errorf("health after stop %q, want unhealthy (Docker's)", got)
	}
	r := tent(t, "run", "-d", "--network", "none", "--cidfile", cid, busyboxImage(t), "true")
	if r.Code != 125 || !strings.Contains(r.Stderr, "container ID file found") {
		t.Errorf("run -d with an existing --cidfile:\n%s", r)
	}
}

// TestRunAddHostOnUserNetwork: host-gateway is the network's gateway, and
// --add-host lines survive the hosts file's rewrite when a peer joins;
// inspect shows -p as PortBindings.
func TestRunAddHostOnUserNetwork(t *testing.T) {
	net := "tflg" + strconv.Itoa(os.Getpid())
	mustSucceed(t, tent(t, "network", "create", net))
	t.Cleanup(func() { tent(t, "network", "rm", net) })
	img := busyboxImage(t)
	a := uniq("addh")
	mustSucceed(t, tent(t, "run", "-d", "--name", a, "--network", net, "--add-host", "gw:host-gateway",
		"--add-host", "db:10.2.3.4", "-p", "127.0.0.1::80", img, "sleep", "60"))
	t.Cleanup(func() { tent(t, "rm", "-f", a, a+"-b") })
	gw := inspectF(t, a, "{{.NetworkSettings.Gateway}}")
	mustSucceed(t, tent(t, "run", "-d", "--name", a+"-b", "--network", net, img, "sleep", "60"))
	r := tent(t, "exec", a, "cat", "/etc/hosts")
	mustSucceed(t, r)
	for _, want := range []string{gw + "\tgw\n", "10.2.3.4\tdb\n", "\t" + a + "-b\n"} {
		if gw == "" || !strings.Contains(r.Stdout, want) {
			t.Errorf("hosts lacks %q after a peer joined:\n%s", want, r)
		}
	}
	if got := inspectF(t, a, "{{json .HostConfig.PortBindings}} {{json .HostConfig.ExtraHosts}}"); got !=
		`{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":""}]} ["gw:host-gateway","db:10.2.3.4"]` {
		t.Errorf("inspect: %s", got)
	}
}

// TestRunDeviceEscape: a --device container path through a symlink in a
// bind-mounted dir that points at a host dir makes no node on the host:
// the path is resolved inside the container's root.
func TestRunDeviceEscape(t *testing.T) {
	vol, hostTarget := t.TempDir(), t.TempDir()
	if err := os.Symlink(hostTarget, filepath.Join(vol, "evil")); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, []string{"-v", vol + ":/data", "--device", "/dev/null:/data/evil/n"}, "true")
	t.Logf("exit %d: %s", r.Code, strings.TrimSpace(r.Stderr))
	if ents, _ := os.ReadDir(hostTarget); len(ents) > 0 {
		t.Fatalf("--device made %s on the host through a symlink:\n%s", ents[0].Name(), r)
	}
	if _, err := os.Lstat(filepath.Join(vol, "evil")); err != nil {
		t.Fatalf("the symlink is gone: %v", err)
	}
}
