package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func init() { register("ps", newPsCmd) }

func newPsCmd() *cobra.Command {
	var all, quiet, noTrunc bool
	var format string
	cmd := &cobra.Command{
		Use:     "ps [OPTIONS]",
		Aliases: []string{"list", "ls"},
		Short:   "List containers",
		Args:    cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			rows, err := e.List(all, noTrunc)
			if err != nil {
				return err
			}
			if err := engine.WritePs(os.Stdout, rows, format, quiet); err != nil {
				return err
			}
			// What crashed runs left (state, cgroups, netns of dead containers)
			// goes now: ps has just reconciled every record.
			_, _ = e.GC()
			return nil
		},
	}
	fs := cmd.Flags()
	fs.BoolVarP(&all, "all", "a", false, "show all containers (default shows just running)")
	fs.BoolVarP(&quiet, "quiet", "q", false, "only display container IDs")
	fs.BoolVar(&noTrunc, "no-trunc", false, "don't truncate output")
	fs.StringVar(&format, "format", "", "format output: table, json or a Go template")
	return cmd
}
