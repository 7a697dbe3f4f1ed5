package engine

import "github.com/tent-dev/tent/runtime/cgroups"

func statsOf(cpu, mem, limit, pids uint64) cgroups.Stats {
	return cgroups.Stats{CPUUsageNanos: cpu, MemoryUsage: mem, MemoryLimit: limit, Pids: pids}
}
