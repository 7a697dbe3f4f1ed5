package main

import (
	"errors"
	"fmt"
	"os"

	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/runtime"
)

func createCmd() *command {
	var o createFlags
	return &command{
		name: "create", usage: "[flags] <container-id>", minArgs: 1, maxArgs: 1,
		short: "create a container from a bundle; its process waits for start",
		flags: func(f *pflag.FlagSet) { o.register(f) },
		run: func(g *globals, args []string) error {
			_, err := create(g, args[0], &o, true, stdio(), nil, nil)
			return err
		},
	}
}

// create is create's and run's: the bundle's spec, checked, to the runtime.
// console, when set, takes the pty master of a foreground run; a, when set,
// is what run started before the spec was read (its init, signals).
func create(g *globals, id string, o *createFlags, detach bool, io runtime.Stdio, console func(*os.File) error, a *ahead) (runtime.Container, error) {
	spec, bundle, err := o.spec(g, detach)
	if err != nil {
		return nil, err
	}
	rt, err := g.runtime()
	if err != nil {
		return nil, err
	}
	// run (a is set) creates and starts in one: the init does not wait on
	// an exec fifo for a Start that follows at once (CreateOpts.StartNow).
	opts := runtime.CreateOpts{Bundle: bundle, Spec: spec, Stdio: io, ConsoleSocket: o.consoleSocket, PidFile: o.pidFile,
		Spawned: a.ready(), StartNow: a != nil}
	if spec.Process.Terminal && o.consoleSocket == "" {
		opts.Console = console
	}
	c, err := rt.Create(id, opts)
	if errors.Is(err, runtime.ErrExist) {
		return nil, fmt.Errorf("container with id exists: %s", id)
	}
	return c, err
}
