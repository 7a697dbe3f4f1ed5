package main

import (
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"
	"github.com/tent-dev/tent/internal/logconf"
)

// globals are the flags tent passes on.
type globals struct {
	root  string        // persistent data: the image store is <root>/image
	state string        // runtime state: the event journal (pull's event)
	logs  logconf.Flags // --debug, --log-level
	log   *logrus.Logger
}

var g globals

func main() { os.Exit(run(os.Args[1:])) }

func run(args []string) int {
	start := time.Now()
	root := &cobra.Command{
		Use:           commandName(),
		Short:         "tent's registry client (tent pull runs it)",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			g.log = logrus.StandardLogger()
			return g.logs.Configure(g.log, os.Stderr, start)
		},
	}
	root.PersistentFlags().StringVar(&g.root, "root", envOr("TENT_ROOT", "/var/lib/tent"), "data dir (images, containers)")
	root.PersistentFlags().StringVar(&g.state, "state", envOr("TENT_STATE", "/run/tent"), "runtime state dir (tmpfs)")
	g.logs.Register(root.PersistentFlags())
	root.AddCommand(newPullCmd(), newPushCmd(), newLoadCmd(), newSaveCmd(), newCommitCmd(), newLoginCmd(), newLogoutCmd(), newBuildCmd(), newBuilderCmd())
	root.SetArgs(args)
	if err := root.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "tent: %v\n", err)
		if code, ok := exitcode.From(err); ok {
			return code
		}
		return 1
	}
	return 0
}

// commandName is "tent" when tent exec'd this helper for one of its
// commands (argv[0] "tent"), so that usage and help read as tent's.
func commandName() string {
	if filepath.Base(os.Args[0]) == "tent" {
		return "tent"
	}
	return "tent-image"
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
