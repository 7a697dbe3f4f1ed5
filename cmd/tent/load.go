package main

import (
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/progress"
)

func init() { register(newLoadCmd) }

func newLoadCmd() *cobra.Command {
	var input string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "load [-i FILE] [-q]",
		Short: "Load images from a docker-archive or OCI-layout tarball (stdin by default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = os.Stdin
			if input != "" {
				f, err := os.Open(input)
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			s, err := openImages()
			if err != nil {
				return err
			}
			var rep progress.Reporter = progress.NewPlain(nopWriter{})
			if !quiet {
				rep = progress.New(os.Stderr)
			}
			imgs, err := s.Load(cmd.Context(), r, image.WithProgress(rep))
			rep.Wait()
			for _, img := range imgs {
				printLoaded(img)
			}
			return err
		},
	}
	cmd.Flags().StringVarP(&input, "input", "i", "", "read from this tar file instead of stdin")
	cmd.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress")
	return cmd
}

func printLoaded(img *image.Image) {
	if len(img.Names) == 0 {
		fmt.Printf("Loaded image ID: %s\n", img.ID)
		return
	}
	for _, n := range img.Names {
		fmt.Printf("Loaded image: %s\n", image.Familiar(n))
	}
}
