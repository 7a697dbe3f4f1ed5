package initcodec

import (
	"testing"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func TestInitSpecKeepsWhatTheInitUses(t *testing.T) {
	limit := int64(1 << 20)
	s := &specs.Spec{Hostname: "h", Process: &specs.Process{Args: []string{"x"}}, Root: &specs.Root{Path: "r", Readonly: true},
		Mounts: []specs.Mount{{Destination: "/proc"}},
		Linux: &specs.Linux{MaskedPaths: []string{"/m"}, ReadonlyPaths: []string{"/r"}, Sysctl: map[string]string{"a": "b"},
			Devices: []specs.LinuxDevice{{Path: "/dev/x"}}, RootfsPropagation: "private",
			Resources: &specs.LinuxResources{Memory: &specs.LinuxMemory{Limit: &limit}}, Seccomp: &specs.LinuxSeccomp{}}}
	got := TrimSpec(s)
	if got.Hostname != "h" || !got.Root.Readonly || len(got.Mounts) != 1 || got.Linux.MaskedPaths[0] != "/m" ||
		got.Linux.ReadonlyPaths[0] != "/r" || got.Linux.Sysctl["a"] != "b" || len(got.Linux.Devices) != 1 ||
		got.Linux.RootfsPropagation != "private" {
		t.Errorf("lost a field: %+v %+v", got, got.Linux)
	}
	if got.Linux.Resources != nil || got.Linux.Seccomp != nil {
		t.Errorf("resources or seccomp sent to the init")
	}
}
