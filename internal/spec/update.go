package spec

import specs "github.com/opencontainers/runtime-spec/specs-go"

// UpdateResources are the cgroup limits of r for a live container (tent
// update): resources without the device rules, which only creation writes.
// pidsSet asks for pids.max to be written also when r has no limit ("max").
func UpdateResources(r Resources, pidsSet bool) *specs.LinuxResources {
	lr := resources(r)
	lr.Devices = nil
	if pidsSet && lr.Pids == nil {
		lr.Pids = &specs.LinuxPids{Limit: ptr(int64(-1))}
	}
	return lr
}
