package main

import (
	"context"
	"fmt"
	"io"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/progress"
	"github.com/tent-dev/tent/image/registry"
	"github.com/tent-dev/tent/internal/events"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/logconf"
	"github.com/tent-dev/tent/rootfs/compression"
)

func newPullCmd() *cobra.Command {
	var platform string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "pull [--platform OS/ARCH] [-q] IMAGE",
		Short: "Pull an image from a registry",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPull(cmd.Context(), args[0], platform, quiet)
		},
	}
	cmd.Flags().StringVar(&platform, "platform", "", "platform to pick from a multi-arch image (default: the host's)")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "print only the image name")
	return cmd
}

// runPull pulls ref into the image store, printing what docker pull prints.
func runPull(ctx context.Context, ref, platform string, quiet bool) error {
	if ctx == nil {
		ctx = context.Background()
	}
	s, err := openStore()
	if err != nil {
		return err
	}
	full, err := image.Normalize(ref)
	if err != nil {
		return err
	}
	opts, err := platformOpts(platform)
	if err != nil {
		return err
	}
	var rep progress.Reporter = progress.NewPlain(io.Discard)
	if !quiet {
		rep = progress.New(os.Stdout)
		if r, err := registry.ParseReference(ref); err == nil {
			fmt.Printf("%s: Pulling from %s\n", r.Identifier(), r.Context().RepositoryStr())
		}
	}
	before, _ := s.Resolve(full)
	img, err := registry.Pull(ctx, s, ref, append(opts, registry.WithProgress(rep),
		registry.WithLogger(logconf.Debug(g.log, "registry")))...)
	rep.Wait()
	if err != nil {
		return err
	}
	printPulled(img, full, before != nil && before.ID == img.ID, quiet)
	// Docker's pull event, in the state root's journal (tent events).
	imageEvent("pull", image.Familiar(full), full)
	return nil
}

// imageEvent appends Docker's image event to the state root's journal (tent
// events), as tent does for the image commands it runs itself.
func imageEvent(action, id, name string) {
	_ = events.Append(layout.New(g.root, g.state).EventsDir(), events.Image(action, id, name))
}

// openStore opens the image store under --root with the layer limits of
// the environment.
func openStore() (*image.Store, error) {
	limits, err := image.LayerLimitsFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return image.Open(layout.New(g.root, g.state).ImageDir(), limits,
		image.WithLogger(logconf.Debug(g.log, "image")), image.WithDecompressor(compression.Decompress))
}

func printPulled(img *image.Image, full string, upToDate, quiet bool) {
	if quiet {
		fmt.Println(full)
		return
	}
	if len(img.RepoDigests) > 0 {
		fmt.Printf("Digest: %s\n", lastDigest(img.RepoDigests))
	}
	status := "Downloaded newer image for"
	if upToDate {
		status = "Image is up to date for"
	}
	fmt.Printf("Status: %s %s\n%s\n", status, image.Familiar(full), full)
}

func platformOpts(platform string) ([]registry.Option, error) {
	if platform == "" {
		return nil, nil
	}
	p, err := v1.ParsePlatform(platform)
	if err != nil {
		return nil, fmt.Errorf("invalid --platform %q: %w", platform, err)
	}
	return []registry.Option{registry.WithPlatform(*p)}, nil
}

// lastDigest is the digest of the last name@digest.
func lastDigest(repoDigests []string) string {
	d := repoDigests[len(repoDigests)-1]
	for i := len(d) - 1; i >= 0; i-- {
		if d[i] == '@' {
			return d[i+1:]
		}
	}
	return d
}
