package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/cobra"
	"github.com/tent-dev/tent/internal/exitcode"

	"github.com/tent-dev/tent/internal/engine"
)

// newMonitorCmd is the hidden `tent monitor`, the same as argv[1]
// "__tent_monitor" (main dispatches that one before cobra, to stay lean).
func newMonitorCmd() *cobra.Command {
	return &cobra.Command{
		Use:    "monitor ID",
		Short:  "Watch a detached container (internal)",
		Hidden: true,
		Args:   cobra.ExactArgs(1),
		RunE: func(_ *cobra.Command, args []string) error {
			exe, err := os.Executable()
			if err != nil {
				return err
			}
			if code := engine.MonitorMain([]string{"--tent", exe, "--root", g.root, "--state", g.state, args[0]}, os.Stderr, monitorLoggers); code != 0 {
				return exitcode.New(code, errors.New("monitor failed"))
			}
			return nil
		},
	}
}

// openEngine opens the engine at the global --root/--state.
func openEngine() (*engine.Engine, error) { return openWith(engine.New) }

// openContainers opens the container store and runtime only (exec): see
// engine.OpenContainers.
func openContainers() (*engine.Engine, error) { return openWith(engine.OpenContainers) }

func openWith(open func(root, state string, opts ...engine.Option) (*engine.Engine, error)) (*engine.Engine, error) {
	e, err := open(g.root, g.state, engineOptions()...)
	if err != nil {
		return nil, fmt.Errorf("open tent: %w", err)
	}
	return e, nil
}

// eachRef runs fn on every ref, printing errors as Docker does and going
// on; it fails (exit 1) when any did.
func eachRef(refs []string, fn func(ref string) error) error {
	failed := 0
	for _, ref := range refs {
		if err := fn(ref); err != nil {
			fmt.Fprintf(os.Stderr, "Error response from tent: %v\n", err)
			failed++
		}
	}
	if failed > 0 {
		return exitcode.New(1, fmt.Errorf("%d of %d containers failed", failed, len(refs)))
	}
	return nil
}
