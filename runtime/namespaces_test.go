package runtime

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime/internal/initcodec"
)

func TestJoinsThroughParent(t *testing.T) {
	in := []initcodec.NamespaceJoin{{Type: "network", Path: "/run/tent/netns/x"}, {Type: "ipc", Path: "rel/path"}}
	got := joinsThroughParent(in, 42)
	want := []initcodec.NamespaceJoin{{Type: "network", Path: "/proc/42/root/run/tent/netns/x"}, {Type: "ipc", Path: "rel/path"}}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("join %d = %+v, want %+v", i, got[i], want[i])
		}
	}
	if in[0].Path != "/run/tent/netns/x" {
		t.Error("the input was changed")
	}
}

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
		// joinPID: the pid namespace joined before the clone; mntLast:
		// the mount namespace is the init's last join.
		joinPID string
		mntLast bool
		err     bool
	}{
		{name: "runc default", nss: []specs.LinuxNamespace{ns("pid", ""), ns("network", ""), ns("ipc", ""), ns("uts", ""), ns("mount", "")},
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNET | unix.CLONE_NEWIPC | unix.CLONE_NEWUTS | unix.CLONE_NEWNS, newNet: true},
		{name: "join netns", nss: []specs.LinuxNamespace{ns("pid", ""), ns("network", "/run/tent/netns/x")},
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNS, joins: 1},
		{name: "v2 adds cgroupns", nss: []specs.LinuxNamespace{ns("pid", "")}, v2: true,
			flags: unix.CLONE_NEWPID | unix.CLONE_NEWNS | unix.CLONE_NEWCGROUP},
		{name: "join pid ns", nss: []specs.LinuxNamespace{ns("pid", "/proc/1/ns/pid"), ns("ipc", "")},
			flags: unix.CLONE_NEWIPC | unix.CLONE_NEWNS, joinPID: "/proc/1/ns/pid"},
		{name: "join mount ns", nss: []specs.LinuxNamespace{ns("mount", "/proc/9/ns/mnt"), ns("uts", "/proc/9/ns/uts")},
			joins: 2, mntLast: true},
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
			if p.CloneFlags != tt.flags || len(p.Joins) != tt.joins || p.NewNet != tt.newNet || p.JoinPID != tt.joinPID {
				t.Errorf("plan = %+v", p)
			}
			if tt.mntLast && p.Joins[len(p.Joins)-1].Type != specs.MountNamespace {
				t.Errorf("joins = %+v, want the mount namespace last", p.Joins)
			}
		})
	}
}
