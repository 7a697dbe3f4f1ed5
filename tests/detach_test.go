package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

var fullID = regexp.MustCompile(`^[0-9a-f]{64}$`)

// runD runs `tent run -d --network none ARGS...` and returns the id; the
// container is removed when the test ends.
func runD(t *testing.T, args ...string) string {
	t.Helper()
	r := tent(t, append([]string{"run", "-d", "--network", "none"}, args...)...)
	id := strings.TrimSpace(r.Stdout)
	if r.Code != 0 || !fullID.MatchString(id) {
		t.Fatalf("run -d: want a 64-hex id\n%s", r)
	}
	t.Cleanup(func() { tent(t, "rm", "-f", id) })
	return id
}

// uniq is a container name unique to this test run.
func uniq(prefix string) string {
	return prefix + "-" + strconv.FormatInt(time.Now().UnixNano()%1e9, 36)
}

// inspectF is `tent inspect -f FORMAT ID`, trimmed.
func inspectF(t *testing.T, id, format string) string {
	t.Helper()
	r := tent(t, "inspect", "-f", format, id)
	if r.Code != 0 {
		t.Fatalf("inspect: %s", r)
	}
	return strings.TrimSpace(r.Stdout)
}

// waitFor polls cond every 50 ms for up to d.
func waitFor(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(d); !cond(); time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %v waiting for %s", d, what)
		}
	}
}

// psLine is the `tent ps -a` line of the container named name.
func psLine(t *testing.T, name string) string {
	t.Helper()
	r := tent(t, "ps", "-a", "--format", "{{.Names}}|{{.Status}}|{{.ID}}|{{.Command}}")
	for _, l := range strings.Split(r.Stdout, "\n") {
		if strings.HasPrefix(l, name+"|") {
			return l
		}
	}
	return ""
}

func TestDetachRunPsLogs(t *testing.T) {
	name := uniq("web")
	start := time.Now()
	id := runD(t, "--name", name, busyboxImage(t), "sh", "-c", "echo to-out; echo to-err >&2; exec sleep 1000")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("run -d took %v", d)
	}
	if l := psLine(t, name); !strings.Contains(l, "|Up ") || !strings.Contains(l, "|"+id[:12]+"|") {
		t.Fatalf("ps line %q, want Up and the short id", l)
	}
	if r := tent(t, "ps", "-q"); !strings.Contains(r.Stdout, id[:12]) {
		t.Fatalf("ps -q:\n%s", r)
	}
	waitFor(t, 5*time.Second, "logs", func() bool { return strings.Contains(tent(t, "logs", name).Stdout, "to-out") })
	r := tent(t, "logs", id[:8])
	if r.Stdout != "to-out\n" || r.Stderr != "to-err\n" {
		t.Fatalf("logs split by stream:\n%s", r)
	}
	logPath := inspectF(t, id, "{{.LogPath}}")
	b, err := os.ReadFile(logPath)
	if err != nil {
		t.Fatal(err)
	}
	streams := map[string]string{}
	for _, line := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		var e struct{ Log, Stream, Time string }
		if err := json.Unmarshal([]byte(line), &e); err != nil {
			t.Fatalf("json-file line %q: %v", line, err)
		}
		if _, err := time.Parse(time.RFC3339Nano, e.Time); err != nil {
			t.Errorf("time %q: %v", e.Time, err)
		}
		streams[e.Stream] += e.Log
	}
	if streams["stdout"] != "to-out\n" || streams["stderr"] != "to-err\n" {
		t.Fatalf("json-file %s: %q", logPath, b)
	}
	if r := tent(t, "logs", "-t", "--tail", "1", name); !regexp.MustCompile(`^\d{4}-\d\d-\d\dT\S+Z to-`).MatchString(r.Stdout + r.Stderr) {
		t.Fatalf("logs -t --tail 1:\n%s", r)
	}
}

func TestDetachLogsFollowEndsWithContainer(t *testing.T) {
	id := runD(t, busyboxImage(t), "sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.2; done")
	r := tent(t, "logs", "-f", id)
	if r.Code != 0 || r.Stdout != "line 1\nline 2\nline 3\n" {
		t.Fatalf("logs -f:\n%s", r)
	}
}

func TestDetachStopTermThenKill(t *testing.T) {
	img := busyboxImage(t)
	trap := runD(t, img, "sh", "-c", `trap "echo got TERM; exit 0" TERM; while true; do sleep 0.1; done`)
	deaf := runD(t, img, "sh", "-c", "while true; do sleep 0.1; done") // PID 1 ignores SIGTERM
	time.Sleep(300 * time.Millisecond)
	start := time.Now()
	if r := tent(t, "stop", trap); r.Code != 0 {
		t.Fatalf("stop: %s", r)
	}
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("stop of a container that handles SIGTERM took %v", d)
	}
	if code := inspectF(t, trap, "{{.State.ExitCode}}"); code != "0" || !strings.Contains(tent(t, "logs", trap).Stdout, "got TERM") {
		t.Fatalf("trap: exit %s, logs %q", code, tent(t, "logs", trap).Stdout)
	}
	start = time.Now()
	tent(t, "stop", "-t", "1", deaf)
	if d := time.Since(start); d < 900*time.Millisecond || d > 5*time.Second {
		t.Errorf("stop -t 1 of a container deaf to SIGTERM took %v, want about 1 s", d)
	}
	if st := inspectF(t, deaf, "{{.State.Status}} {{.State.ExitCode}}"); st != "exited 137" {
		t.Fatalf("after SIGKILL: %s", st)
	}
}

func TestDetachKillSignal(t *testing.T) {
	id := runD(t, busyboxImage(t), "sh", "-c", `trap "echo got USR1" USR1; while true; do sleep 0.1; done`)
	time.Sleep(300 * time.Millisecond)
	if r := tent(t, "kill", "-s", "USR1", id); r.Code != 0 {
		t.Fatalf("kill -s USR1: %s", r)
	}
	waitFor(t, 5*time.Second, "USR1 in logs", func() bool { return strings.Contains(tent(t, "logs", id).Stdout, "got USR1") })
	tent(t, "kill", id)
	waitFor(t, 5*time.Second, "exit", func() bool { return inspectF(t, id, "{{.State.Status}}") == "exited" })
	if code := inspectF(t, id, "{{.State.ExitCode}}"); code != "137" {
		t.Fatalf("exit code after kill: %s", code)
	}
	if r := tent(t, "kill", id); r.Code == 0 || !strings.Contains(r.Stderr, "is not running") {
		t.Fatalf("kill of a stopped container:\n%s", r)
	}
}

func TestDetachRmRunningNeedsForce(t *testing.T) {
	r := tent(t, "run", "-d", "--network", "none", busyboxImage(t), "sleep", "1000")
	id := strings.TrimSpace(r.Stdout)
	if r = tent(t, "rm", id); r.Code == 0 || !strings.Contains(r.Stderr, "running") {
		t.Fatalf("rm of a running container:\n%s", r)
	}
	if r = tent(t, "rm", "-f", id); r.Code != 0 {
		t.Fatalf("rm -f: %s", r)
	}
	if l := psLine(t, id[:12]); tent(t, "ps", "-a", "-q").Stdout != "" && strings.Contains(tent(t, "ps", "-a", "-q").Stdout, id[:12]) {
		t.Fatalf("still listed: %q", l)
	}
	if m, _ := filepath.Glob("/sys/fs/cgroup/*/tent/" + id); len(m) > 0 {
		t.Fatalf("cgroups left: %v", m)
	}
}

func TestDetachConcurrentRmForce(t *testing.T) {
	r := tent(t, "run", "-d", "--network", "none", busyboxImage(t), "sleep", "1000")
	id := strings.TrimSpace(r.Stdout)
	var wg sync.WaitGroup
	res := make([]result, 2)
	for i := range res {
		wg.Add(1)
		go func() { defer wg.Done(); res[i] = tent(t, "rm", "-f", id) }()
	}
	wg.Wait()
	for _, r := range res {
		if r.Code != 0 {
			t.Errorf("concurrent rm -f:\n%s", r)
		}
	}
	if strings.Contains(tent(t, "ps", "-a", "-q").Stdout, id[:12]) {
		t.Fatal("container still listed")
	}
}

func TestDetachStartKeepsUpperDir(t *testing.T) {
	id := runD(t, busyboxImage(t), "sh", "-c", "echo $$ >> /runs; exec sleep 1000")
	time.Sleep(200 * time.Millisecond)
	if r := tent(t, "stop", "-t", "0", id); r.Code != 0 {
		t.Fatalf("stop: %s", r)
	}
	if r := tent(t, "start", id); r.Code != 0 {
		t.Fatalf("start: %s", r)
	}
	if st := inspectF(t, id, "{{.State.Status}}"); st != "running" {
		t.Fatalf("after start: %s", st)
	}
	waitFor(t, 5*time.Second, "two runs in /runs", func() bool {
		return strings.Count(tent(t, "exec", id, "cat", "/runs").Stdout, "\n") == 2
	})
	if r := tent(t, "restart", "-t", "0", id); r.Code != 0 {
		t.Fatalf("restart: %s", r)
	}
	waitFor(t, 5*time.Second, "three runs in /runs", func() bool {
		return strings.Count(tent(t, "exec", id, "cat", "/runs").Stdout, "\n") == 3
	})
}

func TestDetachRestartOnFailure(t *testing.T) {
	id := runD(t, "--restart", "on-failure:2", busyboxImage(t), "sh", "-c", "echo attempt; exit 3")
	if r := tent(t, "wait", id); strings.TrimSpace(r.Stdout) != "3" {
		t.Fatalf("wait:\n%s", r)
	}
	if n := strings.Count(tent(t, "logs", id).Stdout, "attempt"); n != 3 {
		t.Fatalf("%d runs, want 3 (the first and two restarts)", n)
	}
	if got := inspectF(t, id, "{{.RestartCount}} {{.State.Status}}"); got != "2 exited" {
		t.Fatalf("inspect: %s", got)
	}
	if l := psLine(t, inspectF(t, id, "{{.Name}}")[1:]); !strings.Contains(l, "|Exited (3) ") {
		t.Fatalf("ps: %q", l)
	}
}

func TestDetachHealthCheck(t *testing.T) {
	img := busyboxImage(t)
	id := runD(t, "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms", "--health-retries", "2",
		img, "sh", "-c", "touch /tmp/ok; exec sleep 1000")
	name := inspectF(t, id, "{{.Name}}")[1:]
	waitFor(t, 5*time.Second, "healthy", func() bool { return strings.Contains(psLine(t, name), "(healthy)") })
	tent(t, "exec", id, "rm", "/tmp/ok")
	waitFor(t, 5*time.Second, "unhealthy", func() bool {
		return inspectF(t, id, "{{.State.Health.Status}}") == "unhealthy"
	})
	if l := psLine(t, name); !strings.Contains(l, "(unhealthy)") {
		t.Fatalf("ps: %q", l)
	}
	// With a restart policy an unhealthy container is restarted.
	id2 := runD(t, "--restart", "always", "--health-cmd", "false", "--health-interval", "200ms", "--health-retries", "1",
		img, "sleep", "1000")
	waitFor(t, 10*time.Second, "a restart", func() bool { return inspectF(t, id2, "{{.RestartCount}}") != "0" })
}

func TestDetachMonitorKilled(t *testing.T) {
	id := runD(t, busyboxImage(t), "sleep", "1000")
	mon, _ := strconv.Atoi(inspectF(t, id, "{{.State.MonitorPid}}"))
	if mon <= 0 {
		t.Fatal("no monitor pid")
	}
	if n := countWith(t, id); n.cgroups == 0 {
		t.Fatalf("no cgroup for the container: %+v", n)
	}
	if err := syscall.Kill(mon, syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	waitFor(t, 5*time.Second, "exited", func() bool { return inspectF(t, id, "{{.State.Status}}") == "exited" })
	if l := psLine(t, inspectF(t, id, "{{.Name}}")[1:]); !strings.Contains(l, "|Exited (") {
		t.Fatalf("ps after the monitor was killed: %q", l)
	}
	if r := tent(t, "rm", id); r.Code != 0 {
		t.Fatalf("rm: %s", r)
	}
	waitFor(t, 5*time.Second, "cleanup", func() bool { return countWith(t, id) == leftovers{} })
}

type leftovers struct{ cgroups, mounts, state, dirs int }

// countWith counts what on the host still names the container id.
func countWith(t *testing.T, id string) leftovers {
	var l leftovers
	cg, _ := filepath.Glob("/sys/fs/cgroup/*/tent/" + id)
	cg2, _ := filepath.Glob("/sys/fs/cgroup/tent/" + id)
	l.cgroups = len(cg) + len(cg2)
	mi, _ := os.ReadFile("/proc/self/mountinfo")
	l.mounts = strings.Count(string(mi), id)
	st, _ := filepath.Glob(filepath.Join(testState, "*", id))
	l.state = len(st)
	if _, err := os.Stat(filepath.Join(testRoot, "containers", id)); err == nil {
		l.dirs = 1
	}
	return l
}

func TestDetachInspectTopWait(t *testing.T) {
	name := uniq("insp")
	id := runD(t, "--name", name, "-e", "FOO=bar", busyboxImage(t), "sleep", "1000")
	r := tent(t, "inspect", name)
	var docs []map[string]any
	if err := json.Unmarshal([]byte(r.Stdout), &docs); err != nil || len(docs) != 1 {
		t.Fatalf("inspect is not a JSON array of one: %v\n%s", err, r)
	}
	d := docs[0]
	st, _ := d["State"].(map[string]any)
	cfg, _ := d["Config"].(map[string]any)
	if d["Id"] != id || d["Name"] != "/"+name || st["Status"] != "running" || st["Running"] != true || st["Pid"].(float64) <= 0 {
		t.Fatalf("inspect: %v", d)
	}
	if env, _ := json.Marshal(cfg["Env"]); !strings.Contains(string(env), "FOO=bar") || cfg["Hostname"] != id[:12] {
		t.Fatalf("Config: %v", cfg)
	}
	for _, k := range []string{"HostConfig", "Mounts", "NetworkSettings", "Created", "Path", "Args", "Image"} {
		if _, ok := d[k]; !ok {
			t.Errorf("inspect has no %s", k)
		}
	}
	if r := tent(t, "top", name); !strings.Contains(r.Stdout, "sleep 1000") || !strings.Contains(r.Stdout, "PID") {
		t.Fatalf("top:\n%s", r)
	}
	if r := tent(t, "stats", "--no-stream", name); !strings.Contains(r.Stdout, id[:12]) || !strings.Contains(r.Stdout, "MEM USAGE / LIMIT") {
		t.Fatalf("stats:\n%s", r)
	}
	done := make(chan result, 1)
	go func() { done <- tent(t, "wait", name) }()
	time.Sleep(200 * time.Millisecond)
	tent(t, "kill", name)
	if r := <-done; strings.TrimSpace(r.Stdout) != "137" {
		t.Fatalf("wait:\n%s", r)
	}
}

func TestDetachNameInUse(t *testing.T) {
	name := uniq("dup")
	runD(t, "--name", name, busyboxImage(t), "sleep", "1000")
	r := tent(t, "run", "-d", "--network", "none", "--name", name, busyboxImage(t), "sleep", "1000")
	if r.Code != 125 || !strings.Contains(r.Stderr, "already in use") {
		t.Fatalf("second --name %s:\n%s", name, r)
	}
}

func TestDetachTTYLogs(t *testing.T) {
	id := runD(t, "-t", busyboxImage(t), "sh", "-c", "tty; for i in 1 2 3; do echo tick $i; done; exec sleep 1000")
	want := "/dev/pts/0\r\ntick 1\r\ntick 2\r\ntick 3\r\n"
	waitFor(t, 5*time.Second, "the pty's output in the log", func() bool { return tent(t, "logs", id).Stdout == want })
}
