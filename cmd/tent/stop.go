package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newStopCmd() *cobra.Command {
	return newTimedCmd("stop [OPTIONS] CONTAINER...", "Stop running containers (stop signal, then SIGKILL)",
		(*engine.Engine).Stop)
}

// newTimedCmd is stop and restart: a -t timeout, then one engine call per
// container, printing each name or id as Docker does.
func newTimedCmd(use, short string, action func(e *engine.Engine, ref string, t *int) error) *cobra.Command {
	var timeout int
	cmd := &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			var t *int
			if cmd.Flags().Changed("time") {
				t = &timeout
			}
			return eachRef(args, func(ref string) error {
				if err := action(e, ref, t); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	cmd.Flags().IntVarP(&timeout, "time", "t", 10, "seconds to wait before killing the container")
	return cmd
}
