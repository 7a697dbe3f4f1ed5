package cgroups

import (
	"errors"
	"fmt"

	specs "github.com/opencontainers/runtime-spec/specs-go"
	"golang.org/x/sys/unix"
)

// DeviceFilter enforces device rules on a cgroup v2 group, which has no
// devices controller: package devices attaches a BPF_PROG_TYPE_CGROUP_DEVICE
// program. It is an interface so that this package (linked by the
// container's init) does not import the eBPF library.
type DeviceFilter interface {
	// Attach makes the rules apply to the cgroup whose directory fd is dirFD.
	Attach(dirFD int, rules []specs.LinuxDeviceCgroup) error
}

// WithDeviceFilter gives v2 Create the filter for the spec's device rules.
// Without one, a v2 Create with device rules fails: a container root
// keeps CAP_MKNOD and could make and open any device node.
func WithDeviceFilter(f DeviceFilter) Option { return func(c *config) { c.devices = f } }

// errNoDeviceFilter is the fail-closed refusal on v2.
var errNoDeviceFilter = errors.New("cgroup v2 has no devices controller and no device filter (eBPF) was given: refusing to run without device control")

// attachDevices runs after the limits are written, before any process
// joins. No rules: nothing restricted, as on v1.
func (m *v2) attachDevices(rules []specs.LinuxDeviceCgroup) error {
	if len(rules) == 0 {
		return nil
	}
	if m.devices == nil {
		return errNoDeviceFilter
	}
	fd, err := unix.Open(m.dir(), unix.O_RDONLY|unix.O_DIRECTORY|unix.O_CLOEXEC, 0)
	if err != nil {
		return fmt.Errorf("device rules: open %s: %w", m.dir(), err)
	}
	defer unix.Close(fd)
	if err := m.devices.Attach(fd, rules); err != nil {
		return fmt.Errorf("device rules (%d): %w", len(rules), err)
	}
	return nil
}
