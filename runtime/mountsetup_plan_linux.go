package runtime

import (
	"fmt"
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/rootfs"
)

type mountKind int

const (
	mountFS     mountKind = iota // a filesystem: proc, tmpfs, sysfs, devpts, mqueue, ...
	mountBind                    // a bind of a host path
	mountCgroup                  // /sys/fs/cgroup: cgroup2 on v2, a tmpfs on v1
)

// mountStep is one planned mount of spec.Mounts, Dest relative to the
// container's root.
type mountStep struct {
	Kind        mountKind
	Source      string
	Dest        string
	Type        string
	Flags       uintptr
	Data        string
	Propagation []uintptr
}

// remount says whether a bind needs a second mount call for its flags
// (a bind ignores all but MS_REC).
func (s mountStep) remount() bool {
	return s.Kind == mountBind && s.Flags&^(unix.MS_BIND|unix.MS_REC) != 0
}

// planMounts turns spec.Mounts into mount steps, in order.
func planMounts(ms []specs.Mount) ([]mountStep, error) {
	steps := make([]mountStep, 0, len(ms))
	for _, m := range ms {
		if !filepath.IsAbs(m.Destination) {
			return nil, fmt.Errorf("mount destination %q is not absolute", m.Destination)
		}
		f := rootfs.ParseOptions(m.Options)
		s := mountStep{Kind: mountFS, Source: m.Source, Dest: filepath.Clean(m.Destination), Type: m.Type,
			Flags: f.Flags, Data: f.DataString(), Propagation: f.Propagation}
		switch {
		case m.Type == "bind" || f.Flags&unix.MS_BIND != 0:
			s.Kind, s.Type = mountBind, ""
			s.Flags |= unix.MS_BIND
			if !filepath.IsAbs(s.Source) {
				return nil, fmt.Errorf("bind source %q is not absolute", s.Source)
			}
		case m.Type == "cgroup" || m.Type == "cgroup2":
			s.Kind = mountCgroup
		}
		steps = append(steps, s)
	}
	return steps, nil
}

// defaultDevices are made in every container whose /dev is a tmpfs, as
// Docker and runc do, unless the spec lists them itself.
var defaultDevices = []specs.LinuxDevice{
	{Path: "/dev/null", Type: "c", Major: 1, Minor: 3},
	{Path: "/dev/zero", Type: "c", Major: 1, Minor: 5},
	{Path: "/dev/full", Type: "c", Major: 1, Minor: 7},
	{Path: "/dev/random", Type: "c", Major: 1, Minor: 8},
	{Path: "/dev/urandom", Type: "c", Major: 1, Minor: 9},
	{Path: "/dev/tty", Type: "c", Major: 5, Minor: 0},
}

// planDevices is the spec's devices plus the defaults it does not list.
func planDevices(l *specs.Linux) []specs.LinuxDevice {
	var devs []specs.LinuxDevice
	have := map[string]bool{}
	if l != nil {
		for _, d := range l.Devices {
			devs = append(devs, d)
			have[filepath.Clean(d.Path)] = true
		}
	}
	for _, d := range defaultDevices {
		if !have[d.Path] {
			devs = append(devs, d)
		}
	}
	return devs
}

// devSymlinks are made in /dev (a tmpfs) after the devices.
var devSymlinks = [][2]string{
	{"/proc/self/fd", "/dev/fd"},
	{"/proc/self/fd/0", "/dev/stdin"},
	{"/proc/self/fd/1", "/dev/stdout"},
	{"/proc/self/fd/2", "/dev/stderr"},
	{"pts/ptmx", "/dev/ptmx"},
	{"/proc/kcore", "/dev/core"},
}

// devIsTmpfs says whether the spec mounts a tmpfs on /dev (so the runtime
// fills it).
func devIsTmpfs(steps []mountStep) bool {
	for _, s := range steps {
		if s.Dest == "/dev" {
			return s.Kind == mountFS && s.Type == "tmpfs"
		}
	}
	return false
}
