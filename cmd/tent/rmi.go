package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"
)

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
	e, err := openEngine()
	if err != nil {
		return err
	}
	var errs []error
	for _, ref := range refs {
		out, err := e.RemoveImage(ref, force)
		for _, n := range out.Untagged {
			fmt.Printf("Untagged: %s\n", n)
			e.ImageEvent("untag", n, n)
		}
		for i, d := range out.Deleted {
			fmt.Printf("Deleted: %s\n", d)
			if i == 0 && strings.HasPrefix(d, "sha256:") { // the image, then its layers
				e.ImageEvent("delete", d, "")
			}
		}
		if err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}
