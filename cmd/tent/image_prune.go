package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newImagePruneCmd() *cobra.Command {
	var force, all bool
	cmd := &cobra.Command{
		Use:   "prune [OPTIONS]",
		Short: "Remove dangling images (all images no container uses with -a)",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			warning := "WARNING! This will remove all dangling images."
			if all {
				warning = "WARNING! This will remove all images without at least one container associated to them."
			}
			if ok, err := confirmPrune(warning, force); !ok {
				return err
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			rep, err := e.ImagePrune(all)
			printImagesDeleted(rep)
			fmt.Printf("Total reclaimed space: %s\n", imageSize(rep.SpaceReclaimed))
			return err
		},
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "do not prompt for confirmation")
	cmd.Flags().BoolVarP(&all, "all", "a", false, "remove all unused images, not only dangling ones")
	return cmd
}
