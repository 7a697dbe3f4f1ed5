package main

import (
	"context"
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newCpCmd() *cobra.Command {
	var archive, follow bool
	cmd := &cobra.Command{
		Use:   "cp [OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n  tent cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH",
		Short: "Copy files between a container and the host (- is a tar stream)",
		Args:  cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			return e.Copy(context.Background(), engine.CopyOptions{
				Src: engine.ParseCopyArg(args[0]), Dst: engine.ParseCopyArg(args[1]),
				Archive: archive, FollowLink: follow, Stdin: os.Stdin, Stdout: os.Stdout,
			})
		},
	}
	cmd.Flags().BoolVarP(&archive, "archive", "a", false, "archive mode: keep uid and gid")
	cmd.Flags().BoolVarP(&follow, "follow-link", "L", false, "follow a symlink SRC_PATH")
	return cmd
}
