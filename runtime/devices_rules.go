package runtime

import specs "github.com/opencontainers/runtime-spec/specs-go"

// withDeviceRules returns the resources to give the cgroup: the spec's,
// and, when the spec restricts devices, allow rules after them for the
// devices every container gets (those made in /dev, the pty devices, and
// mknod of anything, as runc). Without the rules a "deny all" spec would
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
	rules = append(rules,
		dev("c", -1, -1, "m"), dev("b", -1, -1, "m"), // mknod of anything; use needs a rule
		dev("c", 5, 1, "rwm"),    // /dev/console
		dev("c", 5, 2, "rwm"),    // /dev/ptmx
		dev("c", 136, -1, "rwm"), // /dev/pts/*
	)
	for _, d := range planDevices(l) {
		rules = append(rules, dev(d.Type, d.Major, d.Minor, "rwm"))
	}
	r.Devices = rules
	return &r
}
