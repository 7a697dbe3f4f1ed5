package main

import (
	specs "github.com/opencontainers/runtime-spec/specs-go"
)

func pauseCmd() *command {
	return &command{
		name: "pause", usage: "<container-id>", minArgs: 1, maxArgs: 1,
		short: "freeze every process of a running container (cgroup freezer)",
		run: func(g *globals, args []string) error {
			rt, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			if err := needStatus(c, specs.StateRunning, errNotRunning); err != nil {
				return err
			}
			return rt.Freeze(args[0])
		},
	}
}
