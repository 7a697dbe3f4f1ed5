package main

import (
	"slices"
	"testing"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/earlymon"
)

// TestEarlyFlagLists checks earlymon's lists of flags against the real
// commands: a value flag missing there would make it read a flag's value
// as the image (and miss or invent a -d).
func TestEarlyFlagLists(t *testing.T) {
	root := &cobra.Command{Use: "tent"}
	var g globals
	root.PersistentFlags().StringVar(&g.root, "root", "", "")
	root.PersistentFlags().StringVar(&g.state, "state", "", "")
	g.logs.RegisterBeforeCommand(root.PersistentFlags(), root.Flags())
	globalBool, globalValue := flagNames(root.PersistentFlags(), root.Flags())
	// -l's long name is internal (logconf): only -l is typed.
	globalValue = slices.DeleteFunc(globalValue, func(s string) bool { return s == "--log-level-short" })
	if !slices.Equal(globalBool, sorted(earlymon.GlobalFlags)) || !slices.Equal(globalValue, sorted(earlymon.GlobalValueFlags)) {
		t.Errorf("earlymon.GlobalFlags, GlobalValueFlags = %q, %q; the root has %q, %q",
			earlymon.GlobalFlags, earlymon.GlobalValueFlags, globalBool, globalValue)
	}
	runFlags := newRunCmd().Flags()
	_, runValue := flagNames(runFlags)
	// Aliases that run's normalize func maps to a value flag (--net).
	for _, name := range earlymon.RunValueFlags {
		if len(name) < 3 || name[1] != '-' {
			continue // a shorthand has no alias
		}
		alias := string(runFlags.GetNormalizeFunc()(runFlags, name[2:]))
		if alias != name[2:] && slices.Contains(runValue, "--"+alias) {
			runValue = append(runValue, name)
		}
	}
	slices.Sort(runValue)
	if !slices.Equal(runValue, sorted(earlymon.RunValueFlags)) {
		t.Errorf("earlymon.RunValueFlags = %q; run has %q", earlymon.RunValueFlags, runValue)
	}
}

// flagNames are the flags' names (--long and -s) without and with a value.
func flagNames(sets ...*pflag.FlagSet) (noValue, value []string) {
	for _, fs := range sets {
		fs.VisitAll(func(f *pflag.Flag) {
			names := []string{"--" + f.Name}
			if f.Shorthand != "" {
				names = append(names, "-"+f.Shorthand)
			}
			if f.Value.Type() == "bool" || f.NoOptDefVal != "" {
				noValue = append(noValue, names...)
			} else {
				value = append(value, names...)
			}
		})
	}
	return sorted(noValue), sorted(value)
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	slices.Sort(s)
	return slices.Compact(s)
}
