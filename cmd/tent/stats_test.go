package main

import (
	"strings"
	"testing"
	"time"

	units "github.com/docker/go-units"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/runtime"
)

func TestStatsRowsAndBytes(t *testing.T) {
	t0 := now
	prev := []engine.StatSample{{ID: strings.Repeat("c", 64), At: t0}}
	cur := []engine.StatSample{{ID: strings.Repeat("c", 64), Name: "db", At: t0.Add(time.Second),
		Stats: runtime.Stats{CPUUsageNanos: 500_000_000, MemoryUsage: 1536 * 1024, Pids: 3}}}
	rows := statsRows(prev, cur, 8<<30)
	want := statsRow{ID: "cccccccccccc", Name: "db", CPUPerc: "50.00%", MemUsage: "1.5MiB / 8GiB", MemPerc: "0.02%", PIDs: "3"}
	if len(rows) != 1 || rows[0] != want {
		t.Fatalf("rows %+v", rows)
	}
}

// TestBytesSize pins the sizes stats shows (go-units', as Docker's).
func TestBytesSize(t *testing.T) {
	for n, want := range map[float64]string{0: "0B", 1023: "1023B", 1536 * 1024: "1.5MiB", 1531904: "1.461MiB", 8223898829: "7.659GiB"} {
		if got := units.BytesSize(n); got != want {
			t.Errorf("BytesSize(%v) = %q, want %q", n, got, want)
		}
	}
}
