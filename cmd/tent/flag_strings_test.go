package main

import (
	"bytes"
	"slices"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

// TestStringArray holds stringArray to pflag's StringArray: the values,
// the type and the help line.
func TestStringArray(t *testing.T) {
	for _, args := range [][]string{
		nil,
		{"-e", "A=1"},
		{"-e", "A=1", "--env", "B=2,3", "-eC=\"4\""},
		{"--env="},
	} {
		ours, theirs := pflag.NewFlagSet("ours", pflag.ContinueOnError), pflag.NewFlagSet("theirs", pflag.ContinueOnError)
		var got, want []string
		stringArrayVarP(ours, &got, "env", "e", "set an environment variable")
		theirs.StringArrayVarP(&want, "env", "e", nil, "set an environment variable")
		if err := ours.Parse(args); err != nil {
			t.Fatal(err)
		}
		if err := theirs.Parse(args); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(got, want) {
			t.Errorf("%q: got %q, pflag %q", args, got, want)
		}
		if a, b := ours.Lookup("env").Value.Type(), theirs.Lookup("env").Value.Type(); a != b {
			t.Errorf("type %q, pflag %q", a, b)
		}
		if a, b := usage(ours), usage(theirs); a != b {
			t.Errorf("help %q, pflag %q", a, b)
		}
	}
}

func usage(fs *pflag.FlagSet) string {
	var b bytes.Buffer
	fs.SetOutput(&b)
	fs.PrintDefaults()
	return strings.TrimSpace(b.String())
}
