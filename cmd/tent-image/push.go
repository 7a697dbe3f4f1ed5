package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image/progress"
	"github.com/tent-dev/tent/image/registry"
	"github.com/tent-dev/tent/internal/events"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/logconf"
)

func newPushCmd() *cobra.Command {
	var quiet bool
	cmd := &cobra.Command{
		Use:   "push [-q] NAME[:TAG]",
		Short: "Push an image to a registry",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPush(cmd.Context(), args[0], quiet)
		},
	}
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print nothing but errors")
	return cmd
}

// runPush pushes ref from the store, printing what docker push prints.
func runPush(ctx context.Context, ref string, quiet bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	s, err := openStore()
	if err != nil {
		return err
	}
	var rep progress.Reporter = progress.NewPlain(io.Discard)
	if !quiet {
		rep = progress.NewActive(os.Stdout, "Pushing")
		if r, err := registry.ParseReference(ref); err == nil {
			fmt.Printf("The push refers to repository [%s]\n", r.Context().Name())
		}
	}
	p, err := registry.Push(ctx, s, ref, registry.WithProgress(rep),
		registry.WithLogger(logconf.Debug(g.log, "registry")))
	rep.Wait()
	if err != nil {
		return err
	}
	if !quiet {
		fmt.Printf("%s: digest: %s size: %d\n", p.Tag, p.Digest, p.Size)
	}
	// As docker: an image event; one that cannot be written fails nothing.
	_ = events.Append(layout.New(g.root, g.state).EventsDir(), events.Image("push", p.ImageID, p.Repo+":"+p.Tag))
	return nil
}
