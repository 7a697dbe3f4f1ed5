package main

import (
	"github.com/spf13/cobra"
)

func init() { register("pull", newPullCmd) }

// newPullCmd is `tent pull`: it execs tent-image pull with the same
// arguments, so that tent does not link the registry client (see helper.go).
func newPullCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "pull [--platform OS/ARCH] [-q] IMAGE",
		Short:              "Pull an image from a registry",
		DisableFlagParsing: true, // tent-image parses them, --help too
		RunE: func(_ *cobra.Command, args []string) error {
			return execImageHelper("pull", args)
		},
	}
}
