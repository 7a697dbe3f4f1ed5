package testutil

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"

	"github.com/tent-dev/tent/internal/spec/runcspec"
)

// DockerCaps are Docker's 14 default capabilities, a fresh slice each call.
func DockerCaps() []string {
	return []string{"CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
		"CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"}
}

// RuncSpec is what `runc spec` writes, with Docker's capabilities, running
// args: the runtime's tests' container.
func RuncSpec(args ...string) *specs.Spec {
	c := DockerCaps()
	caps := &specs.LinuxCapabilities{Bounding: c, Effective: c, Permitted: c}
	return &specs.Spec{
		Version:  specs.Version,
		Root:     &specs.Root{Path: "rootfs"},
		Hostname: "tenttest",
		Process: &specs.Process{Args: args, Cwd: "/", Env: []string{"PATH=/bin", "TERM=xterm"},
			Capabilities: caps, NoNewPrivileges: true},
		Mounts: runcMounts(),
		Linux: &specs.Linux{
			Resources:  &specs.LinuxResources{Devices: []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}}},
			Namespaces: []specs.LinuxNamespace{{Type: "pid"}, {Type: "network"}, {Type: "ipc"}, {Type: "uts"}, {Type: "mount"}},
			MaskedPaths: []string{"/proc/acpi", "/proc/asound", "/proc/kcore", "/proc/keys", "/proc/latency_stats",
				"/proc/timer_list", "/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap"},
			ReadonlyPaths: []string{"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger"},
		},
	}
}

// runcMounts are runc's default mounts with /proc nosuid, noexec, nodev.
func runcMounts() []specs.Mount {
	ms := runcspec.Mounts()
	ms[0].Options = []string{"nosuid", "noexec", "nodev"}
	return ms
}
