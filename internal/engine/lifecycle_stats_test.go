package engine

import (
	"strings"
	"testing"
	"time"

	"github.com/tent-dev/tent/runtime"
)

func statsOf(cpu, mem, limit, pids uint64) runtime.Stats {
	return runtime.Stats{CPUUsageNanos: cpu, MemoryUsage: mem, MemoryLimit: limit, Pids: pids}
}

func TestStatsRowsAndBytes(t *testing.T) {
	t0 := now
	prev := []StatSample{{ID: strings.Repeat("c", 64), At: t0}}
	cur := []StatSample{{ID: strings.Repeat("c", 64), Name: "db", At: t0.Add(time.Second),
		Stats: statsOf(500_000_000, 1536*1024, 0, 3)}}
	rows := StatsRows(prev, cur, 8<<30)
	want := StatsRow{ID: "cccccccccccc", Name: "db", CPUPerc: "50.00%", MemUsage: "1.5MiB / 8GiB", MemPerc: "0.02%", PIDs: "3"}
	if len(rows) != 1 || rows[0] != want {
		t.Fatalf("rows %+v", rows)
	}
}
