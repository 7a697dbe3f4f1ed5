// Every tent command is short-lived and mostly waits on the kernel: the Go
// runtime keeps the CPU count for GOMAXPROCS and starts no updater to poll
// the cgroup's CPU limit (as tent-monitor).
//go:debug containermaxprocs=0
//go:debug updatemaxprocs=0

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/sirupsen/logrus"
	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"

	"github.com/tent-dev/tent/internal/debuglog"
	// Before the other packages' inits: a run -d's monitor starts now.
	_ "github.com/tent-dev/tent/internal/earlymon/auto"
	"github.com/tent-dev/tent/internal/engine"
	"github.com/tent-dev/tent/internal/gostack"
	"github.com/tent-dev/tent/internal/layout"
	"github.com/tent-dev/tent/internal/logconf"
	"github.com/tent-dev/tent/internal/reaper"
	"github.com/tent-dev/tent/runtime"
)

// globals are the flags every subcommand shares.
type globals struct {
	root  string        // persistent data: images, containers, network
	state string        // runtime state on tmpfs: runtime, netns
	logs  logconf.Flags // --debug, --log-level
	log   *logrus.Logger
}

var g globals

// layout is the store under --root and --state.
func (g *globals) layout() layout.Layout { return layout.New(g.root, g.state) }

func main() {
	if len(os.Args) > 1 && os.Args[1] == runtime.InitArg {
		// The container's init: never returns on success.
		err := runtime.Init()
		fmt.Fprintf(os.Stderr, "tent: container init: %v\n", err)
		os.Exit(127)
	}
	if len(os.Args) > 1 && os.Args[1] == engine.MonitorArg {
		os.Exit(engine.MonitorMain(os.Args[2:], os.Stderr, monitorLoggers)) // tent run -d: the container's monitor
	}
	if len(os.Args) > 1 && os.Args[1] == engine.ReaperArg {
		os.Exit(reaper.Main(os.Args[2:], os.Stderr)) // tent run --init: PID 1 of the container
	}
	// A command goes deep (cobra, the engine, the runtime): its stack grows
	// once here, in one short copy, instead of deep down (gostack). Not
	// above: a monitor or reaper stays resident and needs no more stack.
	gostack.Grow()
	os.Exit(run())
}

func run() int {
	start := time.Now()
	root := &cobra.Command{
		Use:           "tent",
		Short:         "tent runs containers: namespaces, cgroups and overlayfs, from scratch",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(*cobra.Command, []string) error {
			g.log = logrus.StandardLogger()
			return g.logs.Configure(g.log, os.Stderr, start)
		},
	}
	root.PersistentFlags().StringVar(&g.root, "root", envOr("TENT_ROOT", "/var/lib/tent"), "data dir (images, containers)")
	root.PersistentFlags().StringVar(&g.state, "state", envOr("TENT_STATE", "/run/tent"), "runtime state dir (tmpfs)")
	g.logs.RegisterBeforeCommand(root.PersistentFlags(), root.Flags())
	root.TraverseChildren = true // root's own -l before the command (logconf)
	addCommands(root, os.Args[1:])
	if err := root.Execute(); err != nil {
		fmt.Fprintf(os.Stderr, "tent: %v\n", err)
		if code, ok := exitcode.From(err); ok {
			return code
		}
		return 1 // run/exec/start return 125 themselves (Docker's engine-failure code)
	}
	return 0
}

// engineOptions hand each library its debug logger when --log-level is
// debug; none otherwise, so that nothing logs or formats.
func engineOptions() []engine.Option {
	if g.log == nil || !g.log.IsLevelEnabled(logrus.DebugLevel) {
		return nil
	}
	return []engine.Option{engine.WithLoggers(func(pkg string) debuglog.Logger { return logconf.Debug(g.log, pkg) })}
}

// monitorLoggers configures logrus at debug level for a monitor started
// with --debug: its stderr is the container's monitor log.
func monitorLoggers() engine.Loggers {
	g.log = logrus.StandardLogger()
	_ = logconf.Configure(g.log, os.Stderr, "debug", true, time.Now()) // "debug" parses
	return func(pkg string) debuglog.Logger { return logconf.Debug(g.log, pkg) }
}

func envOr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}
