package runtime

import (
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/internal/spec"
	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

func TestPlanStatic(t *testing.T) {
	const flags = unix.CLONE_NEWNS | unix.CLONE_NEWPID | unix.CLONE_NEWUTS | unix.CLONE_NEWIPC | unix.CLONE_NEWNET
	const cgDir = "/sys/fs/cgroup/tent/c1"
	for _, tc := range []struct {
		name   string
		change func(*specs.Spec, *initcodec.Config) uintptr // returns the clone flags
		why    string
	}{
		{"Docker's defaults", nil, ""},
		{"under a cgroup namespace", func(_ *specs.Spec, c *initcodec.Config) uintptr {
			c.CgroupV2, c.UnshareCgroupNS = true, true
			return flags
		}, ""},
		{"terminal", func(s *specs.Spec, _ *initcodec.Config) uintptr { s.Process.Terminal = true; return flags }, "terminal"},
		{"hooks", func(s *specs.Spec, _ *initcodec.Config) uintptr {
			s.Hooks = &specs.Hooks{Poststart: []specs.Hook{{Path: "/bin/true"}}}
			return flags
		}, "hooks"},
		{"namespaces joined by path", func(_ *specs.Spec, c *initcodec.Config) uintptr {
			c.Joins = []initcodec.NamespaceJoin{{Path: "/run/netns/x"}}
			return flags
		}, "namespaces joined by path"},
		{"a network namespace joined by path", func(_ *specs.Spec, c *initcodec.Config) uintptr {
			c.Joins = []initcodec.NamespaceJoin{{Type: specs.NetworkNamespace, Path: "/run/netns/x"}}
			return flags &^ unix.CLONE_NEWNET
		}, ""},
		{"a network namespace joined and new", func(_ *specs.Spec, c *initcodec.Config) uintptr {
			c.Joins = []initcodec.NamespaceJoin{{Type: specs.NetworkNamespace, Path: "/run/netns/x"}}
			return flags
		}, "namespaces joined by path"},
		{"an ipc namespace joined by path", func(_ *specs.Spec, c *initcodec.Config) uintptr {
			c.Joins = []initcodec.NamespaceJoin{{Type: specs.NetworkNamespace, Path: "/run/netns/x"}, {Type: specs.IPCNamespace, Path: "/proc/1/ns/ipc"}}
			return flags &^ (unix.CLONE_NEWNET | unix.CLONE_NEWIPC)
		}, "namespaces joined by path"},
		{"a user namespace", func(*specs.Spec, *initcodec.Config) uintptr { return flags | unix.CLONE_NEWUSER }, "namespaces"},
		{"no pid namespace", func(*specs.Spec, *initcodec.Config) uintptr { return flags &^ unix.CLONE_NEWPID }, "namespaces"},
		{"sysctls", func(s *specs.Spec, _ *initcodec.Config) uintptr {
			s.Linux.Sysctl = map[string]string{"net.ipv4.ip_forward": "1"}
			return flags
		}, "sysctls"},
		{"shared root", func(s *specs.Spec, _ *initcodec.Config) uintptr { s.Linux.RootfsPropagation = "rshared"; return flags }, "root propagation"},
		{"private root", func(s *specs.Spec, _ *initcodec.Config) uintptr { s.Linux.RootfsPropagation = "private"; return flags }, ""},
		{"a mount under /proc", func(s *specs.Spec, _ *initcodec.Config) uintptr {
			s.Mounts = append(s.Mounts, specs.Mount{Destination: "/proc/sys/fs/binfmt_misc", Type: "tmpfs", Source: "tmpfs"})
			return flags
		}, "a mount under /proc"},
		{"no /dev tmpfs", func(s *specs.Spec, _ *initcodec.Config) uintptr {
			s.Mounts = slices.DeleteFunc(s.Mounts, func(m specs.Mount) bool { return m.Destination == "/dev" })
			return flags
		}, "no /dev tmpfs"},
		{"no /proc", func(s *specs.Spec, _ *initcodec.Config) uintptr {
			s.Mounts = slices.DeleteFunc(s.Mounts, func(m specs.Mount) bool { return m.Destination == "/proc" })
			return flags
		}, "no single /proc"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := spec.Default()
			if err != nil {
				t.Fatal(err)
			}
			cfg := &initcodec.Config{StartNow: true}
			f := uintptr(flags)
			if tc.change != nil {
				f = tc.change(s, cfg)
			}
			sp, why := planStatic(s, cfg, f, cgDir)
			if why != tc.why {
				t.Fatalf("why %q, want %q", why, tc.why)
			}
			if why != "" {
				return
			}
			checkStaticPlan(t, s, cfg, sp, cgDir)
		})
	}
}

// checkStaticPlan: the spec's mounts in order without /proc, the cgroup
// mount a read-only bind of the cgroup dir under a cgroup namespace, and
// only the masked and read-only paths outside /proc.
func checkStaticPlan(t *testing.T, s *specs.Spec, cfg *initcodec.Config, sp staticPlan, cgDir string) {
	t.Helper()
	if sp.proc.Destination != "/proc" || sp.proc.Type != "proc" {
		t.Errorf("proc mount %+v", sp.proc)
	}
	var dests []string
	for _, m := range s.Mounts {
		if m.Destination != "/proc" {
			dests = append(dests, m.Destination)
		}
	}
	var got []string
	for _, m := range sp.mounts {
		got = append(got, m.Dest)
		if m.Dest != "/sys/fs/cgroup" {
			continue
		}
		bind := m.Kind == mountBind && m.Source == cgDir && m.Flags&unix.MS_RDONLY != 0 && m.remount()
		if cfg.UnshareCgroupNS != bind || (!bind && m.Kind != mountCgroup) {
			t.Errorf("cgroup mount %+v (cgroup namespace %v)", m, cfg.UnshareCgroupNS)
		}
	}
	if !slices.Equal(got, dests) {
		t.Errorf("mounts %v, want %v", got, dests)
	}
	for _, p := range append(sp.masked, sp.readonly...) {
		if underProc(p) {
			t.Errorf("%s: under /proc, the table's", p)
		}
	}
	if !slices.Contains(sp.masked, "/sys/firmware") {
		t.Errorf("masked outside /proc %v, want /sys/firmware in it", sp.masked)
	}
}
