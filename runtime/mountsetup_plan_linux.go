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
			// A bind takes no data (checkMounts let only "key=value"
			// filesystem parameters through, which mount(2) ignores here).
			s.Kind, s.Type, s.Data = mountBind, "", ""
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
