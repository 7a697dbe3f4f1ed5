package engine

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/runtime"
)

// StatSample is one reading of a container's cgroup.
type StatSample struct {
	ID, Name string
	At       time.Time
	Stats    runtime.Stats
}

// StatsRow is one line of `tent stats`.
type StatsRow struct {
	ID, Name, CPUPerc, MemUsage, MemPerc, PIDs string
}

// SampleStats reads the cgroup stats of the given running containers.
func (e *Engine) SampleStats(recs []*container.Record) []StatSample {
	out := make([]StatSample, 0, len(recs))
	for _, r := range recs {
		st, err := e.Runtime.Stats(r.ID)
		if err != nil {
			continue
		}
		out = append(out, StatSample{ID: r.ID, Name: r.Name, At: time.Now(), Stats: *st})
	}
	return out
}

// StatsRows turns two samples into rows; CPU % is CPU time over wall time
// between them (100% = one CPU busy, as Docker shows it).
func StatsRows(prev, cur []StatSample, memTotal uint64) []StatsRow {
	before := map[string]StatSample{}
	for _, s := range prev {
		before[s.ID] = s
	}
	rows := make([]StatsRow, 0, len(cur))
	for _, s := range cur {
		cpu := 0.0
		if p, ok := before[s.ID]; ok && s.At.After(p.At) && s.Stats.CPUUsageNanos >= p.Stats.CPUUsageNanos {
			cpu = float64(s.Stats.CPUUsageNanos-p.Stats.CPUUsageNanos) / float64(s.At.Sub(p.At).Nanoseconds()) * 100
		}
		limit := s.Stats.MemoryLimit
		if limit == 0 || (memTotal > 0 && limit > memTotal) {
			limit = memTotal
		}
		memPerc := 0.0
		if limit > 0 {
			memPerc = float64(s.Stats.MemoryUsage) / float64(limit) * 100
		}
		rows = append(rows, StatsRow{
			ID: container.ShortID(s.ID), Name: s.Name, CPUPerc: fmt.Sprintf("%.2f%%", cpu),
			MemUsage: BytesSize(s.Stats.MemoryUsage) + " / " + BytesSize(limit),
			MemPerc:  fmt.Sprintf("%.2f%%", memPerc), PIDs: strconv.FormatUint(s.Stats.Pids, 10),
		})
	}
	return rows
}

// WriteStats prints Docker's stats table.
func WriteStats(w io.Writer, rows []StatsRow) error {
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	fmt.Fprintln(tw, "CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tPIDS")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.CPUPerc, r.MemUsage, r.MemPerc, r.PIDs)
	}
	return tw.Flush()
}

// BytesSize is Docker's binary size: "1.461MiB", "7.659GiB".
func BytesSize(n uint64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	f, i := float64(n), 0
	for f >= 1024 && i < len(units)-1 {
		f /= 1024
		i++
	}
	return strconv.FormatFloat(f, 'g', 4, 64) + units[i]
}

// MemTotal is the host's memory (limit of an unlimited container).
func MemTotal() uint64 {
	f, err := os.Open("/proc/meminfo")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "MemTotal:"); ok {
			kb, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimSpace(rest), " kB"), 10, 64)
			return kb * 1024
		}
	}
	return 0
}
