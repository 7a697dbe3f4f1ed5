package runtime

import (
	"fmt"
	"os"
	"os/exec"
	goruntime "runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/internal/testutil"
	"golang.org/x/sys/unix"
)

// erofs is what sh and touch say of a write to a read-only mount.
const erofs = "Read-only file system"

// sinitProcScript prints the container's mount table, then key=value
// lines: its own pid, /proc/self's, a write to /proc/sys, and for each
// masked path the host has, what reading a file or listing and writing
// in a dir gives; checks are the values wanted: key, prefix, substrings.
func sinitProcScript(masked []string) (script string, checks [][]string) {
	script = `exec 2>&1
cat /proc/self/mountinfo
echo "PID=$$|"
read self rest < /proc/self/stat; echo "SELF=$self|"
echo SYS=$( (: > /proc/sys/kernel/hostname) 2>&1)
`
	checks = [][]string{{"PID", "1|"}, {"SELF", "1|"}, {"SYS", "", erofs}} // /proc is the new pid namespace's
	for _, p := range procPaths(masked) {
		switch dir, err := hostProcIsDir(p); {
		case err != nil:
		case dir:
			script += fmt.Sprintf("echo %s=$(ls -A %[1]s | wc -l) $(touch %[1]s/x 2>&1)\n", p)
			checks = append(checks, []string{p, "0 ", erofs})
		default:
			script += fmt.Sprintf("echo \"%s=$(head -c 10 %[1]s | wc -c)|\"\n", p)
			checks = append(checks, []string{p, "0|"})
		}
	}
	return script + "echo DONE", checks
}

// mountinfoAt is the topmost line of mountinfo mounted at point, split
// into its fields, or nil.
func mountinfoAt(info, point string) []string {
	var top []string
	for _, l := range strings.Split(info, "\n") {
		if f := strings.Fields(l); len(f) > 4 && f[4] == point {
			top = f
		}
	}
	return top
}

// fsType is a mountinfo line's filesystem type (after the "-").
func fsType(f []string) string {
	for i, s := range f {
		if s == "-" && i+1 < len(f) {
			return f[i+1]
		}
	}
	return ""
}

// mountNSThread starts a thread of its own in a new mount namespace, as
// the runtime's parent thread will be in the container's: run runs f on
// it, stop ends it (it is never unlocked, so the thread exits with it).
func mountNSThread() (run func(func() error) error, stop func(), err error) {
	jobs, errc := make(chan func() error), make(chan error)
	go func() {
		goruntime.LockOSThread()
		errc <- unix.Unshare(unix.CLONE_NEWNS)
		for f := range jobs {
			errc <- f()
		}
	}()
	if err := <-errc; err != nil {
		close(jobs)
		return nil, nil, err
	}
	return func(f func() error) error { jobs <- f; return <-errc }, func() { close(jobs) }, nil
}

// TestSinitProc runs the static init as PID 1 of a new pid namespace, in
// a new mount namespace, on sinitProc's table for Docker's default /proc
// mount, masked and read-only paths, and checks from inside that /proc
// belongs to the new pid namespace, the masked files the host has
// (/proc/kcore, /proc/interrupts...) read empty, the masked dirs
// (/proc/acpi...) are empty read-only tmpfs, /proc/sys is read-only, each
// masked or read-only path is mounted as the host's /proc has it or
// skipped when missing (a made-up path in each list makes sure of one);
// and that the host's mount table did not change.
func TestSinitProc(t *testing.T) {
	testutil.RequireRoot(t, "new pid and mount namespaces, mount(2)")
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	var procMount = -1
	for i, m := range s.Mounts {
		if m.Destination == "/proc" {
			procMount = i
		}
	}
	if procMount < 0 {
		t.Fatal("the default spec mounts no /proc")
	}
	// The host's table is read on any thread but the namespace's.
	hostBefore, err := os.ReadFile("/proc/thread-self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	// The init is started from a thread in a mount namespace of its own,
	// without CLONE_NEWNS: its mounts never reach the host's table.
	run, stop, err := mountNSThread()
	if err != nil {
		t.Fatal(err)
	}
	defer stop()
	tb := newSinitTable()
	tb.call(unix.SYS_MOUNT, []sinitArg{imm(0), tb.str("/"), imm(0), imm(unix.MS_REC | unix.MS_PRIVATE), imm(0)}, 0)
	tb.call(unix.SYS_CLOSE_RANGE, []sinitArg{imm(sinitTableFD), imm(^uint64(0) >> 32), imm(unix.CLOSE_RANGE_CLOEXEC)}, 0)
	// A path no kernel has, in each list: its entries get ENOENT, allowed.
	masked := append(s.Linux.MaskedPaths, "/proc/tent-no-such-mask")
	readonly := append(s.Linux.ReadonlyPaths, "/proc/tent-no-such-ro")
	if err := sinitProc(tb, s.Mounts[procMount], masked, readonly, "/dev/null", hostProcIsDir); err != nil {
		t.Fatal(err)
	}
	script, checks := sinitProcScript(masked)
	tb.call(unix.SYS_EXECVE, []sinitArg{tb.str("/bin/sh"), tb.strs([]string{"sh", "-c", script}), tb.strs([]string{"PATH=/usr/bin:/bin"})}, 0)
	table, err := tb.encode()
	if err != nil {
		t.Fatal(err)
	}
	start := func(cmd *exec.Cmd) error {
		cmd.SysProcAttr = &syscall.SysProcAttr{Cloneflags: unix.CLONE_NEWPID}
		return run(cmd.Start)
	}
	r := runSinitWith(t, table, 0, start)
	if r.code != 0 || len(r.report) != 0 || !strings.HasSuffix(r.out, "DONE\n") {
		t.Fatalf("static init: exit %d, report %v, out %s", r.code, r.report, r.out)
	}
	hostAfter, err := os.ReadFile("/proc/thread-self/mountinfo")
	if err != nil {
		t.Fatal(err)
	}
	if string(hostAfter) != string(hostBefore) {
		t.Errorf("the host's mount table changed:\nbefore\n%s\nafter\n%s", hostBefore, hostAfter)
	}
	kv := map[string]string{}
	for _, l := range strings.Split(r.out, "\n") {
		if k, v, ok := strings.Cut(l, "="); ok && !strings.Contains(k, " ") {
			kv[k] = v
		}
	}
	for _, c := range checks {
		for _, w := range c[1:] { // c[1] a prefix, and so a substring
			if v, ok := kv[c[0]]; !ok || !strings.Contains(v, w) || !strings.HasPrefix(v, c[1]) {
				t.Errorf("%s=%q, want it to hold %q", c[0], v, w)
			}
		}
	}
	type want struct{ point, fstype, opt, root string } // root "": no mount
	wants := []want{{"/proc", "proc", "nosuid", "/"}}
	for _, p := range procPaths(readonly) { // as the host has them
		if _, err := hostProcIsDir(p); err != nil {
			wants = append(wants, want{point: p})
		} else {
			wants = append(wants, want{p, "proc", "ro", strings.TrimPrefix(p, "/proc")})
		}
	}
	for _, p := range procPaths(masked) {
		switch dir, err := hostProcIsDir(p); {
		case err != nil:
			wants = append(wants, want{point: p})
		case dir:
			wants = append(wants, want{p, "tmpfs", "ro", "/"})
		default:
			wants = append(wants, want{p, "", "", "/null"})
		}
	}
	for _, c := range wants {
		f := mountinfoAt(r.out, c.point)
		switch {
		case c.root == "" && f != nil:
			t.Errorf("%s: mounted, want nothing: %v", c.point, f)
		case c.root == "":
		case f == nil:
			t.Errorf("%s: not a mount point", c.point)
		case f[3] != c.root || (c.fstype != "" && fsType(f) != c.fstype) ||
			(c.opt != "" && !strings.Contains(","+f[5]+",", ","+c.opt+",")):
			t.Errorf("%s: %v, want root %s, type %q, option %q", c.point, f, c.root, c.fstype, c.opt)
		}
	}
}
