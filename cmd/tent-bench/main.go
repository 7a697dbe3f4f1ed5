package main

import (
	"fmt"
	"os"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/logconf"
)

// globals are the flags tent passes on.
type globals struct {
	root  string // tent's data dir: kernels are cached in <root>/bench/kernels
	state string
	logs  logconf.Flags
}

var g globals

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	start := time.Now()
	root := &cobra.Command{
		Use:           "tent-bench",
		Short:         "tent's benchmarks (tent bench runs it)",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			return g.logs.Configure(logrus.StandardLogger(), os.Stderr, start)
		},
	}
	root.PersistentFlags().StringVar(&g.root, "root", envOr("TENT_ROOT", "/var/lib/tent"), "tent's data dir")
	root.PersistentFlags().StringVar(&g.state, "state", envOr("TENT_STATE", "/run/tent"), "tent's runtime state dir")
	g.logs.Register(root.PersistentFlags())
	root.AddCommand(newVMCmd())
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "tent: %v\n", err)
		if code, ok := exitcode.From(err); ok {
			return code
		}
		return 125
	}
	return 0
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
