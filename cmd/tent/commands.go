package main

import (
	"strings"

	"github.com/spf13/cobra"
)

// command is one top-level subcommand: its name and how to build it.
type command struct {
	name string
	make func() *cobra.Command
}

// commands are added by each subcommand's file, in its init.
var commands []command

// register adds a top-level subcommand; name must be its cobra Name().
func register(name string, f func() *cobra.Command) {
	commands = append(commands, command{name, f})
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

// commandName is the first argument that is not a root flag or a root
// flag's value, or "" when a flag we do not know of comes first (-h,
// --help, --, a typo), so that cobra sees every command then.
func commandName(args []string) string {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "--root" || a == "--state" || a == "--log-level" || a == "-l":
			i++ // its value
		case a == "--debug" || strings.HasPrefix(a, "--debug=") || a == "-D",
			strings.HasPrefix(a, "--root="), strings.HasPrefix(a, "--state="),
			strings.HasPrefix(a, "--log-level="), strings.HasPrefix(a, "-l") && len(a) > 2:
		case strings.HasPrefix(a, "-"):
			return ""
		default:
			return a
		}
	}
	return ""
}
