package main

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/rootfs/compression"
)

func newCommitCmd() *cobra.Command {
	o := engine.CommitOptions{Gzip: compression.GzipWriter}
	cmd := &cobra.Command{
		Use:   "commit [-m MESSAGE] [-a AUTHOR] [-c INSTRUCTION]... [--pause=false] CONTAINER [REPOSITORY[:TAG]]",
		Short: "Create an image from a container's changes",
		Args:  cobra.RangeArgs(1, 2),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 2 {
				o.Ref = args[1]
			}
			e, err := openEngine()
			if err != nil {
				return err
			}
			img, err := e.Commit(cmd.Context(), args[0], o)
			if err != nil {
				return err
			}
			fmt.Println(img.ID)
			return nil
		},
	}
	cmd.Flags().StringVarP(&o.Message, "message", "m", "", "commit message (the history entry's comment)")
	cmd.Flags().StringVarP(&o.Author, "author", "a", "", `author (e.g. "Ann <ann@example.com>")`)
	cmd.Flags().StringArrayVarP(&o.Changes, "change", "c", nil, "apply a Dockerfile instruction to the image's config (CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, ONBUILD, STOPSIGNAL, USER, VOLUME, WORKDIR)")
	cmd.Flags().BoolVarP(&o.Pause, "pause", "p", true, "pause a running container while committing")
	return cmd
}
