package engine

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// thermalThrottleMasks are the paths Docker masks besides its fixed list:
// /sys/devices/system/cpu/cpuN/thermal_throttle for each possible CPU N
// (sysfs' cpu/possible) that has one (GHSA-6fw5-f8r9-fgfm). sysRoot is
// /sys on the host. An unreadable list masks nothing more.
func thermalThrottleMasks(sysRoot string) []string {
	b, err := os.ReadFile(filepath.Join(sysRoot, "devices/system/cpu/possible"))
	if err != nil {
		return nil
	}
	cpus, err := parseCPUList(strings.TrimSpace(string(b)))
	if err != nil {
		return nil
	}
	var out []string
	for _, c := range cpus {
		rel := fmt.Sprintf("devices/system/cpu/cpu%d/thermal_throttle", c)
		if _, err := os.Stat(filepath.Join(sysRoot, rel)); err == nil {
			out = append(out, "/sys/"+rel)
		}
	}
	return out
}

// maxCPUs bounds a CPU list, so a bad one cannot make a huge slice.
const maxCPUs = 1 << 16

// parseCPUList parses the kernel's CPU list format: "0-3,8,10-11".
func parseCPUList(s string) ([]int, error) {
	var cpus []int
	if s == "" {
		return nil, nil
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err := strconv.Atoi(lo)
		if err != nil || a < 0 {
			return nil, fmt.Errorf("cpu list %q: bad cpu %q", s, lo)
		}
		b := a
		if isRange {
			if b, err = strconv.Atoi(hi); err != nil || b < a {
				return nil, fmt.Errorf("cpu list %q: bad range %q", s, part)
			}
		}
		if b >= maxCPUs || len(cpus)+b-a+1 > maxCPUs {
			return nil, fmt.Errorf("cpu list %q: over %d cpus", s, maxCPUs)
		}
		for c := a; c <= b; c++ {
			cpus = append(cpus, c)
		}
	}
	return cpus, nil
}
