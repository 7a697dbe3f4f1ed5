package main

import (
	"github.com/spf13/pflag"
	"golang.org/x/sys/unix"

	"github.com/tent-dev/tent/runtime"
)

func killCmd() *command {
	var all bool
	return &command{
		name: "kill", usage: "[--all] <container-id> [signal]", minArgs: 1, maxArgs: 2,
		short: "send a signal (default SIGTERM) to a container's init, or to all its processes",
		flags: func(f *pflag.FlagSet) { f.BoolVarP(&all, "all", "a", false, "signal every process of the container") },
		run: func(g *globals, args []string) error {
			sig := unix.SIGTERM
			if len(args) == 2 {
				var err error
				if sig, err = runtime.ParseSignal(args[1]); err != nil {
					return err
				}
			}
			_, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			return c.Signal(sig, all)
		},
	}
}
