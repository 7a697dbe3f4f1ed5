package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/tent-dev/tent/image/archive"
)

func newSaveCmd() *cobra.Command {
	var output, format string
	cmd := &cobra.Command{
		Use:   "save [-o FILE] [--format docker|oci] IMAGE...",
		Short: "Write images to a docker-archive (default) or OCI-layout tarball",
		Args:  cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			return saveImages(cmd, args, output, archive.Format(format))
		},
	}
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file instead of stdout")
	cmd.Flags().StringVar(&format, "format", "docker", "docker (docker-archive) or oci (OCI layout)")
	return cmd
}

func saveImages(cmd *cobra.Command, refs []string, output string, format archive.Format) error {
	s, err := openStore()
	if err != nil {
		return err
	}
	if output == "" {
		if term.IsTerminal(int(os.Stdout.Fd())) {
			return errors.New("refusing to write a tarball to a terminal: use -o FILE or redirect")
		}
		if err := archive.Save(cmd.Context(), s, os.Stdout, refs, format); err != nil {
			return err
		}
		saveEvents(refs)
		return nil
	}
	tmp := output + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	if err := archive.Save(cmd.Context(), s, f, refs, format); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: %w", output, err)
	}
	if err := os.Rename(tmp, output); err != nil {
		return err
	}
	saveEvents(refs)
	return nil
}

func saveEvents(refs []string) {
	for _, r := range refs {
		imageEvent("save", r, r)
	}
}
