package main

import (
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newRestartCmd() *cobra.Command {
	return newTimedCmd("restart [OPTIONS] CONTAINER...", "Restart containers (stop, then start)",
		(*engine.Engine).Restart)
}
