package main

import "github.com/spf13/cobra"

// newCommitCmd execs tent-image commit: the image archive, layer and
// compression code stays out of tent.
func newCommitCmd() *cobra.Command {
	return helperCommand("commit", "commit [-m MESSAGE] [-a AUTHOR] [-c INSTRUCTION]... [--pause=false] CONTAINER [REPOSITORY[:TAG]]",
		"Create an image from a container's changes")
}
