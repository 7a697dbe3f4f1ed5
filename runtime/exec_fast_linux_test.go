package runtime

import (
	"fmt"
	"os"
	"strings"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/testutil"
	"github.com/tent-dev/tent/runtime/cgroups"
	"github.com/tent-dev/tent/runtime/cgroups/devices"
	"github.com/tent-dev/tent/runtime/seccomp"
)

// probeScript prints what the process got: ids, capability sets,
// no_new_privs, seccomp mode, cgroups, rlimits, umask, cwd, and whether it
// sees the init's mounts, from the shell's own /proc entry.
const probeScript = `while read -r l; do case "$l" in Uid*|Gid*|Groups*|Cap*|NoNewPrivs*|Seccomp*) echo "$l";; esac; done < /proc/$$/status
cat /proc/$$/cgroup; echo "nofile $(ulimit -n):$(ulimit -Hn) core $(ulimit -c) umask $(umask) cwd $(pwd)"
cmp -s /proc/1/mountinfo /proc/$$/mountinfo && echo "the init's mounts"`

// TestExecFastMatchesStage2 execs the same processes through the fast
// path and through stage-2 into a container with Docker's seccomp profile,
// and wants the same ids, groups, capabilities, no_new_privs, seccomp
// mode, cgroups, rlimits, umask, cwd and mounts from both.
func TestExecFastMatchesStage2(t *testing.T) {
	testutil.RequireRoot(t)
	c, id := startSeccompContainer(t)
	proc := func(mod func(p *specs.Process)) *specs.Process {
		p := testSpec("sh", "-c", probeScript).Process
		mod(p)
		return p
	}
	umask := uint32(0o077)
	tests := []struct {
		name string
		p    *specs.Process
		want []string
	}{
		{"root", proc(func(*specs.Process) {}), []string{"Uid:\t0\t0\t0\t0", "NoNewPrivs:\t1", "Seccomp:\t2", "CapEff:\t00000000a80425fb"}},
		{"user and groups", proc(func(p *specs.Process) {
			p.User = specs.User{UID: 1000, GID: 1001, AdditionalGids: []uint32{10, 20}}
		}), []string{"Uid:\t1000\t1000\t1000\t1000", "Gid:\t1001\t1001\t1001\t1001", "Groups:\t10 20", "CapEff:\t0000000000000000"}},
		{"ambient, no no_new_privs", proc(func(p *specs.Process) {
			p.User = specs.User{UID: 1000, GID: 1000}
			p.NoNewPrivileges = false
			nb := []string{"CAP_NET_BIND_SERVICE"}
			p.Capabilities.Inheritable, p.Capabilities.Ambient = nb, nb
		}), []string{"CapAmb:\t0000000000000400", "CapEff:\t0000000000000400", "NoNewPrivs:\t0", "Seccomp:\t2"}},
		{"small bounding set", proc(func(p *specs.Process) {
			p.NoNewPrivileges = false
			p.Capabilities.Bounding = []string{"CAP_CHOWN", "CAP_KILL"}
			p.Capabilities.Inheritable = []string{"CAP_KILL"}
		}), []string{"CapBnd:\t0000000000000021", "CapInh:\t0000000000000020", "CapEff:\t0000000000000021"}},
		{"rlimits, umask, new cwd", proc(func(p *specs.Process) {
			p.Rlimits = []specs.POSIXRlimit{{Type: "RLIMIT_NOFILE", Soft: 100, Hard: 200}, {Type: "RLIMIT_CORE"}}
			p.User.Umask = &umask
			p.Cwd = "/tmp/made/by/exec"
		}), []string{"nofile 100:200 core 0 umask 0077 cwd /tmp/made/by/exec"}},
	}
	inCgroup := id // v1: the cgroups' paths name it; v2: the root of its cgroup namespace
	if c.cg.Mode() == cgroups.V2 {
		inCgroup = "\n0::/\n"
	}
	t.Run("failed exec", func(t *testing.T) { // TestExec's last exec, then Delete
		if _, err := c.Exec(testSpec("nosuchcmd").Process, Stdio{}, nil); err == nil {
			t.Fatal("exec of a missing command succeeded")
		}
		if left := threadsIn(id); len(left) > 0 {
			t.Errorf("a failed exec returned with threads of this process in the container's cgroup: %v", left)
		}
	})
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			facts, err := c.fastExecFacts(tt.p, nil)
			if err != nil {
				t.Fatal(err)
			}
			if _, why := fastExecPlan(tt.p, facts); why != "" {
				t.Fatalf("fast path blocked: %s", why)
			}
			n := fastExecs.Load()
			fast := execOutput(t, c, tt.p, false)
			if fastExecs.Load() != n+1 {
				t.Fatal("the exec did not take the fast path")
			}
			slow := execOutput(t, c, tt.p, true)
			if fast != slow {
				t.Fatalf("fast path:\n%s\nstage-2:\n%s", fast, slow)
			}
			for _, w := range append(tt.want, inCgroup, "the init's mounts") {
				if !strings.Contains(fast, w) {
					t.Errorf("no %q in:\n%s", w, fast)
				}
			}
		})
	}
}

// threadsIn lists this process's threads whose cgroups name the
// container id: a fast-path thread left in the container's cgroup would
// make the whole process a member (Delete freezes and kills members).
func threadsIn(id string) []string {
	var in []string
	tasks, _ := os.ReadDir("/proc/self/task")
	for _, t := range tasks {
		b, _ := os.ReadFile("/proc/self/task/" + t.Name() + "/cgroup")
		if strings.Contains(string(b), id) {
			in = append(in, t.Name())
		}
	}
	return in
}

// startSeccompContainer runs `sleep 100` under Docker's seccomp profile
// (with device control on cgroup v2, as tent gives it).
func startSeccompContainer(t *testing.T) (*container, string) {
	r, err := New(t.TempDir(), WithCgroupParent("/tenttest"), WithDeviceFilter(devices.Filter{}))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = r.RemoveInitBinary() })
	spec := testSpec("sleep", "100")
	prof, err := seccomp.DefaultProfile(spec.Process.Capabilities.Bounding)
	if err != nil {
		t.Fatal(err)
	}
	prog, err := seccomp.Compile(prof)
	if err != nil {
		t.Fatal(err)
	}
	spec.Linux.Seccomp = prof
	id := fmt.Sprintf("fastexec%d", os.Getpid())
	return startSleeper(t, r, id, CreateOpts{Spec: spec, Seccomp: &prog}), id
}

// startSleeper creates and starts a container of r running opts.Spec
// (`sleep 100` when nil) in the busybox bundle, and loads it back.
func startSleeper(t *testing.T, r *Runtime, id string, opts CreateOpts) *container {
	t.Helper()
	if opts.Spec == nil {
		opts.Spec = testSpec("sleep", "100")
	}
	opts.Bundle = busyboxBundle(t)
	c, err := r.Create(id, opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = c.Delete(true) })
	if err := c.Start(); err != nil {
		t.Fatal(err)
	}
	waitFor(t, func() bool {
		b, _ := os.ReadFile(fmt.Sprintf("/proc/%d/cmdline", c.Pid()))
		return strings.HasPrefix(string(b), "sleep")
	})
	loaded, err := r.Load(id)
	if err != nil {
		t.Fatal(err)
	}
	return loaded.(*container)
}

func execOutput(t *testing.T, c *container, p *specs.Process, stage2 bool) string {
	t.Helper()
	execStage2Only = stage2
	defer func() { execStage2Only = false }()
	out := tempFile(t)
	proc, err := c.Exec(p, Stdio{Stdout: out, Stderr: out}, nil)
	if err != nil {
		t.Fatalf("exec (stage-2 %v): %v", stage2, err)
	}
	if left := threadsIn(c.st.ID); len(left) > 0 {
		t.Errorf("exec (stage-2 %v) returned with threads of this process in the container's cgroup: %v", stage2, left)
	}
	st, err := proc.Wait()
	if err != nil || st.Code != 0 {
		t.Fatalf("exec (stage-2 %v): %+v %v\n%s", stage2, st, err, readBack(t, out))
	}
	return readBack(t, out)
}
