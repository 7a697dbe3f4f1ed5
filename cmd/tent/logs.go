package main

import (
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/logs"
)

func newLogsCmd() *cobra.Command {
	var o logs.ReadOptions
	var tail, since string
	cmd := &cobra.Command{
		Use:   "logs [OPTIONS] CONTAINER",
		Short: "Fetch the logs of a container",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			if o.Tail, err = parseTail(tail); err != nil {
				return err
			}
			if o.Since, err = parseSince(since, time.Now()); err != nil {
				return err
			}
			return e.Logs(cmd.Context(), args[0], o, os.Stdout, os.Stderr)
		},
	}
	fs := cmd.Flags()
	fs.BoolVarP(&o.Follow, "follow", "f", false, "follow log output")
	fs.BoolVarP(&o.Timestamps, "timestamps", "t", false, "show timestamps")
	fs.StringVarP(&tail, "tail", "n", "all", "number of lines to show from the end of the logs")
	fs.StringVar(&since, "since", "", "show logs since a timestamp (2026-01-02T15:04:05Z) or relative (42m)")
	return cmd
}

func parseTail(s string) (int, error) {
	if s == "all" || s == "" {
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("invalid --tail %q: want a number or all", s)
	}
	if n < 0 {
		return -1, nil
	}
	return n, nil
}

// parseSince reads --since: a duration before now, an RFC 3339 time, or
// unix seconds.
func parseSince(s string, now time.Time) (time.Time, error) {
	if s == "" {
		return time.Time{}, nil
	}
	if d, err := time.ParseDuration(s); err == nil {
		return now.Add(-d), nil
	}
	for _, layout := range []string{time.RFC3339Nano, "2006-01-02T15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	if sec, err := strconv.ParseFloat(s, 64); err == nil {
		return time.Unix(0, int64(sec*1e9)), nil
	}
	return time.Time{}, fmt.Errorf("invalid --since %q", s)
}
