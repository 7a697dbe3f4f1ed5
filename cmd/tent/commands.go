package main

import (
	"github.com/spf13/cobra"

	"github.com/tent-dev/tent/internal/earlymon"
)

// command is one top-level subcommand: its name and how to build it.
type command struct {
	name string
	make func() *cobra.Command
}

// addCommands adds to root the one subcommand args name, or every one when
// args name none we know (help, completion, an alias, a typo, no args), so a
// start builds one command and its flags instead of all of them.
func addCommands(root *cobra.Command, args []string) {
	if name := commandName(args); name != "" {
		for _, c := range commands {
			if c.name == name {
				root.AddCommand(c.make())
				// cobra's completion command (four more commands and
				// their flags) cannot be what args name.
				root.CompletionOptions.DisableDefaultCmd = true
				return
			}
		}
	}
	for _, c := range commands {
		root.AddCommand(c.make())
	}
}

// commandName is tent's command in args (earlymon.Command), or "" when
// an unknown flag comes first (-h, --help, --, a typo), so that cobra sees
// every command then.
func commandName(args []string) string {
	if i := earlymon.Command(args); i >= 0 {
		return args[i]
	}
	return ""
}
