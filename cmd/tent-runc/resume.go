package main

import (
	"errors"

	"github.com/tent-dev/tent/runtime"
)

func resumeCmd() *command {
	return &command{
		name: "resume", usage: "<container-id>", minArgs: 1, maxArgs: 1,
		short: "thaw a paused container",
		run: func(g *globals, args []string) error {
			rt, c, err := loadContainer(g, args[0])
			if err != nil {
				return err
			}
			if err := needStatus(c, runtime.StatePaused, errors.New("container not paused")); err != nil {
				return err
			}
			return rt.Thaw(args[0])
		},
	}
}
