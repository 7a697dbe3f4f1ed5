package main

import (
	"github.com/spf13/cobra"
)

func newTagCmd() *cobra.Command {
	return &cobra.Command{
		Use:   "tag SOURCE TARGET",
		Short: "Give an image another name",
		Args:  cobra.ExactArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			s, err := openImages()
			if err != nil {
				return err
			}
			if err := s.Tag(args[0], args[1]); err != nil {
				return err
			}
			if img, err := s.Resolve(args[1]); err == nil {
				imageEvent("tag", img.ID, args[1])
			}
			return nil
		},
	}
}
