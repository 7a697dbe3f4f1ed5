package main

func restoreCmd() *command {
	return &command{
		name: "restore", usage: "<container-id>", minArgs: 0, maxArgs: -1,
		short: "not supported: tent has no checkpoint/restore (CRIU)",
		run:   func(*globals, []string) error { return errNoCRIU },
	}
}
