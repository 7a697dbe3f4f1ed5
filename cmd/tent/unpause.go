package main

import (
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newUnpauseCmd() *cobra.Command {
	return newEachCmd("unpause CONTAINER...", "Unpause all processes within one or more containers",
		(*engine.Engine).Unpause)
}
