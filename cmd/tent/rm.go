package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newRmCmd() *cobra.Command {
	var force, volumes bool
	cmd := &cobra.Command{
		Use:   "rm [OPTIONS] CONTAINER...",
		Short: "Remove containers",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			remove := e.Remove
			if volumes { // bind mounts and named volumes are never removed
				remove = e.RemoveWithVolumes
			}
			return eachRef(args, func(ref string) error {
				if err := remove(ref, force); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "force the removal of a running container (SIGKILL)")
	cmd.Flags().BoolVarP(&volumes, "volumes", "v", false, "remove the container's anonymous volumes")
	return cmd
}
