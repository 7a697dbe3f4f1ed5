package runtime

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

func TestPlanMounts(t *testing.T) {
	tests := []struct {
		name    string
		m       specs.Mount
		kind    mountKind
		flags   uintptr
		data    string
		remount bool
		err     bool
	}{
		{name: "proc", m: specs.Mount{Destination: "/proc", Type: "proc", Source: "proc", Options: []string{"nosuid", "noexec", "nodev"}},
			kind: mountFS, flags: unix.MS_NOSUID | unix.MS_NOEXEC | unix.MS_NODEV},
		{name: "dev", m: specs.Mount{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
			kind: mountFS, flags: unix.MS_NOSUID | unix.MS_STRICTATIME, data: "mode=755,size=65536k"},
		{name: "ro bind", m: specs.Mount{Destination: "/data", Type: "bind", Source: "/srv", Options: []string{"rbind", "ro"}},
			kind: mountBind, flags: unix.MS_BIND | unix.MS_REC | unix.MS_RDONLY, remount: true},
		{name: "bind drops filesystem parameters", m: specs.Mount{Destination: "/etc", Source: "/etc", Options: []string{"nosuid", "mode=755", "size=1k", "bind", "shared"}},
			kind: mountBind, flags: unix.MS_BIND | unix.MS_NOSUID, remount: true},
		{name: "none rbind", m: specs.Mount{Destination: "/etc/hosts", Type: "none", Source: "/x/hosts", Options: []string{"rbind"}},
			kind: mountBind, flags: unix.MS_BIND | unix.MS_REC},
		{name: "cgroup", m: specs.Mount{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: []string{"ro"}},
			kind: mountCgroup, flags: unix.MS_RDONLY},
		{name: "relative dest", m: specs.Mount{Destination: "data", Type: "tmpfs"}, err: true},
		{name: "relative bind source", m: specs.Mount{Destination: "/d", Type: "bind", Source: "x"}, err: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			steps, err := planMounts([]specs.Mount{tt.m})
			if (err != nil) != tt.err {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				return
			}
			s := steps[0]
			if s.Kind != tt.kind || s.Flags != tt.flags || s.Data != tt.data || s.remount() != tt.remount {
				t.Errorf("step = %+v (remount %v)", s, s.remount())
			}
		})
	}
}
