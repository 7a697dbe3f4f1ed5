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

func TestIsolationPIDAndProcesses(t *testing.T) {
	r := runIn(t, nil, "sh", "-c", `echo $$; cat /proc/1/cmdline | tr '\0' ' '; echo; n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n`)
	mustSucceed(t, r)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 3 || lines[0] != "1" || !strings.HasPrefix(lines[1], "sh -c") {
		t.Fatalf("want PID 1 = sh:\n%s", r)
	}
	// sh itself and at most a child: no host process is visible.
	if n, _ := strconv.Atoi(lines[2]); n < 1 || n > 2 {
		t.Fatalf("%d processes visible in the container, want 1 or 2:\n%s", n, r)
	}
	r = runIn(t, nil, "ps", "-o", "pid,comm")
	mustSucceed(t, r)
	if got := len(strings.Split(strings.TrimSpace(r.Stdout), "\n")); got != 2 {
		t.Fatalf("ps shows more than the header and itself:\n%s", r)
	}
}

func TestIsolationHostnameIsShortID(t *testing.T) {
	r := runIn(t, nil, "hostname")
	mustSucceed(t, r)
	h := strings.TrimSpace(r.Stdout)
	if len(h) != 12 || strings.Trim(h, "0123456789abcdef") != "" {
		t.Fatalf("hostname %q is not a short id", h)
	}
	host, _ := os.Hostname()
	if h == host {
		t.Fatal("the container has the host's hostname")
	}
}

func TestIsolationMountsAndNetwork(t *testing.T) {
	r := runIn(t, nil, "sh", "-c", "cat /proc/self/mountinfo; echo ---; ls /sys/class/net; ping -c1 -W1 127.0.0.1 >/dev/null && echo lo-up")
	mustSucceed(t, r)
	mounts, nets, _ := strings.Cut(r.Stdout, "---\n")
	first := strings.Fields(strings.Split(mounts, "\n")[0])
	if len(first) < 5 || first[4] != "/" || !strings.Contains(mounts, " - overlay ") {
		t.Fatalf("root is not an overlay:\n%s", mounts)
	}
	if strings.Contains(mounts, testTmp) && !strings.Contains(mounts, "/etc/hosts") {
		t.Fatalf("host paths visible:\n%s", mounts)
	}
	if f := strings.Fields(nets); len(f) != 2 || f[0] != "lo" || f[1] != "lo-up" {
		t.Fatalf("--network none: want only lo, up; got %q", nets)
	}
}

func TestIsolationHardening(t *testing.T) {
	for _, tc := range []struct {
		name, cmd, want string
	}{
		// Docker's 14 default capabilities.
		{"capabilities", `grep CapEff /proc/self/status`, "CapEff:\t00000000a80425fb"},
		{"timer_list masked", `wc -c < /proc/timer_list`, "0"},
		{"/proc/sys read-only", `echo 1 > /proc/sys/vm/drop_caches 2>/dev/null && echo writable || echo ro`, "ro"},
		{"/sys read-only", `touch /sys/x 2>/dev/null && echo writable || echo ro`, "ro"},
		{"no raw disks", `mknod /tmp/sda b 8 0 && head -c1 /tmp/sda >/dev/null 2>&1 && echo read || echo denied`, "denied"},
		{"devices", `ls /dev | tr '\n' ' '`, "console"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, nil, "sh", "-c", tc.cmd)
			got := strings.TrimSpace(r.Stdout)
			if tc.name == "devices" {
				for _, d := range []string{"null", "zero", "full", "random", "urandom", "tty", "pts", "shm", "mqueue"} {
					if !strings.Contains(" "+got+" ", " "+d+" ") {
						t.Fatalf("/dev lacks %s: %q\n%s", d, got, r)
					}
				}
				return
			}
			if got != tc.want {
				t.Fatalf("got %q, want %q\n%s", got, tc.want, r)
			}
		})
	}
}

// TestLimitMemoryOOM: a shell holding 100 MB in a variable at -m 32m is
// OOM-killed: exit 137 and OOMKilled in the record.
func TestLimitMemoryOOM(t *testing.T) {
	name := "oom-" + time.Now().Format("150405.000000")
	r := tent(t, "run", "--name", name, "--network", "none", "-m", "32m", busyboxImage(t),
		"sh", "-c", `x=$(head -c 100000000 /dev/zero | tr '\0' a); echo survived ${#x}`)
	if r.Code != 137 {
		t.Fatalf("exit code %d, want 137 (OOM kill)\n%s", r.Code, r)
	}
	rec := record(t, name)
	if st := rec["State"].(map[string]any); st["OOMKilled"] != true {
		t.Errorf("OOMKilled not recorded: %v", st)
	}
	os.RemoveAll(filepath.Join(testRoot, "containers", rec["Id"].(string)))
	os.Remove(filepath.Join(testRoot, "containers", ".names", name))
	mustSucceed(t, runIn(t, []string{"-m", "32m"}, "sh", "-c", `x=$(head -c 10000000 /dev/zero | tr '\0' a)`))
}

// TestLimitPids: a loop spawning sleeps stops at --pids-limit 50; the
// outer shell then counts the processes with builtins only (no fork left).
func TestLimitPids(t *testing.T) {
	const bomb = `sh -c 'i=0; while [ $i -lt 200 ]; do sleep 30 & i=$((i+1)); done' 2>/dev/null; ` +
		`n=0; for p in /proc/[0-9]*; do n=$((n+1)); done; echo $n; kill -9 -1`
	start := time.Now()
	r := runIn(t, []string{"--pids-limit", "50"}, "sh", "-c", bomb)
	mustSucceed(t, r)
	n, err := strconv.Atoi(strings.TrimSpace(r.Stdout))
	if err != nil || n > 50 || n < 10 {
		t.Fatalf("%d processes at --pids-limit 50:\n%s", n, r)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("took %v", d)
	}
}

// TestCleanup: runs that succeed, fail (command not found, exit code, OOM)
// and are interrupted (Ctrl-C), with no network or on the bridge with a
// published port, leave no mount, cgroup, state dir, veth, nft rule, process
// or container dir behind.
func TestCleanup(t *testing.T) {
	img := busyboxImage(t)
	// Warm up: first-use dirs and the bridge network's own rules are not leaks.
	runIn(t, nil, "true")
	tent(t, "run", "--rm", img, "true")
	before := leakSnapshot(t)
	dirsBefore := containerDirs(t)
	mustSucceed(t, runIn(t, nil, "true"))
	if r := runIn(t, nil, "no-such-command"); r.Code != 127 {
		t.Fatalf("missing command: %s", r)
	}
	if r := runIn(t, nil, "sh", "-c", "exit 9"); r.Code != 9 {
		t.Fatalf("exit 9: %s", r)
	}
	if r := runIn(t, []string{"-m", "32m"}, "sh", "-c", `x=$(head -c 100000000 /dev/zero | tr '\0' a)`); r.Code != 137 {
		t.Fatalf("oom: %s", r)
	}
	// The default (bridge) network: a veth, an address and nft rules to give back.
	mustSucceed(t, tent(t, "run", "--rm", "-p", "18080:80", img, "true"))
	if r := tent(t, "run", "--rm", img, "no-such-command"); r.Code != 127 {
		t.Fatalf("missing command on the bridge: %s", r)
	}
	cmd := tentCmd(t, "run", "--rm", "--init", "--network", "none", img, "sh", "-c", "echo ready; sleep 100")
	out, _ := cmd.StdoutPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	buf := make([]byte, 6)
	if _, err := out.Read(buf); err != nil {
		t.Fatalf("interrupted run did not start: %v", err)
	}
	_ = cmd.Process.Signal(syscall.SIGINT)
	_ = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != 130 {
		t.Fatalf("Ctrl-C'd run exited %d, want 130", code)
	}
	assertNoLeaks(t, before)
	if after := containerDirs(t); after != dirsBefore {
		t.Fatalf("container dirs: %d before, %d after --rm runs", dirsBefore, after)
	}
}

func containerDirs(t *testing.T) int {
	ents, _ := os.ReadDir(filepath.Join(testRoot, "containers"))
	n := 0
	for _, e := range ents {
		if !strings.HasPrefix(e.Name(), ".") {
			n++
		}
	}
	return n
}

// TestInitReaper: with --init, PID 1 is tent's reaper (the tent binary bound
// read-only at /dev/init), the command is its child and orphans are reaped.
func TestInitReaper(t *testing.T) {
	r := runIn(t, []string{"--init"}, "sh", "-c",
		`tr '\0' ' ' < /proc/1/cmdline; echo; echo $$; (sleep 0.1 &); sleep 0.5; ps -o stat,comm | grep -c '^Z' ; echo x > /dev/init 2>/dev/null && echo writable || echo ro`)
	mustSucceed(t, r)
	lines := strings.Split(strings.TrimSpace(r.Stdout), "\n")
	if len(lines) != 4 || !strings.HasPrefix(lines[0], "/dev/init __tent_reaper -- sh -c") || lines[1] == "1" {
		t.Fatalf("want the reaper as PID 1 and sh as its child:\n%s", r)
	}
	if lines[2] != "0" {
		t.Fatalf("%s zombies left: not reaped\n%s", lines[2], r)
	}
	if lines[3] != "ro" {
		t.Fatalf("/dev/init is writable from the container:\n%s", r)
	}
}

// TestRunConcurrent: parallel runs share the image and the rootfs
// mountpoint, yet each sees its own rootfs and hostname.
func TestRunConcurrent(t *testing.T) {
	img := busyboxImage(t)
	const n = 8
	out := make(chan result, n)
	for i := 0; i < n; i++ {
		go func(i int) {
			out <- tent(t, "run", "--rm", "--network", "none", img, "sh", "-c",
				"echo "+strconv.Itoa(i)+" > /mine; sleep 0.2; echo $(cat /mine) $(hostname)")
		}(i)
	}
	seen := map[string]bool{}
	for i := 0; i < n; i++ {
		r := <-out
		mustSucceed(t, r)
		f := strings.Fields(r.Stdout)
		if len(f) != 2 || seen[f[0]] || seen[f[1]] {
			t.Fatalf("runs share a rootfs or hostname:\n%s", r)
		}
		seen[f[0]], seen[f[1]] = true, true
	}
}

// TestNoFdLeak: fds tent inherits beyond stdio never reach the container.
func TestNoFdLeak(t *testing.T) {
	f, err := os.Open("/etc/hostname")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	cmd := tentCmd(t, "run", "--rm", "--network", "none", busyboxImage(t), "ls", "/proc/self/fd")
	cmd.ExtraFiles = []*os.File{f, f, f} // fds 3, 4, 5 in tent
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	// 0, 1, 2 and the fd ls reads the directory with.
	if got := strings.Fields(string(out)); len(got) != 4 {
		t.Fatalf("container fds %v: want only stdio and ls's own", got)
	}
}
