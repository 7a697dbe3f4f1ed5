package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tent-dev/tent/image"
	"github.com/tent-dev/tent/image/archive"
	"github.com/tent-dev/tent/image/progress"
)

func newLoadCmd() *cobra.Command {
	var input string
	var quiet bool
	cmd := &cobra.Command{
		Use:   "load [-i FILE] [-q]",
		Short: "Load images from a docker-archive or OCI-layout tarball (stdin by default)",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var r io.Reader = os.Stdin
			if input == "" && term.IsTerminal(int(os.Stdin.Fd())) {
				return errors.New("requested load from stdin, but stdin is a terminal: use -i FILE or redirect")
			}
			if input != "" {
				f, err := os.Open(input)
				if err != nil {
					return err
				}
				defer f.Close()
				r = f
			}
			s, err := openStore()
			if err != nil {
				return err
			}
			var rep progress.Reporter = progress.NewPlain(io.Discard)
			if !quiet {
				rep = progress.New(os.Stderr)
			}
			imgs, err := archive.Load(cmd.Context(), s, r, archive.WithProgress(rep))
			rep.Wait()
			for _, img := range imgs {
				printLoaded(img)
				imageEvent("load", img.ID, strings.Join(img.Names, ","))
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
