package engine

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

func TestParseCPUList(t *testing.T) {
	tests := []struct {
		in   string
		want []int
		bad  bool
	}{
		{"", nil, false},
		{"0", []int{0}, false},
		{"0-1", []int{0, 1}, false},
		{"0-2,5,7-8", []int{0, 1, 2, 5, 7, 8}, false},
		{"2-1", nil, true},
		{"x", nil, true},
		{"-1", nil, true},
		{"0-99999999", nil, true},
	}
	for _, tt := range tests {
		got, err := parseCPUList(tt.in)
		if (err != nil) != tt.bad || !reflect.DeepEqual(got, tt.want) {
			t.Errorf("parseCPUList(%q) = %v, %v; want %v (error %v)", tt.in, got, err, tt.want, tt.bad)
		}
	}
}

func TestThermalThrottleMasks(t *testing.T) {
	sys := t.TempDir()
	cpu := filepath.Join(sys, "devices/system/cpu")
	os.MkdirAll(filepath.Join(cpu, "cpu0/thermal_throttle"), 0o755)
	os.MkdirAll(filepath.Join(cpu, "cpu1"), 0o755) // no thermal_throttle: not masked
	os.MkdirAll(filepath.Join(cpu, "cpu2/thermal_throttle"), 0o755)
	os.MkdirAll(filepath.Join(cpu, "cpu7/thermal_throttle"), 0o755) // not possible: not masked
	os.WriteFile(filepath.Join(cpu, "possible"), []byte("0-2\n"), 0o644)
	want := []string{"/sys/devices/system/cpu/cpu0/thermal_throttle", "/sys/devices/system/cpu/cpu2/thermal_throttle"}
	if got := thermalThrottleMasks(sys); !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	if got := thermalThrottleMasks(t.TempDir()); got != nil {
		t.Fatalf("no cpu list: got %v", got)
	}
}
