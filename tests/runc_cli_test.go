package tests

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// TestRuncLifecycle drives tent-runc as containerd's shim does: create
// with a pid file, state, start, exec, ps, pause/resume, update, kill,
// delete, and checks that nothing is left.
func TestRuncLifecycle(t *testing.T) {
	e := newRunc(t, nil, "sleep", "1000")
	id := "life"
	e.cleanup(id)
	pidFile := filepath.Join(t.TempDir(), "pid")
	e.must("create", "--bundle", e.bundle, "--pid-file="+pidFile, id)
	st := e.state(id)
	b, _ := os.ReadFile(pidFile)
	if st["status"] != "created" || strconv.Itoa(int(st["pid"].(float64))) != string(b) || st["bundle"] != e.bundle ||
		st["id"] != id || st["rootfs"] == "" || st["created"] == "" || st["owner"] != "root" {
		t.Fatalf("state after create: %v (pid file %q)", st, b)
	}
	pid := int(st["pid"].(float64))
	e.must("start", id)
	if st := e.state(id); st["status"] != "running" {
		t.Fatalf("state after start: %v", st)
	}
	if r := e.run("start", id); r.Code == 0 || !strings.Contains(r.Stderr, "already running") {
		t.Errorf("second start:\n%s", r)
	}

	r := e.run("exec", "--env", "X=42", "--cwd", "/etc", id, "sh", "-c", "echo $X $(pwd); exit 5")
	if r.Code != 5 || strings.TrimSpace(r.Stdout) != "42 /etc" {
		t.Errorf("exec: want exit 5 and \"42 /etc\":\n%s", r)
	}
	// containerd's form: --process FILE, --detach, --pid-file.
	proc := filepath.Join(t.TempDir(), "process.json")
	pb, _ := json.Marshal(specs.Process{Args: []string{"sleep", "1000"}, Cwd: "/", Env: []string{"PATH=/bin"}})
	os.WriteFile(proc, pb, 0o644)
	execPid := filepath.Join(t.TempDir(), "exec.pid")
	e.must("exec", "--process", proc, "--detach", "--pid-file", execPid, id)
	b, _ = os.ReadFile(execPid)
	var pids []int
	if r := e.must("ps", "--format", "json", id); json.Unmarshal([]byte(r.Stdout), &pids) != nil || len(pids) != 2 ||
		!strings.Contains(r.Stdout, strconv.Itoa(pid)) || !strings.Contains(r.Stdout, string(b)) {
		t.Errorf("ps json: %q, init pid %d, exec pid %s", r.Stdout, pid, b)
	}
	var ev struct {
		Type, ID string
		Data     struct{ Pids struct{ Current int } }
	}
	if r := e.must("events", "--stats", id); json.Unmarshal([]byte(r.Stdout), &ev) != nil || ev.Type != "stats" || ev.ID != id || ev.Data.Pids.Current != 2 {
		t.Errorf("events --stats: %q", r.Stdout)
	}
	if r := e.must("list", "--format=json"); !strings.Contains(r.Stdout, `"id":"life"`) {
		t.Errorf("list: %s", r.Stdout)
	}

	e.must("pause", id)
	if st := e.state(id); st["status"] != "paused" {
		t.Errorf("state after pause: %v", st["status"])
	}
	if r := e.run("exec", id, "true"); r.Code == 0 {
		t.Errorf("exec into a paused container:\n%s", r)
	}
	e.must("resume", id)
	if st := e.state(id); st["status"] != "running" {
		t.Errorf("state after resume: %v", st["status"])
	}

	e.must("update", "--memory", "64m", "--pids-limit=20", id)
	if got := cgroupFile(t, "memory", id, "memory.limit_in_bytes"); got != "67108864" {
		if got2 := cgroupFile(t, "memory", id, "memory.max"); got2 != "67108864" {
			t.Errorf("memory limit after update: %s / %s", got, got2)
		}
	}
	if got := cgroupFile(t, "pids", id, "pids.max"); got != "20" {
		t.Errorf("pids.max after update: %s", got)
	}

	if r := e.run("delete", id); r.Code == 0 {
		t.Errorf("delete of a running container without --force:\n%s", r)
	}
	e.must("kill", id, "KILL")
	e.waitStatus(id, "stopped")
	if r := e.run("kill", id); r.Code == 0 || !strings.Contains(r.Stderr, "container not running") {
		t.Errorf("kill of a stopped container:\n%s", r)
	}
	if r := e.run("start", id); r.Code == 0 || !strings.Contains(r.Stderr, "cannot start a container that has stopped") {
		t.Errorf("start of a stopped container:\n%s", r)
	}
	e.must("delete", id)
	e.assertGone(id)
	if pidAlive(pid) {
		t.Errorf("init %d still alive", pid)
	}
	if r := e.run("state", id); r.Code == 0 || !strings.Contains(r.Stderr, `container "life" does not exist`) {
		t.Errorf("state after delete:\n%s", r)
	}
}

// TestRuncRunExitCode: a foreground run returns the container's exit code
// (128+N when killed by N) and passes stdout through; nothing is left.
func TestRuncRunExitCode(t *testing.T) {
	e := newRunc(t, nil, "sh", "-c", "echo out; exit 3")
	if r := e.run("run", "-b", e.bundle, "r1"); r.Code != 3 || strings.TrimSpace(r.Stdout) != "out" {
		t.Errorf("run: want exit 3 and \"out\":\n%s", r)
	}
	e.assertGone("r1")

	// Signals to tent-runc go to the container's init; killed by N: 128+N.
	e = newRunc(t, nil, "sh", "-c", `trap "exit 42" TERM; echo ready; while :; do sleep 0.1; done`)
	cmd, _ := e.start("run", "--bundle="+e.bundle, "r2")
	e.waitStatus("r2", "running")
	time.Sleep(200 * time.Millisecond) // the trap is set once "ready" is out; sh needs a moment
	_ = cmd.Process.Signal(unix.SIGTERM)
	if code := exitCode(t, cmd); code != 42 {
		t.Errorf("run with SIGTERM forwarded: exit %d, want the trap's 42", code)
	}
	e.assertGone("r2")
	e = newRunc(t, nil, "sleep", "1000")
	cmd, _ = e.start("run", "-b", e.bundle, "r4")
	e.waitStatus("r4", "running")
	e.must("kill", "r4", "SIGKILL")
	if code := exitCode(t, cmd); code != 137 {
		t.Errorf("run killed by SIGKILL: exit %d, want 137", code)
	}
	e.assertGone("r4")
	e = newRunc(t, nil, "no-such-command")
	if r := e.run("run", "-b", e.bundle, "r3"); r.Code == 0 || !strings.Contains(r.Stderr, "no-such-command") {
		t.Errorf("run of a missing command:\n%s", r)
	}
	e.assertGone("r3")
}

// TestRuncDetachKillAll: run -d, then kill --all with a signal number.
func TestRuncDetachKillAll(t *testing.T) {
	e := newRunc(t, nil, "sh", "-c", "sleep 1000 & exec sleep 1000")
	e.cleanup("d1")
	e.must("run", "-d", "-b", e.bundle, "d1")
	if st := e.state("d1"); st["status"] != "running" {
		t.Fatalf("run -d: %v", st)
	}
	e.must("kill", "--all", "d1", "9")
	e.waitStatus("d1", "stopped")
	e.must("delete", "d1")
	e.assertGone("d1")
}

// TestRuncConsoleSocket: with terminal: true, create sends the pty master
// to --console-socket (SCM_RIGHTS, named /dev/ptmx as runc does); the
// container writes to it once started.
func TestRuncConsoleSocket(t *testing.T) {
	e := newRunc(t, func(s *specs.Spec) { s.Process.Terminal = true }, "sh", "-c", "tty; echo hello-tty")
	e.cleanup("tty1")
	sock := filepath.Join(t.TempDir(), "console.sock")
	l, err := net.ListenUnix("unix", &net.UnixAddr{Name: sock, Net: "unix"})
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	type got struct {
		name string
		f    *os.File
	}
	ch := make(chan got, 1)
	go func() {
		conn, err := l.AcceptUnix()
		if err != nil {
			ch <- got{}
			return
		}
		defer conn.Close()
		buf, oob := make([]byte, 64), make([]byte, unix.CmsgSpace(4))
		n, oobn, _, _, err := conn.ReadMsgUnix(buf, oob)
		msgs, perr := unix.ParseSocketControlMessage(oob[:oobn])
		if err != nil || perr != nil || len(msgs) != 1 {
			ch <- got{}
			return
		}
		fds, _ := unix.ParseUnixRights(&msgs[0])
		if len(fds) != 1 {
			ch <- got{}
			return
		}
		ch <- got{string(buf[:n]), os.NewFile(uintptr(fds[0]), "master")}
	}()
	if r := e.run("create", "-b", e.bundle, "tty1"); r.Code != 1 || !strings.Contains(r.Stderr, "console socket") {
		t.Fatalf("create with a terminal and no socket must say so:\n%s", r)
	}
	e.must("create", "-b", e.bundle, "--console-socket", sock, "tty1")
	var m got
	select {
	case m = <-ch:
	case <-time.After(10 * time.Second):
		t.Fatal("no fd on the console socket")
	}
	if m.f == nil || m.name != "/dev/ptmx" {
		t.Fatalf("console socket got %q, %v", m.name, m.f)
	}
	defer m.f.Close()
	e.must("start", "tty1")
	out := make(chan string, 1)
	go func() {
		var b strings.Builder
		buf := make([]byte, 256)
		for !strings.Contains(b.String(), "hello-tty") {
			n, err := m.f.Read(buf)
			if err != nil {
				break
			}
			b.Write(buf[:n])
		}
		out <- b.String()
	}()
	select {
	case s := <-out:
		if !strings.Contains(s, "/dev/pts/") || !strings.Contains(s, "hello-tty") {
			t.Errorf("pty output %q", s)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("no output on the pty")
	}
	e.waitStatus("tty1", "stopped")
	e.must("delete", "tty1")
	e.assertGone("tty1")
}

// TestRuncHooks: all six kinds of hooks run in the runtime-spec's order
// (poststart after startContainer), each with the state on stdin;
// startContainer runs in the container (its log is bind-mounted there),
// poststop on delete.
func TestRuncHooks(t *testing.T) {
	dir := t.TempDir()
	hook := func(name, logDir string) specs.Hook {
		// The state arrives on stdin: the hook logs its name and the status.
		return specs.Hook{Path: "/bin/sh", Args: []string{"sh", "-c",
			`read -r s; st=${s#*\"status\":\"}; echo "` + name + ` ${st%%\"*}" >> ` + logDir + `/hooks.log`}}
	}
	e := newRunc(t, func(s *specs.Spec) {
		s.Mounts = append(s.Mounts, specs.Mount{Destination: "/tmp/hooks", Type: "bind", Source: dir, Options: []string{"rbind"}})
		s.Hooks = &specs.Hooks{
			CreateRuntime:   []specs.Hook{hook("createRuntime", dir)},
			CreateContainer: []specs.Hook{hook("createContainer", dir)},
			StartContainer:  []specs.Hook{hook("startContainer", "/tmp/hooks")},
			Poststart:       []specs.Hook{hook("poststart", dir)},
			Poststop:        []specs.Hook{hook("poststop", dir)},
		}
		//lint:ignore SA1019 runtimes must still run prestart
		s.Hooks.Prestart = []specs.Hook{hook("prestart", dir)}
	}, "true")
	e.must("run", "-b", e.bundle, "h1")
	b, _ := os.ReadFile(filepath.Join(dir, "hooks.log"))
	want := "prestart created\ncreateRuntime created\ncreateContainer created\nstartContainer created\npoststart running\npoststop stopped\n"
	if string(b) != want {
		t.Errorf("hooks ran:\n%s\nwant:\n%s", b, want)
	}
	e.assertGone("h1")

	// A failing createRuntime hook fails the create and leaves nothing.
	e = newRunc(t, func(s *specs.Spec) {
		s.Hooks = &specs.Hooks{CreateRuntime: []specs.Hook{{Path: "/bin/false"}}}
	}, "true")
	if r := e.run("create", "-b", e.bundle, "h2"); r.Code != 1 || !strings.Contains(r.Stderr, "createRuntime hook") {
		t.Errorf("failing hook:\n%s", r)
	}
	e.assertGone("h2")
}

// TestRuncErrors: bad input gets runc's wording and leaves nothing.
func TestRuncErrors(t *testing.T) {
	e := newRunc(t, nil, "sleep", "1000")
	e.cleanup("dup")
	for _, tc := range []struct {
		name string
		prep func()
		args []string
		want string
	}{
		{"missing bundle", nil, []string{"create", "-b", "/nonexistent", "x1"}, "not a directory"},
		{"bad json", func() { os.WriteFile(filepath.Join(e.bundle, "config.json"), []byte("{"), 0o644) }, []string{"create", "-b", e.bundle, "x2"}, "config.json"},
		{"unknown namespace", func() {
			e.writeSpec(withNS(e, "bogus"))
		}, []string{"create", "-b", e.bundle, "x3"}, "linux.namespaces"},
		{"spec version", func() {
			s := withNS(e, "")
			s.Version = "2.0.0"
			e.writeSpec(s)
		}, []string{"create", "-b", e.bundle, "x4"}, "ociVersion"},
		{"bad id", func() { e.writeSpec(withNS(e, "")) }, []string{"create", "-b", e.bundle, "a/b"}, "invalid container id"},
		{"start missing", nil, []string{"start", "nope"}, `container "nope" does not exist`},
		{"systemd path", func() {
			s := withNS(e, "")
			s.Linux.CgroupsPath = "system.slice:tent:x5"
			e.writeSpec(s)
		}, []string{"create", "-b", e.bundle, "x5"}, "systemd cgroup paths"},
	} {
		if tc.prep != nil {
			tc.prep()
		}
		if r := e.run(tc.args...); r.Code != 1 || !strings.Contains(r.Stderr, tc.want) {
			t.Errorf("%s: want exit 1 and %q:\n%s", tc.name, tc.want, r)
		}
	}
	e.writeSpec(withNS(e, ""))
	e.must("create", "-b", e.bundle, "dup")
	if r := e.run("create", "-b", e.bundle, "dup"); r.Code != 1 || !strings.Contains(r.Stderr, "container with id exists: dup") {
		t.Errorf("duplicate id:\n%s", r)
	}
	if r := e.run("delete", "dup"); r.Code != 1 || !strings.Contains(r.Stderr, "not stopped: created") {
		t.Errorf("delete of a created container without --force:\n%s", r)
	}
	e.must("delete", "--force", "dup")
	// What tent-runc owns only (a host-wide snapshot would also see other
	// runs of tent on this host): state dirs, cgroups, mounts of each id,
	// and nothing else in the state root than the runtime's own files.
	for _, id := range []string{"x1", "x2", "x3", "x4", "x5", "dup"} {
		e.assertGone(id)
	}
	ents, _ := os.ReadDir(e.root)
	for _, ent := range ents {
		if n := ent.Name(); !runtimeOwn(n) && n != ".seccomp" {
			t.Errorf("left in the state root: %s", n)
		}
	}
}

// withNS is a copy of the env's spec with an extra namespace of type typ
// (none if "").
func withNS(e *runcEnv, typ string) *specs.Spec {
	b, _ := json.Marshal(e.spec)
	var s specs.Spec
	if err := json.Unmarshal(b, &s); err != nil {
		e.t.Fatal(err)
	}
	if typ != "" {
		s.Linux.Namespaces = append(s.Linux.Namespaces, specs.LinuxNamespace{Type: specs.LinuxNamespaceType(typ)})
	}
	return &s
}

// TestRuncExecEscape: exec's --cwd is resolved inside the container's
// root: a symlink climbing out and the /proc/self/fd/N of a leaked host
// fd (CVE-2024-21626) both stay in the container or fail; the host's
// /work (absent from the test image) is never seen.
func TestRuncExecEscape(t *testing.T) {
	e := newRunc(t, nil, "sleep", "1000")
	e.cleanup("esc")
	e.must("run", "-d", "-b", e.bundle, "esc")
	e.must("exec", "esc", "ln", "-s", "../../../../../..", "/tmp/up")
	probe := `pwd; if [ -d work ] || [ -d ../work ]; then echo ESCAPED; fi`
	cwds := []string{"/tmp/up", "/tmp/up/.."}
	for fd := 3; fd < 10; fd++ {
		cwds = append(cwds, "/proc/self/fd/"+strconv.Itoa(fd))
	}
	for _, cwd := range cwds {
		if r := e.run("exec", "--cwd", cwd, "esc", "sh", "-c", probe); strings.Contains(r.Stdout, "ESCAPED") {
			t.Errorf("exec --cwd %s reached the host:\n%s", cwd, r)
		}
	}
	if _, err := os.Stat("/work"); err != nil {
		t.Logf("no /work on this host: the probe checks less (%v)", err)
	}
	e.must("delete", "--force", "esc")
	e.assertGone("esc")
}

// TestRuncRootfsPropagation: a shared rootfsPropagation runs (pivot_root
// refuses a shared new root: the runtime makes it private for the pivot)
// and the container's / is shared after it.
func TestRuncRootfsPropagation(t *testing.T) {
	e := newRunc(t, func(s *specs.Spec) { s.Linux.RootfsPropagation = "rshared" },
		"sh", "-c", `while read -r id p dev root mp opts rest; do [ "$mp" = / ] && echo "$rest"; done < /proc/self/mountinfo; true`)
	r := e.must("run", "-b", e.bundle, "prop")
	if !strings.Contains(r.Stdout, "shared:") {
		t.Errorf("/ of an rshared container: %q", r.Stdout)
	}
	e.assertGone("prop")

	// runbindable: the rootfs is bound before / becomes unbindable.
	e = newRunc(t, func(s *specs.Spec) { s.Linux.RootfsPropagation = "runbindable" }, "true")
	e.must("run", "-b", e.bundle, "unbind")
	e.assertGone("unbind")
}
