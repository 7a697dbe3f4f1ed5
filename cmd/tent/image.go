package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/logconf"
)

// newImageCmd is "tent image": inspect, ls and rm.
func newImageCmd() *cobra.Command {
	cmd := &cobra.Command{Use: "image", Short: "Manage images"}
	inspect := &cobra.Command{
		Use:   "inspect IMAGE...",
		Short: "Show images as JSON",
		Args:  cobra.MinimumNArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return inspectImages(args) },
	}
	ls := newImagesCmd()
	ls.Use, ls.Aliases = "ls [-q] [--format json|TEMPLATE]", []string{"list"}
	rm := newRmiCmd()
	rm.Use, rm.Aliases = "rm [-f] IMAGE...", []string{"remove"}
	pull, push, history := newPullCmd(), newPushCmd(), newHistoryCmd()
	tag := newTagCmd()
	save := newSaveCmd()
	load := newLoadCmd()
	cmd.AddCommand(inspect, ls, rm, pull, push, history, tag, save, load, newImagePruneCmd())
	return cmd
}

func inspectImages(refs []string) error {
	s, err := openImages()
	if err != nil {
		return err
	}
	var imgs []*image.Image
	var firstErr error
	for _, ref := range refs {
		img, err := s.Resolve(ref)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		imgs = append(imgs, img)
	}
	b, err := json.MarshalIndent(imgs, "", "    ")
	if err != nil {
		return err
	}
	fmt.Println(string(b))
	return firstErr
}

// openImages opens the image store under the global --root.
func openImages() (*image.Store, error) {
	limits, err := image.LayerLimitsFromEnv(os.Getenv)
	if err != nil {
		return nil, err
	}
	return image.Open(g.layout().ImageDir(), limits, image.WithLogger(logconf.Debug(g.log, "image")))
}
