package main

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"

	"github.com/tent-dev/tent/internal/engine"
)

func newCreateCmd() *cobra.Command {
	var o engine.RunOptions
	var f runFlags
	cmd := &cobra.Command{
		Use:   "create [OPTIONS] IMAGE [COMMAND] [ARG...]",
		Short: "Create a new container (tent start runs it)",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := f.apply(cmd.Flags(), &o); err != nil {
				return exitcode.New(exitcode.Engine, err)
			}
			o.Image, o.Cmd = args[0], args[1:]
			e, err := engine.New(g.root, g.state, engineOptions()...)
			if err != nil {
				return exitcode.New(exitcode.Engine, err)
			}
			e.Pull = pullWithHelper // an image missing from the store
			ctx := cmd.Context()
			if ctx == nil {
				ctx = context.Background()
			}
			id, err := e.Create(ctx, o)
			if err != nil {
				return exitcode.Default(err, exitcode.Engine)
			}
			fmt.Println(id)
			return nil
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return exitcode.New(exitcode.Engine, err)
	})
	addRunFlags(cmd.Flags(), &o, &f)
	return cmd
}
