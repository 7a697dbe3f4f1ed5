package logconf

import (
	"slices"
	"testing"

	"github.com/spf13/pflag"
)

func TestFlags(t *testing.T) {
	for _, tt := range []struct {
		args []string
		want Flags
		pass []string // Args
	}{
		{nil, Flags{Level: DefaultLevel}, nil},
		{[]string{"-D"}, Flags{Debug: true, Level: DefaultLevel}, []string{"--debug"}},
		{[]string{"--log-level", "warn"}, Flags{Level: "warn"}, []string{"--log-level", "warn"}},
		{[]string{"-l", "error", "--debug"}, Flags{Debug: true, Level: "error"}, []string{"--debug", "--log-level", "error"}},
	} {
		var f Flags
		fs := pflag.NewFlagSet("tent", pflag.ContinueOnError)
		f.Register(fs)
		if err := fs.Parse(tt.args); err != nil {
			t.Fatalf("%q: %v", tt.args, err)
		}
		if f != tt.want {
			t.Errorf("%q: %+v, want %+v", tt.args, f, tt.want)
		}
		if got := f.Args(); !slices.Equal(got, tt.pass) {
			t.Errorf("%q: Args %q, want %q", tt.args, got, tt.pass)
		}
	}
}
