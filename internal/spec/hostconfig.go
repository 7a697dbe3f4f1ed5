package spec

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// extras are the run flags of Docker's HostConfig beyond the process and
// the Resources: ulimits, OOM score, groups, sysctls, /dev/shm, devices.
type extras struct {
	ulimits     []Ulimit
	oomScoreAdj *int
	groupAdd    []string
	sysctls     map[string]string
	shmSize     int64
	devices     []Device
}

// defaultShmSize is Docker's /dev/shm size (64 MiB).
const defaultShmSize = 64 << 20

// WithSysctls sets namespaced sysctls (--sysctl); the runtime refuses the
// others. net.* with the host's network namespace is refused here, as
// Docker does.
func WithSysctls(s map[string]string) Option {
	return func(o *options) {
		if o.x.sysctls == nil {
			o.x.sysctls = map[string]string{}
		}
		maps.Copy(o.x.sysctls, s)
	}
}

// ParseSysctl parses one --sysctl key=value.
func ParseSysctl(s string) (string, string, error) {
	k, v, ok := strings.Cut(s, "=")
	if !ok || k == "" {
		return "", "", fmt.Errorf("invalid sysctl %q: want key=value", s)
	}
	return k, v, nil
}

// sysctls checks that no sysctl names a namespace the container shares
// with the host: net.* with --network host, the IPC ones with --ipc host,
// kernel.hostname/domainname with --uts host.
func sysctls(o *options) (map[string]string, error) {
	if len(o.x.sysctls) == 0 {
		return nil, nil
	}
	for k := range o.x.sysctls {
		var ns specs.LinuxNamespaceType
		switch {
		case strings.HasPrefix(k, "net."):
			ns = specs.NetworkNamespace
		case strings.HasPrefix(k, "kernel.shm"), strings.HasPrefix(k, "kernel.msg"), k == "kernel.sem",
			strings.HasPrefix(k, "fs.mqueue."):
			ns = specs.IPCNamespace
		case k == "kernel.hostname", k == "kernel.domainname":
			ns = specs.UTSNamespace
		}
		if ns != "" && o.hostNS[ns] {
			return nil, fmt.Errorf("sysctl %q is not allowed in the host's %s namespace", k, ns)
		}
	}
	return maps.Clone(o.x.sysctls), nil
}

// WithShmSize sets the size of /dev/shm in bytes (--shm-size; 0: Docker's 64 MiB).
func WithShmSize(n int64) Option { return func(o *options) { o.x.shmSize = n } }

// shmMount is /dev/shm: a tmpfs of --shm-size, or with --ipc host the
// host's /dev/shm (as Docker), which --shm-size cannot resize.
func shmMount(o *options) (specs.Mount, error) {
	if o.x.shmSize < 0 {
		return specs.Mount{}, fmt.Errorf("invalid --shm-size %d: must be greater than 0", o.x.shmSize)
	}
	if o.hostNS[specs.IPCNamespace] {
		if o.x.shmSize != 0 {
			return specs.Mount{}, fmt.Errorf("--shm-size cannot be set with --ipc host: /dev/shm is the host's")
		}
		return bind("/dev/shm", "/dev/shm", false), nil
	}
	size := o.x.shmSize
	if size == 0 {
		size = defaultShmSize
	}
	return specs.Mount{Destination: "/dev/shm", Type: "tmpfs", Source: "shm",
		Options: []string{"nosuid", "noexec", "nodev", "mode=1777", fmt.Sprintf("size=%d", size)}}, nil
}

// Device is one --device: a host node (its type and numbers read by the
// caller from the host) made at Container with the cgroup access given.
type Device struct {
	Host, Container string
	Access          string // subset of "rwm"
	Node            specs.LinuxDevice
}

// ParseDevice parses --device host[:container[:rwm]] (the container path
// defaults to the host one, the access to rwm).
func ParseDevice(s string) (Device, error) {
	parts := strings.Split(s, ":")
	d := Device{Host: parts[0], Container: parts[0], Access: "rwm"}
	switch len(parts) {
	case 1:
	case 2:
		if validAccess(parts[1]) {
			d.Access = parts[1]
		} else {
			d.Container = parts[1]
		}
	case 3:
		d.Container, d.Access = parts[1], parts[2]
	default:
		return Device{}, fmt.Errorf("invalid device %q: want host[:container[:rwm]]", s)
	}
	switch {
	case !path.IsAbs(d.Host):
		return Device{}, fmt.Errorf("invalid device %q: host path %q is not absolute", s, d.Host)
	case !path.IsAbs(d.Container) || path.Clean(d.Container) == "/":
		return Device{}, fmt.Errorf("invalid device %q: container path %q is not an absolute path below /", s, d.Container)
	case !validAccess(d.Access):
		return Device{}, fmt.Errorf("invalid device %q: access %q is not a subset of rwm", s, d.Access)
	}
	d.Host, d.Container = path.Clean(d.Host), path.Clean(d.Container)
	return d, nil
}

func validAccess(a string) bool {
	if a == "" || len(a) > 3 {
		return false
	}
	for _, c := range a {
		if !strings.ContainsRune("rwm", c) || strings.Count(a, string(c)) > 1 {
			return false
		}
	}
	return true
}

// WithDevices adds --device nodes (each Node's Type, Major, Minor,
// FileMode, UID and GID filled from the host) and their cgroup rules.
func WithDevices(d ...Device) Option {
	return func(o *options) { o.x.devices = append(o.x.devices, d...) }
}

// addDevices puts the --device nodes in l.Devices (replacing one at the
// same path) and an allow rule for each after the others.
func addDevices(l *specs.Linux, o *options) error {
	for _, d := range o.x.devices {
		n := d.Node
		if n.Type != "c" && n.Type != "b" {
			return fmt.Errorf("--device %s: not a character or block device", d.Host)
		}
		n.Path = d.Container
		l.Devices = slices.DeleteFunc(l.Devices, func(x specs.LinuxDevice) bool { return x.Path == n.Path })
		l.Devices = append(l.Devices, n)
		l.Resources.Devices = append(l.Resources.Devices, specs.LinuxDeviceCgroup{
			Allow: true, Type: n.Type, Major: ptr(n.Major), Minor: ptr(n.Minor), Access: d.Access,
		})
	}
	return nil
}
