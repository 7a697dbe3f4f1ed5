package main

import (
	"encoding/json"
	"fmt"
	"os"
	"text/tabwriter"
	"time"

	"github.com/spf13/pflag"
)

func listCmd() *command {
	var format string
	var quiet bool
	return &command{
		name: "list", aliases: []string{"ls"}, usage: "[--format table|json] [--quiet]", maxArgs: 0,
		short: "list the containers under --root",
		flags: func(f *pflag.FlagSet) {
			f.StringVarP(&format, "format", "f", "table", "table or json")
			f.BoolVarP(&quiet, "quiet", "q", false, "print only the ids")
		},
		run: func(g *globals, _ []string) error {
			if format != "table" && format != "json" {
				return fmt.Errorf("invalid format option %q (table or json)", format)
			}
			states, err := listStates(g)
			if err != nil {
				return err
			}
			return printList(states, format, quiet)
		},
	}
}

// listStates is every container's runc state; one that went away while
// listing is left out.
func listStates(g *globals) ([]containerState, error) {
	rt, err := g.runtime()
	if err != nil {
		return nil, err
	}
	ids, err := rt.List()
	if err != nil {
		return nil, err
	}
	states := []containerState{}
	for _, id := range ids {
		c, err := rt.Load(id)
		if err != nil {
			continue
		}
		if st, err := runcState(g, c); err == nil {
			states = append(states, *st)
		}
	}
	return states, nil
}

func printList(states []containerState, format string, quiet bool) error {
	switch {
	case quiet:
		for _, s := range states {
			fmt.Println(s.ID)
		}
	case format == "json":
		b, err := json.Marshal(states)
		if err != nil {
			return fmt.Errorf("encode list: %w", err)
		}
		fmt.Println(string(b))
	default:
		w := tabwriter.NewWriter(os.Stdout, 12, 1, 3, ' ', 0)
		fmt.Fprint(w, "ID\tPID\tSTATUS\tBUNDLE\tCREATED\tOWNER\n")
		for _, s := range states {
			fmt.Fprintf(w, "%s\t%d\t%s\t%s\t%s\t%s\n", s.ID, s.Pid, s.Status, s.Bundle, s.Created.Format(time.RFC3339Nano), s.Owner)
		}
		return w.Flush()
	}
	return nil
}
