package vm

import (
	"fmt"

	"github.com/tent-dev/tent/internal/cpio"
)

// InitScript is the payload's /init: print marker, then sleep (the VM stays
// up, as the containers do, until it is killed).
func InitScript(marker string) []byte {
	return []byte("#!/bin/busybox sh\n/bin/busybox echo " + marker + "\nexec /bin/busybox sleep 2147483647\n")
}

// WriteInitramfs writes to path an initramfs of the static busybox at
// busybox and InitScript(marker) as /init.
func WriteInitramfs(path, busybox, marker string) error {
	a := cpio.New()
	a.File("bin/busybox", busybox, 0o755)
	a.Data("init", InitScript(marker), 0o755)
	a.Dir("dev")
	if err := a.WriteFile(path); err != nil {
		return fmt.Errorf("vm: %w", err)
	}
	return nil
}

// HostkHz is the CPU's clock in kHz from /proc/cpuinfo's first "cpu MHz"
// line (the TSC's rate on the hosts we run on), 0 when there is none.
func HostkHz(cpuinfo string) int {
	for _, l := range splitLines(cpuinfo) {
		k, v, ok := cutColon(l)
		if !ok || k != "cpu MHz" {
			continue
		}
		var mhz float64
		if _, err := fmt.Sscanf(v, "%g", &mhz); err == nil && mhz > 0 {
			return int(mhz*1000 + 0.5)
		}
	}
	return 0
}
