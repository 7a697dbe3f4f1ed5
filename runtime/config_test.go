package runtime

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func TestPlanNamespaces(t *testing.T) {
	ns := func(typ specs.LinuxNamespaceType, path string) specs.LinuxNamespace {
		return specs.LinuxNamespace{Type: typ, Path: path}
	}
	tests := []struct {
		name   string
		nss    []specs.LinuxNamespace
		v2     bool
		flags  uintptr
		joins  int
		newNet bool
		err    bool
	}{
		{name: "runc default", nss: []specs.LinuxNamespace{ns("pid", ""), ns("network", ""), ns("ipc", ""), ns("uts", ""), ns("mount", "")},
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWNS, newNet: true},
		{name: "join netns", nss: []specs.LinuxNamespace{ns("pid", ""), ns("network", "/run/tent/netns/x")},
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNS, joins: 1},
		{name: "v2 adds cgroupns", nss: []specs.LinuxNamespace{ns("pid", "")}, v2: true,
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNS | unix.CLONE_NEWCGROUP},
		{name: "join pid ns", nss: []specs.LinuxNamespace{ns("pid", "/proc/1/ns/pid")}, err: true},
		{name: "user ns", nss: []specs.LinuxNamespace{ns("user", "")}, err: true},
		{name: "twice", nss: []specs.LinuxNamespace{ns("pid", ""), ns("pid", "")}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := planNamespaces(&specs.Linux{Namespaces: tt.nss}, tt.v2)
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			if p.CloneFlags != tt.flags || len(p.Joins) != tt.joins || p.NewNet != tt.newNet {
				t.Errorf("plan = %+v", p)
			}
		})
	}
}

func TestInitSpecKeepsWhatTheInitUses(t *testing.T) {
	limit := int64(1 << 20)
	s := &specs.Spec{Hostname: "h", Process: &specs.Process{Args: []string{"x"}}, Root: &specs.Root{Path: "r", Readonly: true},
		Mounts: []specs.Mount{{Destination: "/proc"}},
		Linux: &specs.Linux{MaskedPaths: []string{"/m"}, ReadonlyPaths: []string{"/r"}, Sysctl: map[string]string{"a": "b"},
			Devices: []specs.LinuxDevice{{Path: "/dev/x"}}, RootfsPropagation: "private",
			Resources: &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit}}, Seccomp: &specs.LinuxSeccomp{}}}
	got := initSpec(s)
	if got.Hostname != "h" || !got.Root.Readonly || len(got.Mounts) != 1 || got.Linux.MaskedPaths[0] != "/m" ||
		got.Linux.ReadonlyPaths[0] != "/r" || got.Linux.Sysctl["a"] != "b" || len(got.Linux.Devices) != 1 ||
		got.Linux.RootfsPropagation != "private" {
		t.Errorf("lost a field: %+v %+v", got, got.Linux)
	}
	if got.Linux.Resources != nil || got.Linux.Seccomp != nil {
		t.Errorf("resources or seccomp sent to the init")
	}
}
