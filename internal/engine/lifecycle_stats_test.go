package engine

import "github.com/tent-dev/tent/runtime"

func statsOf(cpu, mem, limit, pids uint64) runtime.Stats {
	return runtime.Stats{CPUUsageNanos: cpu, MemoryUsage: mem, MemoryLimit: limit, Pids: pids}
}
