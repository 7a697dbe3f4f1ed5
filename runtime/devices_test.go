package runtime

import (
	"slices"
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestWithDeviceRules(t *testing.T) {
	deny := []specs.LinuxDeviceCgroup{{Allow: false, Access: "rwm"}}
	num := func(n int64) *int64 { return &n }
	null := specs.LinuxDeviceCgroup{Allow: true, Type: "c", Major: num(1), Minor: num(3), Access: "rwm"}
	pts := specs.LinuxDeviceCgroup{Allow: true, Type: "c", Major: num(136), Access: "rwm"}
	tests := []struct {
		name  string
		l     *specs.Linux
		nil   bool
		rules int
	}{
		{name: "no linux", nil: true},
		{name: "no resources", l: &specs.Linux{}, nil: true},
		{name: "no device rules stays allow-all", l: &specs.Linux{Resources: &specs.LinuxResources{}}, rules: 0},
		{name: "deny all gets the defaults", l: &specs.Linux{Resources: &specs.LinuxResources{Devices: deny}},
			rules: 1 + 5 + len(defaultDevices)},
		{name: "rules the spec grants are not repeated", l: &specs.Linux{Resources: &specs.LinuxResources{
			Devices: append(slices.Clone(deny), null, pts)}},
			rules: 3 + 4 + len(defaultDevices) - 1},
		{name: "a fifo in linux.devices gets no rule (the controller has b and c only)", l: &specs.Linux{
			Resources: &specs.LinuxResources{Devices: deny},
			Devices:   []specs.LinuxDevice{{Path: "/dev/fifo", Type: "p"}}},
			rules: 1 + 5 + len(defaultDevices)},
		{name: "a deny after the spec's allow keeps the default", l: &specs.Linux{Resources: &specs.LinuxResources{
			Devices: append(slices.Clone(deny), null, specs.LinuxDeviceCgroup{Allow: false, Type: "c", Access: "w"})}},
			rules: 3 + 5 + len(defaultDevices)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := withDeviceRules(tt.l)
			if (r == nil) != tt.nil {
				t.Fatalf("resources = %+v", r)
			}
			if r != nil && len(r.Devices) != tt.rules {
				t.Errorf("%d rules, want %d", len(r.Devices), tt.rules)
			}
			if r != nil && len(r.Devices) > 0 && r.Devices[0].Allow {
				t.Errorf("the spec's rules must come first")
			}
		})
	}
	if len(deny) != 1 {
		t.Error("the spec's slice was changed")
	}
	// A device the spec lists with read-only access does not get rwm.
	fuseR := specs.LinuxDeviceCgroup{Allow: true, Type: "c", Major: num(10), Minor: num(229), Access: "r"}
	r := withDeviceRules(&specs.Linux{Devices: []specs.LinuxDevice{{Path: "/dev/f", Type: "c", Major: 10, Minor: 229}},
		Resources: &specs.LinuxResources{Devices: append(slices.Clone(deny), fuseR)}})
	for _, d := range r.Devices {
		if d.Allow && d.Major != nil && *d.Major == 10 && d.Minor != nil && *d.Minor == 229 && d.Access != "r" {
			t.Errorf("the spec's r rule for 10:229 was widened: %+v", d)
		}
	}
}

func TestPlanDevices(t *testing.T) {
	devs := planDevices(&specs.Linux{Devices: []specs.LinuxDevice{{Path: "/dev/null", Type: "c", Major: 1, Minor: 3}, {Path: "/dev/fuse", Type: "c", Major: 10, Minor: 229}}})
	if len(devs) != len(defaultDevices)+1 {
		t.Errorf("got %d devices, want the defaults plus /dev/fuse", len(devs))
	}
}
