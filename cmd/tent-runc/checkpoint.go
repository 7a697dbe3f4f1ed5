package main

import "errors"

// errNoCRIU: --criu is accepted, but tent has no checkpoint/restore.
var errNoCRIU = errors.New("checkpoint and restore are not supported by tent-runc")

func checkpointCmd() *command {
	return &command{
		name: "checkpoint", usage: "<container-id>", minArgs: 0, maxArgs: -1,
		short: "not supported: tent has no checkpoint/restore (CRIU)",
		run:   func(*globals, []string) error { return errNoCRIU },
	}
}
