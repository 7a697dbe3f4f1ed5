package main

import (
	"fmt"

	"github.com/spf13/cobra"
)

func newKillCmd() *cobra.Command {
	var sig string
	cmd := &cobra.Command{
		Use:   "kill [OPTIONS] CONTAINER...",
		Short: "Send a signal to running containers (default SIGKILL)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			return eachRef(args, func(ref string) error {
				if err := e.Kill(ref, sig); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	cmd.Flags().StringVarP(&sig, "signal", "s", "KILL", "signal to send")
	return cmd
}
