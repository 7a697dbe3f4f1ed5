package runtime

// Devices, the plan: the nodes made in the container's /dev (the spec's and
// Docker's defaults), its symlinks, and the cgroup's device rules that let
// them be used. devices_linux.go makes them (mknodat, or a bind of the
// host's node).

import (
	"path/filepath"

	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/runtime/cgroups"
)

// WithDeviceFilter enforces the device rules on cgroup v2 (the caller
// passes devices.Filter{}; the runtime does not import it so that the
// container's init stays free of the eBPF library). Without it, creating a
// container with device rules fails on v2.
func WithDeviceFilter(f cgroups.DeviceFilter) Option {
	return func(o *options) { o.devices = f }
}

// withDeviceRules returns the resources to give the cgroup: the spec's,
// and, when the spec restricts devices, allow rules after them for the
// devices every container gets (the default nodes made in /dev, the pty
// devices, and mknod of anything, as runc). Without the rules a "deny all" spec would
// make /dev/null unusable.
func withDeviceRules(l *specs.Linux) *specs.LinuxResources {
	if l == nil || l.Resources == nil {
		return nil
	}
	r := *l.Resources
	if len(r.Devices) == 0 {
		return &r
	}
	rules := append([]specs.LinuxDeviceCgroup(nil), r.Devices...)
	dev := func(typ string, major, minor int64, access string) specs.LinuxDeviceCgroup {
		d := specs.LinuxDeviceCgroup{Allow: true, Type: typ, Access: access}
		if major >= 0 {
			d.Major = &major
		}
		if minor >= 0 {
			d.Minor = &minor
		}
		return d
	}
	extra := []specs.LinuxDeviceCgroup{
		dev("c", -1, -1, "m"), dev("b", -1, -1, "m"), // mknod of anything; use needs a rule
		dev("c", 5, 1, "rwm"),    // /dev/console
		dev("c", 5, 2, "rwm"),    // /dev/ptmx
		dev("c", 136, -1, "rwm"), // /dev/pts/*
	}
	// Only the defaults: a device the spec lists itself (--device) has the
	// access the spec's rules give it, not rwm (as youki and runc).
	for _, d := range defaultDevices {
		extra = append(extra, dev(d.Type, d.Major, d.Minor, "rwm"))
	}
	for _, d := range extra {
		if !granted(r.Devices, d) {
			rules = append(rules, d)
		}
	}
	r.Devices = rules
	return &r
}

// granted says whether the spec's rules already end with the allow rule d
// in force: d itself, and no deny rule after it. Docker's list (deny all,
// then allows) grants most of the defaults, so they are not written twice.
func granted(rules []specs.LinuxDeviceCgroup, d specs.LinuxDeviceCgroup) bool {
	for i := len(rules) - 1; i >= 0; i-- {
		r := rules[i]
		if !r.Allow {
			return false
		}
		if r.Type == d.Type && r.Access == d.Access && sameNum(r.Major, d.Major) && sameNum(r.Minor, d.Minor) {
			return true
		}
	}
	return false
}

func sameNum(a, b *int64) bool {
	return (a == nil && b == nil) || (a != nil && b != nil && *a == *b)
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
