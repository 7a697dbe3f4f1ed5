package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/procfs"
)

func psCmd() *command {
	var format string
	return &command{
		name: "ps", usage: "[--format table|json] <container-id>", minArgs: 1, maxArgs: 1,
		short: "list the processes of a container (json: their host pids)",
		flags: func(f *pflag.FlagSet) { f.StringVarP(&format, "format", "f", "table", "table or json") },
		run: func(g *globals, args []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("invalid format option %q (table or json)", format)
			}
			rt, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			if err := needRunning(c); err != nil {
				return err
			}
			pids, err := rt.Pids(args[0])
			if err != nil {
				return err
			}
			if format == "json" {
				if pids == nil {
					pids = []int{}
				}
				return printJSON(os.Stdout, pids)
			}
			return psTable(os.Stdout, pids)
		},
	}
}

// psTable prints PID, PPID, STAT and the command line of each pid, read
// from /proc (a process that exited meanwhile is left out).
func psTable(out io.Writer, pids []int) error {
	w := tabwriter.NewWriter(out, 6, 1, 2, ' ', 0)
	fmt.Fprint(w, "PID\tPPID\tSTAT\tCMD\n")
	for _, pid := range pids {
		st, err := procfs.ReadStat(pid)
		if err != nil {
			continue
		}
		cmd := st.Comm
		if b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline"); err == nil && len(b) > 0 {
			cmd = string(bytes.ReplaceAll(bytes.TrimRight(b, "\x00"), []byte{0}, []byte{' '}))
		}
		fmt.Fprintf(w, "%d\t%d\t%c\t%s\n", pid, st.PPID, st.State, cmd)
	}
	return w.Flush()
}

func printJSON(out io.Writer, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	_, err = fmt.Fprintln(out, string(b))
	return err
}
