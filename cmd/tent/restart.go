package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func init() { register(newRestartCmd) }

func newRestartCmd() *cobra.Command {
	var timeout int
	cmd := &cobra.Command{
		Use:   "restart [OPTIONS] CONTAINER...",
		Short: "Restart containers (stop, then start)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			var t *int
			if cmd.Flags().Changed("time") {
				t = &timeout
			}
			return eachRef(args, func(ref string) error {
				if err := e.Restart(ref, t); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	cmd.Flags().IntVarP(&timeout, "time", "t", 10, "seconds to wait before killing the container")
	return cmd
}
