package main

import (
	"strings"
	"testing"

	"github.com/spf13/cobra"
)

func TestCommandName(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{nil, ""},
		{[]string{"run", "-it", "alpine"}, "run"},
		{[]string{"--debug", "run"}, "run"},
		{[]string{"--debug=false", "ps", "-a"}, "ps"},
		{[]string{"-D", "run"}, "run"},
		{[]string{"--log-level", "debug", "run"}, "run"},
		{[]string{"--log-level=warn", "ps"}, "ps"},
		{[]string{"-l", "error", "images"}, "images"},
		{[]string{"-ldebug", "run"}, "run"},
		{[]string{"--root", "/r", "--state", "/s", "run", "x"}, "run"},
		{[]string{"--root=/r", "--state=/s", "images"}, "images"},
		{[]string{"--root", "run", "ps"}, "ps"},
		{[]string{"--root"}, ""},
		{[]string{"--help", "run"}, ""},
		{[]string{"-h"}, ""},
		{[]string{"--", "run"}, ""},
		{[]string{"--bogus", "run"}, ""},
		{[]string{"help", "run"}, "help"},
	}
	for _, tt := range tests {
		if got := commandName(tt.args); got != tt.want {
			t.Errorf("commandName(%q) = %q, want %q", tt.args, got, tt.want)
		}
	}
}

func TestRegisteredNames(t *testing.T) {
	seen := map[string]bool{}
	for _, c := range commands {
		if got := c.make().Name(); got != c.name {
			t.Errorf("registered as %q, builds %q", c.name, got)
		}
		if seen[c.name] {
			t.Errorf("%q registered twice", c.name)
		}
		seen[c.name] = true
	}
}

func TestAddCommands(t *testing.T) {
	tests := []struct {
		args []string
		want string // names of the subcommands added, in order
	}{
		{[]string{"run", "alpine"}, "run"},
		{[]string{"--debug", "image", "ls"}, "image"},
		{[]string{"ls"}, "all"}, // ps's alias
		{[]string{"help", "run"}, "all"},
		{[]string{"--help"}, "all"},
		{[]string{"rn"}, "all"},
		{nil, "all"},
	}
	var all []string
	for _, c := range commands {
		all = append(all, c.name)
	}
	for _, tt := range tests {
		root := &cobra.Command{Use: "tent"}
		addCommands(root, tt.args)
		var got []string
		for _, c := range root.Commands() {
			got = append(got, c.Name())
		}
		want := tt.want
		if want == "all" {
			want = strings.Join(all, " ")
		}
		if strings.Join(got, " ") != want {
			t.Errorf("addCommands(%q) added %q, want %q", tt.args, got, want)
		}
		// completion is offered with every command, not beside the one named
		if off := root.CompletionOptions.DisableDefaultCmd; off != (tt.want != "all") {
			t.Errorf("addCommands(%q): completion command disabled = %v", tt.args, off)
		}
	}
}
