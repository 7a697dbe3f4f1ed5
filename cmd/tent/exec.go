package main

import (
	"os"

	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"

	"github.com/tent-dev/tent/internal/engine"
)

func init() { register("exec", newExecCmd) }

func newExecCmd() *cobra.Command {
	var o engine.ExecOptions
	cmd := &cobra.Command{
		Use:   "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
		Short: "Run a command in a running container",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openEngine()
			if err != nil {
				return exitcode.New(exitcode.Engine, err)
			}
			o.Cmd = args[1:]
			code, err := e.Exec(args[0], o, engine.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
			if err != nil {
				return err
			}
			if code != 0 {
				os.Exit(code) // the command's own code (the terminal is restored)
			}
			return nil
		},
	}
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return exitcode.New(exitcode.Engine, err) })
	fs := cmd.Flags()
	fs.SetInterspersed(false)
	fs.BoolVarP(&o.Interactive, "interactive", "i", false, "keep stdin open")
	fs.BoolVarP(&o.TTY, "tty", "t", false, "allocate a pseudo-terminal")
	fs.BoolVarP(&o.Detach, "detach", "d", false, "run the command in the background")
	fs.StringArrayVarP(&o.Env, "env", "e", nil, "set an environment variable")
	fs.StringVarP(&o.Workdir, "workdir", "w", "", "working directory inside the container")
	fs.StringVarP(&o.User, "user", "u", "", "user: uid[:gid] or name[:group]")
	return cmd
}
