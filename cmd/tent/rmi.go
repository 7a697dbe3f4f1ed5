package main

import (
	"errors"
	"fmt"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/internal/container"
)

func init() { register("rmi", newRmiCmd) }

func newRmiCmd() *cobra.Command {
	var force bool
	cmd := &cobra.Command{
		Use:   "rmi [-f] IMAGE...",
		Short: "Remove images (untag; layers go with the last image using them)",
		Args:  cobra.MinimumNArgs(1),
		RunE:  func(_ *cobra.Command, args []string) error { return removeImages(args, force) },
	}
	cmd.Flags().BoolVarP(&force, "force", "f", false, "remove even if containers use it or it has several names")
	return cmd
}

func removeImages(refs []string, force bool) error {
	s, err := image.Open(filepath.Join(g.root, "image"), image.WithInUse(imageInUse()))
	if err != nil {
		return err
	}
	var errs []error
	for _, ref := range refs {
		out, err := s.Remove(ref, force)
		for _, n := range out.Untagged {
			fmt.Printf("Untagged: %s\n", n)
		}
		for _, d := range out.Deleted {
			fmt.Printf("Deleted: %s\n", d)
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// imageInUse answers from the container records: an image a container was
// made from is in use until the container is removed.
func imageInUse() func(string) bool {
	cs, err := container.Open(filepath.Join(g.root, "containers"))
	if err != nil {
		return nil
	}
	return func(id string) bool {
		recs, err := cs.List()
		if err != nil {
			return true // when in doubt, keep the image
		}
		for _, r := range recs {
			if r.ImageID == id {
				return true
			}
		}
		return false
	}
}
