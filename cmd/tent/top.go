package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newTopCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "top CONTAINER",
		Short: "Display the running processes of a container",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			procs, err := e.Top(args[0])
			if err != nil {
				return err
			}
			w := bufio.NewWriter(os.Stdout)
			writeTop(w, procs)
			return w.Flush()
		},
	}
}

// writeTop prints the processes under busybox ps's header.
func writeTop(w io.Writer, procs []engine.Process) {
	fmt.Fprintf(w, "%-8s %-8s %-6s %s\n", "PID", "USER", "TIME", "COMMAND")
	for _, p := range procs {
		fmt.Fprintf(w, "%-8d %-8s %-6s %s\n", p.PID, p.User, psTime(p.CPU), p.Cmd)
	}
}

// psTime is busybox ps's TIME: minutes:seconds of CPU.
func psTime(d time.Duration) string {
	sec := int64(d / time.Second)
	return fmt.Sprintf("%d:%02d", sec/60, sec%60)
}
