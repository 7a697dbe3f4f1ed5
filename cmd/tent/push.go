package main

import "github.com/spf13/cobra"

func newPushCmd() *cobra.Command {
	return helperCommand("push", "push [-q] NAME[:TAG]", "Push an image to a registry")
}
