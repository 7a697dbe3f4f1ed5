package main

import (
	"bufio"
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func init() { register("top", newTopCmd) }

func newTopCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "top CONTAINER",
		Short: "Display the running processes of a container",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			rows, err := e.Top(args[0])
			if err != nil {
				return err
			}
			return engine.WriteTop(bufio.NewWriter(os.Stdout), rows)
		},
	}
}
