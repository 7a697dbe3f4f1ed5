package engine

import (
	"fmt"
	"path"
	"path/filepath"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// Volume is one parsed -v /host:/ctr[:ro|rw] bind.
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

// mounts are Docker's default mounts, the generated /etc files, -v binds and --init.
func mounts(o RunOptions, c SpecContext) ([]specs.Mount, error) {
	m := []specs.Mount{
		{Destination: "/proc", Type: "proc", Source: "proc", Options: []string{"nosuid", "noexec", "nodev"}},
		{Destination: "/dev", Type: "tmpfs", Source: "tmpfs", Options: []string{"nosuid", "strictatime", "mode=755", "size=65536k"}},
		{Destination: "/dev/pts", Type: "devpts", Source: "devpts", Options: []string{"nosuid", "noexec", "newinstance", "ptmxmode=0666", "mode=0620", "gid=5"}},
		{Destination: "/sys", Type: "sysfs", Source: "sysfs", Options: []string{"nosuid", "noexec", "nodev", "ro"}},
		{Destination: "/sys/fs/cgroup", Type: "cgroup", Source: "cgroup", Options: []string{"nosuid", "noexec", "nodev", "relatime", "ro"}},
		{Destination: "/dev/mqueue", Type: "mqueue", Source: "mqueue", Options: []string{"nosuid", "noexec", "nodev"}},
		{Destination: "/dev/shm", Type: "tmpfs", Source: "shm", Options: []string{"nosuid", "noexec", "nodev", "mode=1777", "size=67108864"}},
	}
	for _, f := range []struct{ dst, src string }{
		{"/etc/resolv.conf", c.Files.Resolv}, {"/etc/hostname", c.Files.Hostname}, {"/etc/hosts", c.Files.Hosts},
	} {
		if f.src != "" {
			m = append(m, bind(f.src, f.dst, false))
		}
	}
	for _, v := range o.Volumes {
		vol, err := ParseVolume(v)
		if err != nil {
			return nil, err
		}
		m = append(m, bind(vol.Host, vol.Container, vol.ReadOnly))
	}
	if o.Init {
		if c.InitPath == "" {
			return nil, fmt.Errorf("--init: no path to tent's binary")
		}
		m = append(m, bind(c.InitPath, InitTarget, true))
	}
	return m, nil
}

func bind(src, dst string, ro bool) specs.Mount {
	opts := []string{"rbind", "rprivate"}
	if ro {
		opts = append(opts, "ro")
	}
	return specs.Mount{Destination: dst, Type: "bind", Source: src, Options: opts}
}

// maskedPaths and readonlyPaths are Docker's defaults.
var (
	maskedPaths = []string{
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
		"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
		"/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap",
	}
	readonlyPaths = []string{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}
)

// linux is the Linux section: namespaces, devices, cgroup resources, masks.
func linux(o RunOptions, c SpecContext) *specs.Linux {
	return &specs.Linux{
		Namespaces:    namespaces(o, c.NetnsPath),
		Devices:       devices(o.TTY),
		Resources:     resources(o),
		CgroupsPath:   c.CgroupsPath,
		MaskedPaths:   append([]string{}, maskedPaths...),
		ReadonlyPaths: append([]string{}, readonlyPaths...),
	}
}

// namespaces are the container's: new pid, mount, uts and ipc ones, and a
// network one unless --network host (netnsPath "": a new one).
func namespaces(o RunOptions, netnsPath string) []specs.LinuxNamespace {
	ns := []specs.LinuxNamespace{
		{Type: specs.PIDNamespace}, {Type: specs.MountNamespace}, {Type: specs.UTSNamespace}, {Type: specs.IPCNamespace},
	}
	if o.Network != "host" { // host: the host's network stack
		ns = append(ns, specs.LinuxNamespace{Type: specs.NetworkNamespace, Path: netnsPath})
	}
	return ns
}

// devices are the device nodes made in the container's /dev (ptmx is a
// symlink to pts/ptmx and the console is the pty, both the runtime's job).
func devices(bool) []specs.LinuxDevice {
	mode := func() *fileMode { m := fileMode(0o666); return &m }
	var out []specs.LinuxDevice
	for _, d := range []struct {
		path         string
		major, minor int64
	}{
		{"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7},
		{"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
	} {
		uid, gid := uint32(0), uint32(0)
		out = append(out, specs.LinuxDevice{Path: d.path, Type: "c", Major: d.major, Minor: d.minor, FileMode: mode(), UID: &uid, GID: &gid})
	}
	return out
}
