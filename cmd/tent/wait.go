package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
)

func newWaitCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "wait CONTAINER...",
		Short: "Block until containers stop, then print their exit codes",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			return eachRef(args, func(ref string) error {
				code, err := e.Wait(ctx, ref)
				if err != nil {
					return err
				}
				fmt.Println(code)
				return nil
			})
		},
	}
}
