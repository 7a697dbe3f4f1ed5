package main

import (
	"fmt"

	units "github.com/docker/go-units"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/build"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/logconf"
)

func newBuilderCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "builder", Short: "Manage the build cache"}
	var force, all bool
	prune := &cobra.Command{
		Use:   "prune [-f] [-a]",
		Short: "Remove the build cache",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			s, err := image.Open(layout.New(g.root, g.state).ImageDir(), image.WithLogger(logconf.Debug(g.log, "image")))
			if err != nil {
				return err
			}
			r, err := build.Prune(s, builderDir())
			if err != nil {
				return err
			}
			for _, id := range r.Images {
				fmt.Println("Deleted build cache image:", id)
			}
			fmt.Printf("Total reclaimed space: %s\n", units.HumanSize(float64(r.Bytes)))
			return nil
		},
	}
	prune.Flags().BoolVarP(&force, "force", "f", false, "do not prompt (tent never prompts)")
	prune.Flags().BoolVarP(&all, "all", "a", false, "remove all the cache (tent always does)")
	cmd.AddCommand(prune)
	return cmd
}
