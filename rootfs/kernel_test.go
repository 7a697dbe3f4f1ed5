package rootfs

import "testing"

func TestParseKernelRelease(t *testing.T) {
	tests := []struct {
		rel          string
		major, minor int
		ok           bool
	}{
		{"6.1.0-18-amd64", 6, 1, true},
		{"5.10.0", 5, 10, true},
		{"6.18.44-fc-v669", 6, 18, true},
		{"4.19", 4, 19, true},
		{"6", 0, 0, false},
		{"x.y", 0, 0, false},
		{"6.-rc1", 0, 0, false},
	}
	for _, tt := range tests {
		major, minor, ok := parseKernelRelease(tt.rel)
		if ok != tt.ok || ok && (major != tt.major || minor != tt.minor) {
			t.Errorf("parseKernelRelease(%q) = %d, %d, %v; want %d, %d, %v", tt.rel, major, minor, ok, tt.major, tt.minor, tt.ok)
		}
	}
}
