package spec

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Volume is one parsed -v /host:/container[:ro|rw] bind.
type Volume struct {
	Host, Container string
	ReadOnly        bool
}

// ParseVolume parses -v. The host path must be absolute (named volumes are
// not supported yet); the container path must be absolute and not "/".
func ParseVolume(v string) (Volume, error) {
	parts := strings.Split(v, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return Volume{}, fmt.Errorf("invalid volume %q: want /host:/container[:ro|rw]", v)
	}
	vol := Volume{Host: parts[0], Container: parts[1]}
	if len(parts) == 3 {
		switch parts[2] {
		case "ro":
			vol.ReadOnly = true
		case "rw":
		default:
			return Volume{}, fmt.Errorf("invalid volume %q: unknown mode %q (want ro or rw)", v, parts[2])
		}
	}
	if !filepath.IsAbs(vol.Host) {
		return Volume{}, fmt.Errorf("invalid volume %q: host path %q is not absolute (named volumes are not supported)", v, vol.Host)
	}
	if !path.IsAbs(vol.Container) {
		return Volume{}, fmt.Errorf("invalid volume %q: container path %q is not absolute", v, vol.Container)
	}
	vol.Host, vol.Container = filepath.Clean(vol.Host), path.Clean(vol.Container)
	if vol.Container == "/" {
		return Volume{}, fmt.Errorf("invalid volume %q: cannot mount over /", v)
	}
	return vol, nil
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
	for _, v := range o.volumes {
		vol, err := ParseVolume(v)
		if err != nil {
			return nil, err
		}
		m = append(m, bind(vol.Host, vol.Container, vol.ReadOnly))
	}
	if o.initPath != "" {
		m = append(m, bind(o.initPath, InitTarget, true))
	}
	return m, nil
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
