package tests

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runIn runs `tent run --rm --network none [pre...] IMG args...`.
func runIn(t *testing.T, pre []string, args ...string) result {
	t.Helper()
	a := append([]string{"run", "--rm", "--network", "none"}, pre...)
	a = append(a, busyboxImage(t))
	return tent(t, append(a, args...)...)
}

func TestRunEcho(t *testing.T) {
	r := runIn(t, nil, "echo", "hi")
	mustSucceed(t, r)
	if r.Stdout != "hi\n" {
		t.Fatalf("stdout %q, want hi\n%s", r.Stdout, r)
	}
}

func TestRunFlagsStopAtImage(t *testing.T) {
	r := runIn(t, nil, "ls", "-l", "/tent/data")
	mustSucceed(t, r)
	if !strings.Contains(r.Stdout, "/tent/data") {
		t.Fatalf("ls -l output:\n%s", r)
	}
}

func TestRunExitCodes(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		pre  []string
		args []string
		want int
	}{
		{"true", nil, []string{"true"}, 0},
		{"exit 3", nil, []string{"sh", "-c", "exit 3"}, 3},
		{"not found", nil, []string{"no-such-command"}, 127},
		{"not found by path", nil, []string{"/no/such/file"}, 127},
		{"not executable", nil, []string{"/etc/passwd"}, 126},
		{"killed by SIGKILL (--init)", []string{"--init"}, []string{"sh", "-c", "kill -9 $$"}, 137},
		{"--init passes the status", []string{"--init"}, []string{"sh", "-c", "exit 7"}, 7},
		{"--init: not found", []string{"--init"}, []string{"no-such-command"}, 127},
		{"engine error: missing bind source", []string{"--mount", "type=bind,src=" + dir + "/nope,dst=/data"}, []string{"true"}, 125},
		{"engine error: relative volume", []string{"-v", dir + ":data"}, []string{"true"}, 125},
		{"engine error: unknown user", []string{"-u", "ghost"}, []string{"true"}, 125},
		{"engine error: bad flag", []string{"--no-such-flag"}, []string{"true"}, 125},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := runIn(t, tc.pre, tc.args...)
			if r.Code != tc.want {
				t.Fatalf("exit code %d, want %d\n%s", r.Code, tc.want, r)
			}
		})
	}
}

func TestRunMissingImage(t *testing.T) {
	r := tent(t, "run", "--rm", "--network", "none", "tent-test/no-such-image:1", "true")
	if r.Code != 125 || !strings.Contains(r.Stderr, "Unable to find image 'tent-test/no-such-image:1' locally") {
		t.Fatalf("want 125 and Docker's message:\n%s", r)
	}
}

// TestRunSignalForwarding sends SIGTERM and SIGINT to tent while the
// container sleeps: tent forwards them (the --init reaper passes them on to
// sleep, which is not PID 1) and exits 128+N.
func TestRunSignalForwarding(t *testing.T) {
	img := busyboxImage(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		want int
	}{{syscall.SIGTERM, 143}, {syscall.SIGINT, 130}} {
		t.Run(tc.sig.String(), func(t *testing.T) {
			cmd := tentCmd(t, "run", "--rm", "--init", "--network", "none", img, "sh", "-c", "echo ready; exec sleep 100")
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			buf := make([]byte, 6)
			if _, err := out.Read(buf); err != nil || string(buf) != "ready\n" {
				t.Fatalf("container did not start: %q %v", buf, err)
			}
			start := time.Now()
			_ = cmd.Process.Signal(tc.sig)
			err = cmd.Wait()
			if code := cmd.ProcessState.ExitCode(); code != tc.want {
				t.Fatalf("exit code %d (%v), want %d", code, err, tc.want)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Fatalf("took %v to stop", d)
			}
		})
	}
}

func TestRunEnvUserWorkdirFlags(t *testing.T) {
	envFile := filepath.Join(t.TempDir(), "env")
	if err := os.WriteFile(envFile, []byte("# comment\nFILEVAR=from-file\nBOTH=file\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv("TENT_TEST_HOSTVAR", "from-host")
	for _, tc := range []struct {
		name string
		pre  []string
		cmd  string
		want string
	}{
		{"-e", []string{"-e", "A=1", "-e", "B=two words"}, `echo "$A/$B"`, "1/two words"},
		{"-e K from tent's env", []string{"-e", "TENT_TEST_HOSTVAR"}, `echo $TENT_TEST_HOSTVAR`, "from-host"},
		{"--env-file then -e", []string{"--env-file", envFile, "-e", "BOTH=flag"}, `echo $FILEVAR $BOTH`, "from-file flag"},
		{"defaults", nil, `echo $HOME $PATH`, "/root /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"},
		{"-w", []string{"-w", "/tmp"}, `pwd`, "/tmp"},
		{"-w made when missing", []string{"-w", "/made/here"}, `pwd`, "/made/here"},
		{"-u uid", []string{"-u", "1000"}, `id -u`, "1000"},
		{"-u uid:gid", []string{"-u", "1234:4321"}, `echo $(id -u):$(id -g)`, "1234:4321"},
		{"-u name", []string{"-u", "tentuser"}, `echo $(id -un) $(id -u) $(id -g) $HOME`, "tentuser 1000 1000 /home/tentuser"},
		{"-h", []string{"-h", "box"}, `hostname; cat /etc/hostname; echo $HOSTNAME`, "box\nbox\nbox"},
		{"--entrypoint", []string{"--entrypoint", "/bin/echo"}, "via-entrypoint", "via-entrypoint"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			args := []string{"sh", "-c", tc.cmd}
			if tc.name == "--entrypoint" {
				args = []string{tc.cmd}
			}
			r := runIn(t, tc.pre, args...)
			mustSucceed(t, r)
			if got := strings.TrimSpace(r.Stdout); got != tc.want {
				t.Fatalf("got %q, want %q\n%s", got, tc.want, r)
			}
		})
	}
}

func TestRunVolumesAndReadOnly(t *testing.T) {
	host := t.TempDir()
	if err := os.WriteFile(filepath.Join(host, "in"), []byte("from host\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	r := runIn(t, []string{"-v", host + ":/data"}, "sh", "-c", "cat /data/in; echo written > /data/out")
	mustSucceed(t, r)
	if r.Stdout != "from host\n" {
		t.Fatalf("read through bind:\n%s", r)
	}
	if b, err := os.ReadFile(filepath.Join(host, "out")); err != nil || string(b) != "written\n" {
		t.Fatalf("write through bind: %q %v", b, err)
	}
	r = runIn(t, []string{"-v", host + ":/data:ro"}, "sh", "-c", "echo x > /data/ro")
	if r.Code == 0 || !strings.Contains(r.Stderr, "Read-only file system") {
		t.Fatalf(":ro bind accepted a write:\n%s", r)
	}
	r = runIn(t, []string{"--read-only"}, "sh", "-c", "touch /x")
	if r.Code == 0 || !strings.Contains(r.Stderr, "Read-only file system") {
		t.Fatalf("--read-only root accepted a write:\n%s", r)
	}
	mustSucceed(t, runIn(t, []string{"--read-only"}, "sh", "-c", "echo ok > /dev/shm/x"))
}

// record reads the record of the container named name from the test root.
func record(t *testing.T, name string) map[string]any {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(testRoot, "containers", "*", "record.json"))
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			continue
		}
		var rec map[string]any
		if json.Unmarshal(b, &rec) == nil && rec["Name"] == name {
			return rec
		}
	}
	t.Fatalf("no record named %s", name)
	return nil
}

// TestRunVolatileOnlyWithRm: an --rm container's overlay is volatile (its
// upper dir is thrown away, so its exit need not sync the host filesystem);
// a kept container's is not, so its upper dir survives a crash.
func TestRunVolatileOnlyWithRm(t *testing.T) {
	r := runIn(t, nil, "grep", "-c", "volatile", "/proc/mounts")
	mustSucceed(t, r)
	if strings.TrimSpace(r.Stdout) != "1" {
		t.Fatalf("--rm: want one volatile overlay in /proc/mounts\n%s", r)
	}
}

func TestRunKeepsRecordWithoutRm(t *testing.T) {
	name := "kept-" + time.Now().Format("150405.000000")
	r := tent(t, "run", "--name", name, "--network", "none", busyboxImage(t), "sh", "-c", "hostname; grep -c volatile /proc/mounts; exit 4")
	if r.Code != 4 {
		t.Fatalf("exit code %d, want 4\n%s", r.Code, r)
	}
	if lines := strings.Fields(r.Stdout); len(lines) != 2 || lines[1] != "0" {
		t.Fatalf("without --rm the overlay must not be volatile: %q", r.Stdout)
	}
	r.Stdout = lines0(r.Stdout)
	rec := record(t, name)
	st := rec["State"].(map[string]any)
	if st["Status"] != "exited" || st["ExitCode"] != float64(4) {
		t.Fatalf("state %v", st)
	}
	if id := rec["Id"].(string); strings.TrimSpace(r.Stdout) != id[:12] {
		t.Fatalf("hostname %q, want the short id %s", r.Stdout, id[:12])
	}
	os.RemoveAll(filepath.Join(testRoot, "containers", rec["Id"].(string)))
	os.Remove(filepath.Join(testRoot, "containers", ".names", name))
}

// lines0 is the first line of s, with its newline.
func lines0(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first + "\n"
}

// TestCreateStart: tent create makes a container that only runs at tent start.
func TestCreateStart(t *testing.T) {
	name := "created-" + time.Now().Format("150405.000000")
	r := tent(t, "create", "--name", name, "--network", "none", busyboxImage(t), "sh", "-c", "echo started")
	mustSucceed(t, r)
	if st := record(t, name)["State"].(map[string]any); st["Status"] != "created" {
		t.Fatalf("after create: %v", st)
	}
	mustSucceed(t, tent(t, "start", name))
	if r := tent(t, "wait", name); strings.TrimSpace(r.Stdout) != "0" {
		t.Fatalf("wait: %s", r)
	}
	if r := tent(t, "logs", name); r.Stdout != "started\n" {
		t.Fatalf("logs: %s", r)
	}
	mustSucceed(t, tent(t, "rm", name))
}
