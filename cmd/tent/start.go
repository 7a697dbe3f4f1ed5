package main

import (
	"context"
	"fmt"
	"os"
	"time"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/logs"
)

func newStartCmd() *cobra.Command {
	var attach bool
	cmd := &cobra.Command{
		Use:   "start [OPTIONS] CONTAINER...",
		Short: "Start stopped containers (same filesystem: the upper dir is kept)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			if attach {
				if len(args) != 1 {
					return fmt.Errorf("you cannot start and attach multiple containers at once")
				}
				return startAttached(cmd.Context(), e, args[0])
			}
			return eachRef(args, func(ref string) error {
				if _, err := e.Start(ref); err != nil {
					return err
				}
				fmt.Println(ref)
				return nil
			})
		},
	}
	cmd.Flags().BoolVarP(&attach, "attach", "a", false, "print the container's output and exit with its code")
	return cmd
}

// startAttached starts the container and follows its log from that moment
// until it exits, then exits with the container's code.
func startAttached(ctx context.Context, e *engine.Engine, ref string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	since := time.Now()
	rec, err := e.Start(ref)
	if err != nil {
		return err
	}
	o := logs.ReadOptions{Tail: -1, Follow: true, Since: since}
	if err := e.Logs(ctx, rec.ID, o, os.Stdout, os.Stderr); err != nil {
		return err
	}
	code, err := e.Wait(ctx, rec.ID)
	if err != nil {
		return err
	}
	if code != 0 {
		os.Exit(code)
	}
	return nil
}
