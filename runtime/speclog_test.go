package runtime

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestSpecSummary(t *testing.T) {
	mem, pids, quota, period := int64(64<<20), int64(100), int64(50000), uint64(100000)
	full := &specs.Spec{
		Process: &specs.Process{Args: []string{"sh", "-c", "echo hi"}, Cwd: "/", Env: []string{"PATH=/bin"},
			User:            specs.User{UID: 1000, GID: 1000, AdditionalGids: []uint32{10}},
			Capabilities:    &specs.LinuxCapabilities{Bounding: []string{"CAP_CHOWN", "CAP_KILL"}},
			NoNewPrivileges: true},
		Root:   &specs.Root{Path: "rootfs", Readonly: true},
		Mounts: []specs.Mount{{Destination: "/proc"}, {Destination: "/dev"}},
		Linux: &specs.Linux{
			Namespaces:  []specs.LinuxNamespace{{Type: "pid"}, {Type: "mount"}, {Type: "network", Path: "/run/tent/netns/x"}},
			MaskedPaths: []string{"/proc/kcore"},
			Seccomp:     &specs.LinuxSeccomp{DefaultAction: specs.ActErrno, Syscalls: []specs.LinuxSyscall{{Names: []string{"read"}}}},
			Resources: &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &mem},
				CPU: &specs.LinuxCPU{Quota: &quota, Period: &period}, Pids: &specs.LinuxPids{Limit: &pids}},
		},
	}
	tests := []struct {
		name string
		spec *specs.Spec
		want string
	}{
		{"empty", &specs.Spec{}, " mounts 0"},
		{"full", full, `args "sh -c echo hi" user 1000:1000 +1 groups cwd / tty false caps 2 env 1 no_new_privs` +
			` root rootfs (ro) mounts 2 namespaces [pid mount network=/run/tent/netns/x] masked 1 readonly 0 devices 0 seccomp SCMP_ACT_ERRNO +1 rules` +
			` limits memory=67108864 cpu=50000/100000 pids=100`},
	}
	for _, tt := range tests {
		if got := specSummary(tt.spec); got != tt.want {
			t.Errorf("%s:\ngot  %s\nwant %s", tt.name, got, tt.want)
		}
	}
}

func TestSpecMount(t *testing.T) {
	m := specs.Mount{Source: "proc", Destination: "/proc", Type: "proc", Options: []string{"nosuid", "noexec"}}
	if got, want := specMount(m), "proc → /proc type proc (nosuid,noexec)"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if got, want := specMount(specs.Mount{Source: "/a", Destination: "/b", Type: "bind"}), "/a → /b type bind"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}
