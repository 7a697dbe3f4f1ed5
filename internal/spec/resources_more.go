package spec

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	specs "github.com/opencontainers/runtime-spec/specs-go"
)

// validateMore checks the CFS, cpuset and reservation flags with Docker's rules.
func (r Resources) validateMore() error {
	switch {
	case r.CPUs > 0 && (r.CPUQuota != 0 || r.CPUPeriod != 0):
		return errors.New("conflicting options: --cpus and --cpu-quota/--cpu-period cannot both be set")
	case r.CPUPeriod != 0 && (r.CPUPeriod < 1000 || r.CPUPeriod > 1000000):
		return errors.New("--cpu-period must be between 1000 (1 ms) and 1000000 (1 s)")
	case r.CPUQuota != 0 && r.CPUQuota != -1 && r.CPUQuota < 1000:
		return errors.New("--cpu-quota must be at least 1000 (1 ms), or -1 for none")
	case r.MemoryReservation < 0 || (r.MemoryReservation > 0 && r.MemoryReservation < minMemory):
		return errors.New("minimum memory reservation allowed is 6MB")
	case r.Memory > 0 && r.MemoryReservation > r.Memory:
		return errors.New("minimum memory limit can not be less than memory reservation limit")
	}
	if err := checkCpuset("--cpuset-cpus", r.CpusetCpus); err != nil {
		return err
	}
	return checkCpuset("--cpuset-mems", r.CpusetMems)
}

// checkCpuset checks a list like "0-2,4" (what the kernel's cpuset.cpus takes).
func checkCpuset(flag, s string) error {
	if s == "" {
		return nil
	}
	for _, part := range strings.Split(s, ",") {
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.ParseUint(lo, 10, 16)
		b, err2 := a, error(nil)
		if isRange {
			b, err2 = strconv.ParseUint(hi, 10, 16)
		}
		if err1 != nil || err2 != nil || b < a {
			return fmt.Errorf("invalid %s %q: want a list like 0-2,4", flag, s)
		}
	}
	return nil
}

func (r Resources) hasCPUMore() bool {
	return r.CPUQuota != 0 || r.CPUPeriod != 0 || r.CpusetCpus != "" || r.CpusetMems != ""
}

// moreResources adds the CFS, cpuset and reservation flags to r.
func moreResources(r *specs.LinuxResources, o Resources) {
	if o.MemoryReservation > 0 {
		r.Memory.Reservation = ptr(o.MemoryReservation)
	}
	if !o.hasCPUMore() {
		return
	}
	if o.CPUQuota != 0 {
		r.CPU.Quota = ptr(o.CPUQuota)
	}
	if o.CPUPeriod != 0 {
		r.CPU.Period = ptr(o.CPUPeriod)
	}
	r.CPU.Cpus, r.CPU.Mems = o.CpusetCpus, o.CpusetMems
}
