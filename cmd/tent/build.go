package main

import (
	"github.com/spf13/cobra"
)

// newBuildCmd is `tent build`: it execs tent-image build (see helper.go),
// so that tent links neither buildkit's parser nor the build code.
func newBuildCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "build [OPTIONS] PATH | -",
		Short:              "Build an image from a Dockerfile",
		DisableFlagParsing: true, // tent-image parses them, --help too
		RunE: func(_ *cobra.Command, args []string) error {
			return execImageHelper("build", args)
		},
	}
}

// newBuilderCmd is `tent builder prune`, run by tent-image as well.
func newBuilderCmd() *cobra.Command {
	return &cobra.Command{
		Use:                "builder prune [-f] [-a]",
		Short:              "Manage the build cache",
		DisableFlagParsing: true,
		RunE: func(_ *cobra.Command, args []string) error {
			return execImageHelper("builder", args)
		},
	}
}
