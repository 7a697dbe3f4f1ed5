package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newPauseCmd() *cobra.Command {
	return newEachCmd("pause CONTAINER...", "Pause all processes within one or more containers (cgroup freezer)",
		(*engine.Engine).Pause)
}

// newEachCmd is a command that runs action on each container named and
// prints each name or id as Docker does (pause, unpause).
func newEachCmd(use, short string, action func(e *engine.Engine, ref string) error) *cobra.Command {
	return &cobra.Command{
		Use:   use,
		Short: short,
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			return eachRef(args, func(ref string) error {
				if err := action(e, ref); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
}
