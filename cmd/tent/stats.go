package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"
	"time"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newStatsCmd() *cobra.Command {
	var noStream bool
	cmd := &cobra.Command{
		Use:   "stats [OPTIONS] [CONTAINER...]",
		Short: "Display containers' resource usage (CPU, memory, pids from the cgroup)",
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return runStats(ctx, e, args, noStream)
		},
	}
	cmd.Flags().BoolVar(&noStream, "no-stream", false, "print one sample and exit")
	return cmd
}

// runStats samples every second; CPU % needs two samples, so even
// --no-stream waits half a second.
func runStats(ctx context.Context, e *engine.Engine, refs []string, noStream bool) error {
	memTotal := engine.MemTotal()
	prev := e.Stats(refs)
	period := 500 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(period):
		}
		cur := e.Stats(refs)
		var buf bytes.Buffer
		if !noStream {
			buf.WriteString("\x1b[2J\x1b[H") // clear the screen, as docker stats does
		}
		writeStats(&buf, statsRows(prev, cur, memTotal))
		os.Stdout.Write(buf.Bytes())
		if noStream {
			return nil
		}
		prev, period = cur, time.Second
	}
}

// statsRow is one line of `tent stats`.
type statsRow struct {
	ID, Name, CPUPerc, MemUsage, MemPerc, PIDs string
}

// statsRows turns two samples into rows; CPU % is CPU time over wall time
// between them (100% = one CPU busy, as Docker shows it).
func statsRows(prev, cur []engine.StatSample, memTotal uint64) []statsRow {
	before := map[string]engine.StatSample{}
	for _, s := range prev {
		before[s.ID] = s
	}
	rows := make([]statsRow, 0, len(cur))
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
		rows = append(rows, statsRow{
			ID: engine.ShortID(s.ID), Name: s.Name, CPUPerc: fmt.Sprintf("%.2f%%", cpu),
			MemUsage: units.BytesSize(float64(s.Stats.MemoryUsage)) + " / " + units.BytesSize(float64(limit)),
			MemPerc:  fmt.Sprintf("%.2f%%", memPerc), PIDs: strconv.FormatUint(s.Stats.Pids, 10),
		})
	}
	return rows
}

// writeStats prints Docker's stats table.
func writeStats(w io.Writer, rows []statsRow) error {
	tw := tabwriter.NewWriter(w, 10, 1, 3, ' ', 0)
	fmt.Fprintln(tw, "CONTAINER ID\tNAME\tCPU %\tMEM USAGE / LIMIT\tMEM %\tPIDS")
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", r.ID, r.Name, r.CPUPerc, r.MemUsage, r.MemPerc, r.PIDs)
	}
	return tw.Flush()
}
