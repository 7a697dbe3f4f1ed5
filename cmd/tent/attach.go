package main

import (
	"os"

	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/engine"
)

func newAttachCmd() *cobra.Command {
	var noStdin, sigProxy bool
	var keys string
	cmd := &cobra.Command{
		Use:   "attach [OPTIONS] CONTAINER",
		Short: "Attach the terminal to a running container's input and output (detach: ctrl-p ctrl-q)",
		Args:  cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return err
			}
			o := engine.AttachOptions{NoStdin: noStdin, SigProxy: sigProxy, DetachKeys: keys}
			code, err := e.Attach(cmd.Context(), args[0], o, os.Stdin, os.Stdout, os.Stderr)
			if err != nil {
				return err
			}
			if code != 0 {
				os.Exit(code) // the container's own code (the terminal is restored)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.BoolVar(&noStdin, "no-stdin", false, "do not attach stdin")
	f.BoolVar(&sigProxy, "sig-proxy", true, "proxy received signals to the container (without a tty)")
	f.StringVar(&keys, "detach-keys", "", "key sequence to detach (default ctrl-p,ctrl-q)")
	return cmd
}
