package main

import (
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/spf13/pflag"
)

// command is one subcommand: its flags and what it runs with the
// positional arguments left after them.
type command struct {
	name    string
	aliases []string
	usage   string // after the name: "[flags] <container-id>"
	short   string
	// args is how many positional arguments it takes: min, and max (-1: any).
	minArgs, maxArgs int
	// stopAtArg stops flag parsing at the first positional argument
	// (exec's and run's command line belong to the container).
	stopAtArg bool
	flags     func(f *pflag.FlagSet)
	run       func(g *globals, args []string) error
}

// usageError is a bad command line: runc prints the usage and exits 1.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// find returns the command named name (or an alias of it).
func find(cmds []*command, name string) *command {
	for _, c := range cmds {
		if c.name == name {
			return c
		}
		for _, a := range c.aliases {
			if a == name {
				return c
			}
		}
	}
	return nil
}

// parse parses c's flags from args and checks the count of what is left.
func (c *command) parse(args []string) ([]string, error) {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.SetInterspersed(!c.stopAtArg)
	if c.flags != nil {
		c.flags(fs)
	}
	fs.BoolP("help", "h", false, "show help")
	if err := fs.Parse(args); err != nil {
		return nil, &usageError{fmt.Sprintf("%s: %v", c.name, err)}
	}
	if h, _ := fs.GetBool("help"); h {
		return nil, errHelp
	}
	rest := fs.Args()
	if len(rest) < c.minArgs || (c.maxArgs >= 0 && len(rest) > c.maxArgs) {
		return nil, &usageError{fmt.Sprintf("%s: %s", c.name, argCountMsg(c.minArgs, c.maxArgs, len(rest)))}
	}
	return rest, nil
}

// argCountMsg words a wrong argument count as runc does.
func argCountMsg(minArgs, maxArgs, got int) string {
	switch {
	case minArgs == maxArgs:
		return fmt.Sprintf("%q requires exactly %d argument(s)", "command", minArgs)
	case got < minArgs:
		return fmt.Sprintf("%q requires a minimum of %d argument(s)", "command", minArgs)
	default:
		return fmt.Sprintf("%q requires a maximum of %d argument(s)", "command", maxArgs)
	}
}

var errHelp = errors.New("help requested")

// helpText is c's usage with its flags.
func (c *command) helpText() string {
	fs := pflag.NewFlagSet(c.name, pflag.ContinueOnError)
	if c.flags != nil {
		c.flags(fs)
	}
	return fmt.Sprintf("%s\n\nUsage: tent-runc %s %s\n\nFlags:\n%s", c.short, c.name, c.usage, fs.FlagUsages())
}

// mainHelp lists the commands.
func mainHelp(cmds []*command, global *pflag.FlagSet) string {
	var b strings.Builder
	b.WriteString("tent-runc: tent's container runtime with runc's command line\n\nUsage: tent-runc [global flags] <command> [flags] [args]\n\nCommands:\n")
	sorted := append([]*command(nil), cmds...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i].name < sorted[j].name })
	for _, c := range sorted {
		fmt.Fprintf(&b, "  %-10s %s\n", c.name, c.short)
	}
	b.WriteString("\nGlobal flags:\n")
	b.WriteString(global.FlagUsages())
	return b.String()
}
