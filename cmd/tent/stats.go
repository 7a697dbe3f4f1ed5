package main

import (
	"bytes"
	"context"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/container"
	"github.com/tent-dev/tent/internal/engine"
)

func init() { register("stats", newStatsCmd) }

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
	prev := e.SampleStats(mustRecords(e, refs))
	period := 500 * time.Millisecond
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(period):
		}
		cur := e.SampleStats(mustRecords(e, refs))
		var buf bytes.Buffer
		if !noStream {
			buf.WriteString("\x1b[2J\x1b[H") // clear the screen, as docker stats does
		}
		engine.WriteStats(&buf, engine.StatsRows(prev, cur, memTotal))
		os.Stdout.Write(buf.Bytes())
		if noStream {
			return nil
		}
		prev, period = cur, time.Second
	}
}

// mustRecords are the named containers, or every running one.
func mustRecords(e *engine.Engine, refs []string) []*container.Record {
	var out []*container.Record
	if len(refs) == 0 {
		all, _ := e.Containers.List()
		for _, r := range all {
			if r.State.Status == container.StatusRunning {
				out = append(out, r)
			}
		}
		return out
	}
	for _, ref := range refs {
		if r, err := e.Containers.Get(ref); err == nil && r.State.Status == container.StatusRunning {
			out = append(out, r)
		}
	}
	return out
}
