package main

import "github.com/spf13/cobra"

func newPullCmd() *cobra.Command {
	return helperCommand("pull", "pull [--platform OS/ARCH] [-q] IMAGE", "Pull an image from a registry")
}
