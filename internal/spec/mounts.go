package spec

import (
	"fmt"
	"path"
	"path/filepath"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Volume is one parsed -v: /host:/container, name:/container (a named
// volume) or /container alone (an anonymous volume), with a mode.
type Volume struct {
	Host, Container string
	Name            string // a named volume; Host and Name "": anonymous
	ReadOnly        bool
	Propagation     string // shared, rslave, ... ("": rprivate)
	NoCopy          bool   // nocopy: a new volume is not filled from the image
}

// ParseVolume parses -v SOURCE:/container[:MODE] or /container, MODE a
// comma-separated list of ro, rw, nocopy, z, Z and a propagation. SOURCE
// is an absolute host path or a volume name; the container path must be
// absolute and not "/".
func ParseVolume(v string) (Volume, error) {
	parts := strings.Split(v, ":")
	if len(parts) > 3 || v == "" {
		return Volume{}, fmt.Errorf("invalid volume %q: want [SOURCE:]/container[:ro|rw]", v)
	}
	var vol Volume
	if len(parts) == 1 {
		vol.Container = parts[0]
	} else {
		vol.Container = parts[1]
		if filepath.IsAbs(parts[0]) {
			vol.Host = filepath.Clean(parts[0])
		} else {
			vol.Name = parts[0]
		}
	}
	if len(parts) == 3 {
		if err := vol.setMode(parts[2]); err != nil {
			return Volume{}, fmt.Errorf("invalid volume %q: %w", v, err)
		}
	}
	if !path.IsAbs(vol.Container) {
		return Volume{}, fmt.Errorf("invalid volume %q: container path %q is not absolute", v, vol.Container)
	}
	vol.Container = path.Clean(vol.Container)
	if vol.Container == "/" {
		return Volume{}, fmt.Errorf("invalid volume %q: cannot mount over /", v)
	}
	if vol.Name == "" && vol.Host == "" && len(parts) > 1 {
		return Volume{}, fmt.Errorf("invalid volume %q: empty source", v)
	}
	return vol, nil
}

func (vol *Volume) setMode(mode string) error {
	for _, m := range strings.Split(mode, ",") {
		switch {
		case m == "ro":
			vol.ReadOnly = true
		case m == "rw", m == "z", m == "Z":
		case m == "nocopy" && vol.Host == "":
			vol.NoCopy = true
		case slices.Contains(propagations, m) && vol.Host != "":
			vol.Propagation = m
		default:
			return fmt.Errorf("unknown mode %q (want ro, rw, nocopy or a propagation)", m)
		}
	}
	return nil
}

// MountPoint is the volume as a mount point: a bind that makes a missing
// host dir (as Docker's -v), or a volume.
func (vol Volume) MountPoint() MountPoint {
	if vol.Host != "" {
		return MountPoint{Type: MountBind, Source: vol.Host, Target: vol.Container, ReadOnly: vol.ReadOnly,
			Propagation: vol.Propagation, CreateSource: true}
	}
	return MountPoint{Type: MountVolume, Source: vol.Name, Target: vol.Container, ReadOnly: vol.ReadOnly, NoCopy: vol.NoCopy}
}

// mounts are Docker's default mounts, the generated /etc files, -v binds and the init.
func mounts(o *options) ([]specs.Mount, error) {
	m := []specs.Mount{
		{Destination: "/proc", Type: "proc", Source: "proc", Options: []string{"nosuid", "noexec", "nodev"}},
		{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
		{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}},
		{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: sysOpts(o, "nosuid", "noexec", "nodev")},
		{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: sysOpts(o, "nosuid", "noexec", "nodev", "relatime")},
		{Destination: "/dev/mqueue", Type: "mqueue", Source: "mqueue", Options: []string{"nosuid", "noexec", "nodev"}},
	}
	shm, err := shmMount(o)
	if err != nil {
		return nil, err
	}
	m = append(m, shm)
	for _, f := range []struct{ dst, src string }{
		{"/etc/resolv.conf", o.etc.Resolv}, {"/etc/hostname", o.etc.Hostname}, {"/etc/hosts", o.etc.Hosts},
	} {
		if f.src != "" {
			m = append(m, bind(f.src, f.dst, false))
		}
	}
	user, err := userMounts(o)
	if err != nil {
		return nil, err
	}
	m = append(m, user...)
	if o.initPath != "" {
		m = append(m, bind(o.initPath, InitTarget, true))
	}
	return m, nil
}

// userMounts are the -v binds and the resolved mount points, parents first.
func userMounts(o *options) ([]specs.Mount, error) {
	mps := append([]MountPoint{}, o.mountPoints...)
	for _, v := range o.volumes {
		vol, err := ParseVolume(v)
		if err != nil {
			return nil, err
		}
		mps = append(mps, vol.MountPoint())
	}
	mps, err := SortMountPoints(mps)
	if err != nil {
		return nil, err
	}
	out := make([]specs.Mount, 0, len(mps))
	for _, mp := range mps {
		m, err := ociMount(mp)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, nil
}

// sysOpts are /sys's and its cgroup mount's options: read-only unless
// privileged, as Docker.
func sysOpts(o *options, opts ...string) []string {
	if o.privileged {
		return opts
	}
	return append(opts, "ro")
}

func bind(src, dst string, ro bool) specs.Mount {
	opts := []string{"rbind", "rprivate"}
	if ro {
		opts = append(opts, "ro")
	}
	return specs.Mount{Destination: dst, Type: "bind", Source: src, Options: opts}
}
