package main

import (
	"bufio"
	"fmt"
	"os"

	"github.com/spf13/cobra"
)

func newDiffCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "diff CONTAINER",
		Short: "List the files a container added (A), changed (C) or deleted (D)",
		Args:  cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			changes, err := e.Diff(args[0])
			if err != nil {
				return err
			}
			w := bufio.NewWriter(os.Stdout)
			for _, c := range changes {
				fmt.Fprintln(w, c)
			}
			return w.Flush()
		},
	}
}
