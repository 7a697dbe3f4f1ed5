package spec

import (
	"slices"
	"testing"
)

// Docker's fixed masked paths, then the host's (thermal_throttle dirs);
// --privileged masks nothing.
func TestHostMaskedPaths(t *testing.T) {
	tt := "/sys/devices/system/cpu/cpu0/thermal_throttle"
	s, err := Default(WithHostMaskedPaths(tt))
	if err != nil {
		t.Fatal(err)
	}
	want := append(slices.Clone(maskedPaths), tt)
	if !slices.Equal(s.Linux.MaskedPaths, want) {
		t.Fatalf("masked %v, want %v", s.Linux.MaskedPaths, want)
	}
	if len(maskedPaths) != 12 || !slices.Contains(maskedPaths, "/sys/devices/virtual/powercap") || !slices.Contains(maskedPaths, "/proc/interrupts") {
		t.Fatalf("Docker's fixed list has 12 paths, powercap and interrupts among them: %v", maskedPaths)
	}
	s, err = Default(WithHostMaskedPaths(tt), WithPrivileged(true))
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Linux.MaskedPaths) != 0 {
		t.Fatalf("--privileged masks %v", s.Linux.MaskedPaths)
	}
}
