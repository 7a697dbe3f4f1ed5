package main

import (
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/trace"

	"github.com/tent-dev/tent/internal/engine"
)

func newExecCmd() *cobra.Command {
	var o engine.ExecOptions
	var traceFormat string
	cmd := &cobra.Command{
		Use:   "exec [OPTIONS] CONTAINER COMMAND [ARG...]",
		Short: "Run a command in a running container",
		Args:  cobra.MinimumNArgs(2),
		RunE: func(_ *cobra.Command, args []string) error {
			e, err := openContainers()
			if err != nil {
				return exitcode.New(exitcode.Engine, err)
			}
			o.Cmd = args[1:]
			switch traceFormat {
			case "":
			case "text", "json":
				o.Tracer = trace.New(nil)
			default:
				return exitcode.New(exitcode.Engine, fmt.Errorf("--trace=%s: want --trace or --trace=json", traceFormat))
			}
			code, err := e.Exec(args[0], o, engine.Stdio{In: os.Stdin, Out: os.Stdout, Err: os.Stderr})
			printTrace(traceFormat, "tent exec --trace", o.Tracer)
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
	stringArrayVarP(fs, &o.Env, "env", "e", "set an environment variable")
	fs.StringVarP(&o.Workdir, "workdir", "w", "", "working directory inside the container")
	fs.StringVar(&traceFormat, "trace", "", "print every step as a waterfall on stderr (--trace=json: JSON lines)")
	fs.Lookup("trace").NoOptDefVal = "text"
	fs.StringVarP(&o.User, "user", "u", "", "user: uid[:gid] or name[:group]")
	return cmd
}
