package spec

import (
	"os"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// maskedPaths and readonlyPaths are Docker's defaults (moby's
// daemon/pkg/oci defaults.go); Docker also masks each possible CPU's
// /sys/devices/system/cpu/cpuN/thermal_throttle that the host has
// (GHSA-6fw5-f8r9-fgfm), which the caller finds (WithHostMaskedPaths).
var (
	maskedPaths = []string{
		"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
		"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi",
		"/proc/interrupts", "/sys/firmware", "/sys/devices/virtual/powercap",
	}
	readonlyPaths = []string{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"}
)

// linux is the Linux section: namespaces, devices, cgroup resources, masks.
func linux(o *options) *specs.Linux {
	return &specs.Linux{
		Namespaces:    namespaces(o),
		Devices:       devices(),
		Resources:     resources(o.resources),
		CgroupsPath:   o.cgroupsPath,
		MaskedPaths:   append(append([]string{}, maskedPaths...), o.hostMasks...),
		ReadonlyPaths: append([]string{}, readonlyPaths...),
	}
}

// namespaces are new pid, mount, uts, ipc and network ones, except those
// WithoutNamespace leaves to the host; WithNamespace gives one a path.
func namespaces(o *options) []specs.LinuxNamespace {
	ns := make([]specs.LinuxNamespace, 0, 5)
	for _, t := range []specs.LinuxNamespaceType{
		specs.PIDNamespace, specs.MountNamespace, specs.UTSNamespace, specs.IPCNamespace, specs.NetworkNamespace,
	} {
		if !o.hostNS[t] {
			ns = append(ns, specs.LinuxNamespace{Type: t, Path: o.nsPaths[t]})
		}
	}
	return ns
}

// devices are the device nodes made in the container's /dev (ptmx is a
// symlink to pts/ptmx and the console is the pty, both the runtime's job).
func devices() []specs.LinuxDevice {
	var out []specs.LinuxDevice
	for _, d := range []struct {
		path         string
		major, minor int64
	}{
		{"/dev/null", 1, 3}, {"/dev/zero", 1, 5}, {"/dev/full", 1, 7},
		{"/dev/random", 1, 8}, {"/dev/urandom", 1, 9}, {"/dev/tty", 5, 0},
	} {
		out = append(out, specs.LinuxDevice{
			Path: d.path, Type: "c", Major: d.major, Minor: d.minor,
			FileMode: ptr(os.FileMode(0o666)), UID: ptr(uint32(0)), GID: ptr(uint32(0)),
		})
	}
	return out
}

// WithHostMaskedPaths masks these paths too, after Docker's fixed list:
// the host-dependent ones Docker adds (the CPUs' thermal_throttle dirs).
func WithHostMaskedPaths(paths ...string) Option {
	return func(o *options) { o.hostMasks = append(o.hostMasks, paths...) }
}
