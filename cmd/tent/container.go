package main

import (
	"fmt"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

// newContainerCmd is "tent container": prune.
func newContainerCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "container", Short: "Manage containers"}
	cmd.AddCommand(newContainerPruneCmd())
	return cmd
}

func newContainerPruneCmd() *cobra.Command {
	var force bool
	var filters []string
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove all stopped containers",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			f, err := engine.ParsePruneFilter(filters, time.Now())
			if err != nil {
				return err
			}
			if ok, err := confirmPrune("WARNING! This will remove all stopped containers.", force); !ok {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			rep, err := e.ContainerPrune(f)
			printDeleted("Deleted Containers:", rep.Containers)
			fmt.Printf("Total reclaimed space: %s\n", imageSize(rep.SpaceReclaimed))
			return err
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "do not prompt for confirmation")
	stringArrayVar(cmd.Flags(), &filters, "filter", "filter: until=TIMESTAMP|DURATION (made before)")
	return cmd
}
